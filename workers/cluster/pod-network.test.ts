/**
 * The cluster's pod network (kubeadm's networking.podSubnet, kube-controller-manager's
 * --cluster-cidr): kind's 10.244.0.0/16 has a /24 for 256 nodes; a bigger first boot gets a bigger
 * network, every node a podCIDR inside it; a resumed cluster keeps the network it booted with.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { DexiePersistence } from '../store/dexie-persistence';
import { defaultLayout } from './cluster-layout';
import { CLUSTER_CIDR, LARGE_CLUSTER_CIDR, podSubnetFor } from './control-plane';
import { podSubnetOfKubeProxyConfig } from './kubeadm-addons';
import { getJson, listItems, testSimulation } from './sim-testkit';
import type { Simulation } from './simulation';

type NodeLite = KubeObject & { spec: { podCIDR?: string }; status?: { conditions?: { type: string; status: string }[] } };

/** Whether `cidr` (a /24) lies inside the /n network `net`. */
function inside(cidr: string, net: string): boolean {
  const num = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const [netIp, bits] = net.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = num(netIp);
  const ip = num(cidr.split('/')[0]);
  return ip >= start && ip < start + size;
}

async function configuredSubnets(sim: Simulation): Promise<{ kubeProxy?: string; controllerManager?: string }> {
  const cm = await getJson(sim, '/api/v1/namespaces/kube-system/configmaps/kube-proxy');
  const kcm = await getJson<KubeObject & { spec: { containers: { command: string[] }[] } }>(sim, '/api/v1/namespaces/kube-system/pods/kube-controller-manager-control-plane');
  const flag = kcm.spec.containers[0].command.find((a) => a.startsWith('--cluster-cidr='));
  return { kubeProxy: podSubnetOfKubeProxyConfig(cm), controllerManager: flag?.slice('--cluster-cidr='.length) };
}

describe('pod network', () => {
  it('kind’s 10.244.0.0/16 up to 256 machines, 10.128.0.0/9 beyond', () => {
    expect(podSubnetFor(3)).toBe(CLUSTER_CIDR);
    expect(podSubnetFor(256)).toBe('10.244.0.0/16');
    expect(podSubnetFor(257)).toBe(LARGE_CLUSTER_CIDR);
    expect(LARGE_CLUSTER_CIDR).toBe('10.128.0.0/9');
  });

  it('300 machines: every node gets a /24 of the bigger network and turns Ready; kube-proxy and kube-controller-manager are told the same network', async () => {
    const sim = await testSimulation({ seed: 5, layout: defaultLayout(299) });
    await sim.advance(5_000);
    const nodes = await listItems<NodeLite>(sim, '/api/v1/nodes');
    expect(nodes).toHaveLength(300);
    const cidrs = nodes.map((n) => n.spec.podCIDR);
    expect(cidrs.every((c) => c !== undefined && inside(c, LARGE_CLUSTER_CIDR))).toBe(true);
    expect(new Set(cidrs).size).toBe(300);
    expect(sim.readyNodeCount()).toBe(300);
    expect(await configuredSubnets(sim)).toEqual({ kubeProxy: LARGE_CLUSTER_CIDR, controllerManager: LARGE_CLUSTER_CIDR });
    await sim.close();
  }, 120_000);

  it('the default cluster keeps kind’s network; a resumed cluster the network it booted with', async () => {
    const sim = await testSimulation({ seed: 6 });
    await sim.advance(2_000);
    expect(await configuredSubnets(sim)).toEqual({ kubeProxy: CLUSTER_CIDR, controllerManager: CLUSTER_CIDR });
    await sim.close();

    const db = 'pod-network-resume';
    const chosen = await testSimulation({ seed: 7, persistence: new DexiePersistence(db), podSubnet: '10.200.0.0/16' });
    await chosen.advance(2_000);
    const before = (await listItems<NodeLite>(chosen, '/api/v1/nodes')).map((n) => n.spec.podCIDR);
    expect(before.every((c) => c !== undefined && inside(c, '10.200.0.0/16'))).toBe(true);
    const resumeAtMs = chosen.now();
    await chosen.close();
    const resumed = await testSimulation({ seed: 7, persistence: new DexiePersistence(db), resumeAtMs });
    expect(resumed.podSubnet).toBe('10.200.0.0/16');
    await resumed.addNodes([{ name: 'worker-3' }]);
    await resumed.advance(2_000);
    const added = await getJson<NodeLite>(resumed, '/api/v1/nodes/worker-3');
    expect(inside(added.spec.podCIDR!, '10.200.0.0/16')).toBe(true);
    await resumed.close();
  }, 120_000);
});
