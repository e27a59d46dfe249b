import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { machinesOfNodes } from './resumed-machines';

function node(name: string, ip: string, labels: Record<string, string>, capacity: Record<string, string>, providerID = `kind://docker/kind/${name}`): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64', ...labels } },
    spec: { providerID },
    status: { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }], capacity },
  } as KubeObject;
}

describe('machinesOfNodes', () => {
  it('reads each registered machine back in address order, with its roles, capacity and own labels', () => {
    const cap = { cpu: '4', memory: '8148668Ki', 'ephemeral-storage': '102626232Ki', pods: '110', 'hugepages-1Gi': '0' };
    const nodes = [
      node('worker-9', '172.18.1.3', { disk: 'ssd' }, { ...cap, cpu: '16', pods: '250' }),
      node('control-plane', '172.18.0.2', { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' }, cap),
      node('by-hand', '172.18.0.9', {}, cap, ''),
      node('elsewhere', '10.0.0.4', {}, cap),
    ];
    expect(machinesOfNodes(nodes)).toEqual([
      { index: 0, layout: { name: 'control-plane', roles: ['control-plane'], cpu: '4', memory: '8148668Ki', ephemeralStorage: '102626232Ki', maxPods: 110 } },
      { index: 257, layout: { name: 'worker-9', cpu: '16', memory: '8148668Ki', ephemeralStorage: '102626232Ki', maxPods: 250, labels: { disk: 'ssd' } } },
    ]);
  });
});
