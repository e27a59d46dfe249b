import { describe, expect, it } from 'vitest';
import { addressTypesFor, desiredGroups, endpointFor, portsFor } from './desired-slices';
import type { Pod, Service } from './endpoint-pods';

function svc(spec: Service['spec']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'svc' }, spec: { selector: { app: 'web' }, ...spec } };
}

function pod(o: { ready?: boolean; deleting?: boolean; phase?: string; ip?: string; ips?: string[]; node?: string } = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'uid-p', ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: {
      nodeName: o.node ?? 'n1',
      containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080 }] }],
      initContainers: [{ name: 'proxy', restartPolicy: 'Always', ports: [{ name: 'admin', containerPort: 15000 }] }],
    },
    status: {
      phase: o.phase ?? 'Running', podIP: o.ip ?? '10.0.0.1', ...(o.ips ? { podIPs: o.ips.map((ip) => ({ ip })) } : {}),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

const cond = (s: Service, p: Pod) => endpointFor(s, p, undefined, 'IPv4').conditions;

describe('endpoint conditions (upstream podToEndpoint)', () => {
  it.each([
    ['ready', svc({}), pod(), { ready: true, serving: true, terminating: false }],
    ['not ready', svc({}), pod({ ready: false }), { ready: false, serving: false, terminating: false }],
    ['terminating but still serving', svc({}), pod({ deleting: true }), { ready: false, serving: true, terminating: true }],
    ['publishNotReadyAddresses: ready whatever happens', svc({ publishNotReadyAddresses: true }), pod({ ready: false, deleting: true }), { ready: true, serving: false, terminating: true }],
  ])('%s', (_n, s, p, want) => {
    expect(cond(s, p)).toEqual(want);
  });
});

describe('ports and addresses', () => {
  it('a named targetPort resolves in containers and in sidecar init containers; a missing one is left out', () => {
    const s = svc({ ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'admin', port: 15000, targetPort: 'admin' }, { name: 'x', port: 1, targetPort: 'nope' }] });
    expect(portsFor(s, pod())).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'admin', port: 15000, protocol: 'TCP' }]);
  });

  it('headless without ports gets an empty port list; dual-stack pods split by family', () => {
    expect(portsFor(svc({ clusterIP: 'None', ports: [] }), pod())).toEqual([]);
    const p = pod({ ips: ['10.0.0.1', 'fd00::1'] });
    expect(endpointFor(svc({}), p, undefined, 'IPv6').addresses).toEqual(['fd00::1']);
    expect(addressTypesFor(svc({ ipFamilies: ['IPv4', 'IPv6'] }))).toEqual(['IPv4', 'IPv6']);
    expect(addressTypesFor(svc({ clusterIP: 'None' }))).toEqual(['IPv4', 'IPv6']);
  });

  it('terminal pods and pods without an IP are not endpoints', () => {
    const groups = (p: Pod) => [...desiredGroups(svc({ ports: [{ port: 80 }] }), [p], 'IPv4', { zoneOf: () => ({}) }).groups.values()].map((g) => g.endpoints.size);
    expect(groups(pod({ phase: 'Succeeded' }))).toEqual([]);
    expect(groups(pod({ ip: '' }))).toEqual([]);
    expect(groups(pod())).toEqual([1]);
  });
});
