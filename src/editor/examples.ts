/** Example manifests the editor offers to insert: each shows one thing a class wants to see happen. */

export interface ExampleManifest {
  id: string;
  title: string;
  /** What applying it shows, in one line. */
  summary: string;
  yaml: string;
}

export const examples: readonly ExampleManifest[] = [
  {
    id: 'deployment',
    title: 'Deployment',
    summary: 'Three nginx replicas: a ReplicaSet, pods scheduled, images pulled, Running.',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
`,
  },
  {
    id: 'service',
    title: 'Service',
    summary: 'A ClusterIP Service selecting app=web: endpoints follow the ready pods.',
    yaml: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 80
`,
  },
  {
    id: 'daemonset',
    title: 'DaemonSet',
    summary: 'One log-agent pod per node, the control-plane node included (toleration).',
    yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-agent
spec:
  selector:
    matchLabels:
      app: log-agent
  template:
    metadata:
      labels:
        app: log-agent
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers:
      - name: agent
        image: busybox:1.36
        command: ["sh", "-c", "while true; do sleep 3600; done"]
        resources:
          requests:
            cpu: 10m
            memory: 16Mi
`,
  },
  {
    id: 'probes',
    title: 'Pod with probes',
    summary: 'Readiness and liveness probes over HTTP: Ready only once the readiness probe passes.',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: probed
  labels:
    app: probed
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
    readinessProbe:
      httpGet:
        path: /
        port: 80
      initialDelaySeconds: 5
      periodSeconds: 5
    livenessProbe:
      httpGet:
        path: /index.html
        port: 80
      initialDelaySeconds: 10
      periodSeconds: 10
      failureThreshold: 3
`,
  },
  {
    id: 'unschedulable',
    title: 'Pod that does not fit',
    summary: 'Requests 64 CPUs: stays Pending with FailedScheduling (Insufficient cpu).',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: too-big
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: "64"
        memory: 1Gi
`,
  },
  {
    id: 'crashloop',
    title: 'Crash-looping pod',
    summary: 'The program exits 1 after a second: restarts with back-off, CrashLoopBackOff.',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo starting; sleep 1; exit 1"]
`,
  },
  {
    id: 'bad-image',
    title: 'Bad image',
    summary: 'A misspelt image (ngnix): ErrImagePull, then ImagePullBackOff.',
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: typo
spec:
  containers:
  - name: web
    image: ngnix:1.27
`,
  },
];

/** Joins `addition` to the editor's text as a new YAML document (or replaces an empty text). */
export function appendDocument(text: string, addition: string): string {
  if (!text.trim()) return addition;
  const base = text.endsWith('\n') ? text : `${text}\n`;
  return `${base}---\n${addition}`;
}
