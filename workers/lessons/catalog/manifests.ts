/** Manifests the lessons share, written as a person would type them. */

/** A Deployment of nginx with a readiness probe. */
export function webDeployment(opts: { name?: string; replicas?: number; image?: string; strategy?: string } = {}): string {
  const name = opts.name ?? 'web';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${opts.replicas ?? 3}
  selector:
    matchLabels:
      app: ${name}${opts.strategy ? `\n  strategy:\n${opts.strategy}` : ''}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: nginx
        image: ${opts.image ?? 'nginx:1.27'}
        ports:
        - containerPort: 80
        readinessProbe:
          httpGet:
            path: /
            port: 80
          periodSeconds: 2
`;
}

/** A ClusterIP (or NodePort) Service in front of app=<name>. */
export function webService(opts: { name?: string; app?: string; nodePort?: number } = {}): string {
  const name = opts.name ?? 'web';
  const np = opts.nodePort !== undefined;
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:${np ? '\n  type: NodePort' : ''}
  selector:
    app: ${opts.app ?? 'web'}
  ports:
  - port: 80
    targetPort: 80${np ? `\n    nodePort: ${opts.nodePort}` : ''}
`;
}
