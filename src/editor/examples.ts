/**
 * Example manifests the editor offers to insert: each shows one thing a class wants to see happen.
 * Titles and summaries are UI text (translated, by key); the YAML is Kubernetes text and stays as is.
 */
import type { MessageKey } from '../i18n/i18n';

export interface ExampleManifest {
  id: string;
  title: MessageKey;
  /** What applying it shows, in one line. */
  summary: MessageKey;
  yaml: string;
}

export const examples: readonly ExampleManifest[] = [
  {
    id: 'deployment',
    title: 'examples.deployment.title',
    summary: 'examples.deployment.summary',
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
    title: 'examples.service.title',
    summary: 'examples.service.summary',
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
    title: 'examples.daemonset.title',
    summary: 'examples.daemonset.summary',
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
    title: 'examples.probes.title',
    summary: 'examples.probes.summary',
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
    title: 'examples.unschedulable.title',
    summary: 'examples.unschedulable.summary',
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
    title: 'examples.crashloop.title',
    summary: 'examples.crashloop.summary',
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
    title: 'examples.bad-image.title',
    summary: 'examples.bad-image.summary',
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
