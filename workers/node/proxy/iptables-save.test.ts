import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { EndpointsMap } from './endpoints-map';
import { buildIptablesRules } from './iptables-proxier';
import { parseRule } from './iptables-rules';
import { renderIptablesSave, saveRule, saveString } from './iptables-save';
import { ep, makeService, makeSlice } from './proxy-testkit';
import { ServiceMap } from './service-ports';

const CFG = { clusterCIDR: '10.244.0.0/16', masqueradeAll: false, localhostNodePorts: true };

function save(services: Service[], slices: EndpointSlice[]): string {
  const sm = new ServiceMap();
  const em = new EndpointsMap('worker-1');
  for (const s of services) sm.update(s);
  for (const s of slices) em.update(s);
  return renderIptablesSave(buildIptablesRules(sm.list(), (svc) => em.endpointsFor(svc), CFG));
}

const natOf = (text: string) => text.slice(text.indexOf('*nat'));
const http = [{ name: 'http', port: 80, protocol: 'TCP' as const }];

describe('iptables-save rendering', () => {
  it('ClusterIP service with 3 endpoints (golden nat table)', () => {
    const text = save(
      [makeService('default', 'web', { clusterIP: '10.96.0.20', ports: http })],
      [makeSlice('default', 'web', 'web-1', [ep('10.244.1.5'), ep('10.244.1.6'), ep('10.244.2.7')], [['http', 8080]])],
    );
    expect(natOf(text)).toBe(`*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-2RIJ5GIYXEFH6G4D - [0:0]
:KUBE-SEP-AFGSLHOD2HFNCBX4 - [0:0]
:KUBE-SEP-F7BHZ7WL3PFYMSRY - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-2RIJ5GIYXEFH6G4D -s 10.244.2.7/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-2RIJ5GIYXEFH6G4D -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.2.7:8080
-A KUBE-SEP-AFGSLHOD2HFNCBX4 -s 10.244.1.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-AFGSLHOD2HFNCBX4 -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SEP-F7BHZ7WL3PFYMSRY -s 10.244.1.6/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-F7BHZ7WL3PFYMSRY -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.6:8080
-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-CDGGSHYLG3RE2FKL ! -s 10.244.0.0/16 -d 10.96.0.20/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-AFGSLHOD2HFNCBX4
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.6:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-F7BHZ7WL3PFYMSRY
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.7:8080" -j KUBE-SEP-2RIJ5GIYXEFH6G4D
COMMIT
`);
  });

  it('NodePort service: localhost and node-address captures into the EXT chain', () => {
    const text = save(
      [makeService('default', 'web', { type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ ...http[0], nodePort: 30080 }] })],
      [makeSlice('default', 'web', 'web-1', [ep('10.244.1.5')], [['http', 8080]])],
    );
    const lines = text.split('\n').filter((l) => /^-A KUBE-(NODEPORTS|EXT)/.test(l));
    expect(lines).toEqual([
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVC-CDGGSHYLG3RE2FKL',
      '-A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-CDGGSHYLG3RE2FKL',
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL',
    ]);
  });

  it('service without endpoints: REJECT in the filter table, nothing in nat', () => {
    const text = save([makeService('default', 'web', { type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ ...http[0], nodePort: 30080 }] })], []);
    expect(text).toContain('-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\n');
    expect(text).toContain('-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable\n');
    expect(natOf(text)).not.toContain('default/web');
  });

  it('session affinity: recent rcheck and set with the module defaults', () => {
    const text = save(
      [makeService('default', 'web', { clusterIP: '10.96.0.20', sessionAffinity: 'ClientIP', ports: http })],
      [makeSlice('default', 'web', 'web-1', [ep('10.244.1.5'), ep('10.244.2.7')], [['http', 8080]])],
    );
    expect(text).toContain('-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.5:8080" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-AFGSLHOD2HFNCBX4 --mask 255.255.255.255 --rsource -j KUBE-SEP-AFGSLHOD2HFNCBX4\n');
    expect(text).toContain('-A KUBE-SEP-AFGSLHOD2HFNCBX4 -p tcp -m comment --comment "default/web:http" -m recent --set --name KUBE-SEP-AFGSLHOD2HFNCBX4 --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.5:8080\n');
    expect(text).toContain('--probability 0.50000000000 -j KUBE-SEP-AFGSLHOD2HFNCBX4\n');
  });

  it.each([
    ['kubernetes', 'kubernetes'],
    ['default/web:http', '"default/web:http"'],
    ['say "hi"', '"say \\"hi\\""'],
  ])('saveString(%s)', (input, want) => {
    expect(saveString(input)).toBe(want);
  });

  it('puts header fields first whatever order the proxier wrote them in', () => {
    const r = parseRule('nat', { chain: 'X', args: ['-m', 'comment', '--comment', 'c d', '-m', 'udp', '-p', 'udp', '-d', '10.0.0.1', '--dport', '53', '!', '-s', '10.244.0.0/16', '-j', 'KUBE-MARK-MASQ'] });
    expect(saveRule(r)).toBe('-A X ! -s 10.244.0.0/16 -d 10.0.0.1/32 -p udp -m comment --comment "c d" -m udp --dport 53 -j KUBE-MARK-MASQ');
  });
});
