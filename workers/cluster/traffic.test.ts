/**
 * Simulated traffic on a live cluster: requests to a Service by DNS name, ClusterIP and NodePort
 * spread over its ready pods by the entry node's kube-proxy rules, counted per pod, and each one
 * written to the answering nginx's access log, whichever node (and node shard) it runs on.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { apply, getJson, isReady, listItems, runUntil, testSimulation } from './sim-testkit';

const MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27", readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 80, nodePort: 30080}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: shell, image: "busybox:1.36", command: [sleep, "3600"]}]
`;

describe('simulated traffic', () => {
  it('spreads requests over the ready pods, counts them and logs them where they land', async () => {
    const sim = await testSimulation({ seed: 51, shardCount: 2 });
    await apply(sim, MANIFESTS);
    const webPods = () => listItems(sim, '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb');
    await runUntil(sim, 'web ready', async () => (await webPods()).filter(isReady).length === 3, 30_000);
    await runUntil(sim, 'client running', async () => isReady(await getJson(sim, '/api/v1/namespaces/default/pods/client')), 30_000);
    // Names resolve through kube-dns: wait for CoreDNS to be ready, as a fresh kubeadm cluster makes you.
    await runUntil(sim, 'coredns ready', async () => (await listItems(sim, '/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dkube-dns')).filter(isReady).length === 2, 60_000);
    await sim.advance(3_000); // kube-proxy's next sync
    const results = [];
    for (let i = 0; i < 30; i++) results.push(await sim.sendTraffic({ pod: { namespace: 'default', name: 'client' } }, 'web:80'));
    expect(results.every((r) => r.outcome === 'connected')).toBe(true);
    expect(results[0].message).toMatch(/^Connected to web \(10\.\d+\.\d+\.\d+\) port 80: answered by default\/web-[a-z0-9]+-[a-z0-9]{5} \(10\.244\.\d+\.\d+:80\)$/);
    const counts = sim.trafficByPod();
    expect(Object.keys(counts)).toHaveLength(3);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(30);
    expect(Math.min(...Object.values(counts))).toBeGreaterThan(2);

    await sim.advance(1_000); // the access-log note travels to the answering node
    const client = await getJson<KubeObject & { status: { podIP: string } }>(sim, '/api/v1/namespaces/default/pods/client');
    for (const [key, n] of Object.entries(counts)) {
      const name = key.split('/')[1];
      const res = await sim.request({ method: 'GET', path: `/api/v1/namespaces/default/pods/${name}/log` });
      const text = (res as { body: string }).body;
      const lines = text.split('\n').filter((l) => l.startsWith(`${client.status.podIP} - - [`));
      expect(lines, text).toHaveLength(n);
      expect(lines[0]).toMatch(/"GET \/ HTTP\/1\.1" 200 615 "-" "curl\/8\.5\.0" "-"$/);
    }

    const viaNodePort = await sim.sendTraffic({ external: { ip: '192.168.1.50' } }, '172.18.0.3:30080');
    expect(viaNodePort.outcome).toBe('connected');
    // From one machine, or a pod on it, to another machine's NodePort: that machine's rules answer, and
    // the endpoint sees the client's own address unless the packet was masqueraded on the way.
    const nodeToNode = await sim.sendTraffic({ node: 'worker-2' }, '172.18.0.3:30080');
    expect(nodeToNode.outcome).toBe('connected');
    expect(nodeToNode.path[0]).toMatchObject({ node: 'worker-1', chain: 'PREROUTING' });
    const podToNode = await sim.sendTraffic({ pod: { namespace: 'default', name: 'client' } }, '172.18.0.4:30080');
    expect(podToNode.outcome).toBe('connected');
    expect(podToNode.path[0]).toMatchObject({ node: 'worker-2' });
    const refused = await sim.sendTraffic({ pod: { namespace: 'default', name: 'client' } }, 'web:81');
    expect(refused.outcome).not.toBe('connected');
    const unknown = await sim.sendTraffic({ pod: { namespace: 'default', name: 'client' } }, 'nope:80');
    expect(unknown).toMatchObject({ outcome: 'unresolved', message: 'Could not resolve host: nope' });
    await sim.close();
  }, 90_000);
});
