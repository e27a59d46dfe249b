import { describe, expect, it } from 'vitest';
import { EndpointsMap } from './endpoints-map';
import { buildVirtualServers, renderIpvsadm } from './ipvs';
import { ep, makeService, makeSlice } from './proxy-testkit';
import { ServiceMap } from './service-ports';

describe('ipvsadm -Ln', () => {
  it('lists ClusterIP, NodePort-per-node-address and persistent virtual servers with their real servers', () => {
    const sm = new ServiceMap();
    const em = new EndpointsMap('worker-1');
    sm.update(makeService('default', 'kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }));
    sm.update(makeService('kube-system', 'kube-dns', { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] }));
    sm.update(makeService('default', 'web', { type: 'NodePort', clusterIP: '10.96.0.20', sessionAffinity: 'ClientIP', ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }] }));
    em.update(makeSlice('default', 'kubernetes', 'kubernetes', [ep('172.18.0.2')], [['https', 6443]]));
    em.update({
      ...makeSlice('kube-system', 'kube-dns', 'kube-dns-1', [ep('10.244.0.2'), ep('10.244.0.3')], [['dns-tcp', 53]]),
      ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }],
    });
    const text = renderIpvsadm(buildVirtualServers(sm.list(), (s) => em.endpointsFor(s), ['172.18.0.3', '10.0.2.15']));
    const pad = (s: string) => s.padEnd(28);
    expect(text).toBe(
      [
        'IP Virtual Server version 1.2.1 (size=4096)',
        'Prot LocalAddress:Port Scheduler Flags',
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
        'TCP  10.0.2.15:30080 rr persistent 10800',
        'TCP  10.96.0.1:443 rr',
        `  -> ${pad('172.18.0.2:6443')} Masq    1      0          0         `,
        'TCP  10.96.0.10:53 rr',
        `  -> ${pad('10.244.0.2:53')} Masq    1      0          0         `,
        `  -> ${pad('10.244.0.3:53')} Masq    1      0          0         `,
        'TCP  10.96.0.20:80 rr persistent 10800',
        'TCP  172.18.0.3:30080 rr persistent 10800',
        'UDP  10.96.0.10:53 rr',
        `  -> ${pad('10.244.0.2:53')} Masq    1      0          0         `,
        `  -> ${pad('10.244.0.3:53')} Masq    1      0          0         `,
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['externalTrafficPolicy Local, no local endpoint: the node port falls back to cluster endpoints', { type: 'NodePort', externalTrafficPolicy: 'Local' }, 'worker-3', 30080, ['10.244.1.5', '10.244.2.7']],
    ['externalTrafficPolicy Local with a local endpoint: only that one', { type: 'NodePort', externalTrafficPolicy: 'Local' }, 'worker-1', 30080, ['10.244.1.5']],
    ['internalTrafficPolicy Local, no local endpoint: no real servers', { internalTrafficPolicy: 'Local' }, 'worker-3', 80, []],
    ['internalTrafficPolicy Local with a local endpoint: only that one', { internalTrafficPolicy: 'Local' }, 'worker-2', 80, ['10.244.2.7']],
  ] as const)('%s', (_name, spec, node, port, want) => {
    const sm = new ServiceMap();
    const em = new EndpointsMap(node);
    const nodePort = 'type' in spec ? { nodePort: 30080 } : {};
    sm.update(makeService('default', 'web', { clusterIP: '10.96.0.20', ...spec, ports: [{ name: 'http', port: 80, protocol: 'TCP', ...nodePort }] }));
    em.update(makeSlice('default', 'web', 'web-1', [ep('10.244.1.5', { node: 'worker-1' }), ep('10.244.2.7', { node: 'worker-2' })], [['http', 8080]]));
    const vs = buildVirtualServers(sm.list(), (s) => em.endpointsFor(s), ['172.18.0.9']).find((v) => v.port === port)!;
    expect(vs.realServers.map((r) => r.ip)).toEqual(want);
  });
});
