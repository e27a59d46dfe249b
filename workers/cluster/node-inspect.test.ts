/** Reading a node's state for the UI: kube-proxy's rules, the kubelet's pod workers and the runtime's images, through the shard. */
import { describe, expect, it } from 'vitest';
import type { KubeletInternals } from '../node/kubelet/kubelet';
import { apply, testSimulation } from './sim-testkit';

describe('node inspection', () => {
  it("shows a node's iptables rules for a Service and the images it pulled", async () => {
    const sim = await testSimulation({ seed: 41, shardCount: 2 });
    await apply(sim, `
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers: [{name: nginx, image: "nginx:1.27"}]
`);
    await sim.advance(20_000);
    const rules = (await sim.gateway.inspect('worker-1', { type: 'iptables-save' })) as string;
    expect(rules).toMatch(/^\*nat$/m);
    expect(rules).toMatch(/^-A KUBE-SERVICES -d 10\.96\.0\.1\/32 .*default\/kubernetes:https/m);
    expect(rules).toMatch(/-A KUBE-SERVICES -d 10\.\d+\.\d+\.\d+\/32 .*default\/web:http.* -j KUBE-SVC-[A-Z0-9]{16}$/m);
    expect(rules).toMatch(/^COMMIT$/m);
    const ipvs = (await sim.gateway.inspect('worker-2', { type: 'ipvsadm' })) as string;
    expect(ipvs).toContain('IP Virtual Server version');
    const nodesWithNginx = [];
    for (const node of ['worker-1', 'worker-2']) {
      const images = (await sim.gateway.inspect(node, { type: 'images' })) as { names: string[] }[];
      if (images.some((i) => i.names.some((n) => n.includes('nginx:1.27')))) nodesWithNginx.push(node);
    }
    expect(nodesWithNginx).toHaveLength(1);
    const kubelet = (await sim.gateway.inspect(nodesWithNginx[0], { type: 'kubelet' })) as KubeletInternals;
    const web = kubelet.podWorkers.find((w) => w.pod === 'default/web');
    expect(web).toMatchObject({ state: 'syncing', containers: [{ name: 'nginx', attempt: 0, state: 'running', image: 'docker.io/library/nginx:1.27' }] });
    expect(web?.sandboxIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(kubelet.podWorkers.some((w) => w.pod.startsWith('kube-system/kube-proxy-'))).toBe(true);
    expect(kubelet.cachedPods).toBe(kubelet.podWorkers.length);
    expect(kubelet.images.some((i) => i.name === 'docker.io/library/nginx:1.27' && i.sizeBytes > 0)).toBe(true);
    await expect(sim.gateway.inspect('nope', { type: 'images' })).rejects.toThrow('no node nope');
    await sim.close();
  }, 60_000);
});
