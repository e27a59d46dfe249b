import { describe, expect, it } from 'vitest';
import { base32, computeProbability, kernelProbability, servicePortEndpointChainName, servicePortPolicyClusterChain, sha256 } from './chain-names';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

describe('chain names', () => {
  it('sha256 and base32 match the standard vectors', () => {
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(base32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI======');
  });

  // Hashes from upstream's proxier tests (TestOverallIPTablesRules).
  it.each([
    ['ns1/svc1:p80', 'KUBE-SVC-XPGD46QRK7WJZT7O'],
    ['ns2/svc2:p80', 'KUBE-SVC-GNZBNJ2PO5MGZ6GT'],
    ['ns3/svc3:p80', 'KUBE-SVC-X27LE4BHSL4DOUIK'],
  ])('%s -> %s', (name, chain) => {
    expect(servicePortPolicyClusterChain(name, 'tcp')).toBe(chain);
  });

  it.each([
    ['ns1/svc1:p80', '10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
    ['ns4/svc4:p80', '10.180.0.5:80', 'KUBE-SEP-C6EBXVWJJZMIWKLZ'],
  ])('endpoint %s %s -> %s', (name, endpoint, chain) => {
    expect(servicePortEndpointChainName(name, 'tcp', endpoint)).toBe(chain);
  });

  it.each([
    [2, '0.5000000000', '0.50000000000'],
    [3, '0.3333333333', '0.33333333349'],
    [4, '0.2500000000', '0.25000000000'],
    [7, '0.1428571429', '0.14285714272'],
  ])('probability for %i endpoints: written %s, saved %s', (n, written, saved) => {
    expect(computeProbability(n)).toBe(written);
    expect(kernelProbability(written).saved).toBe(saved);
  });
});

describe('chain names seen on real clusters', () => {
  it.each([
    ['default/kubernetes:https', 'tcp', 'KUBE-SVC-NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'KUBE-SVC-TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'KUBE-SVC-ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'KUBE-SVC-JD5MR3NA4I4DYORP'],
  ])('%s/%s is %s', (name, proto, chain) => {
    expect(servicePortPolicyClusterChain(name, proto)).toBe(chain);
  });
});
