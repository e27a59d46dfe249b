/**
 * kube-proxy's chain names and probabilities, byte for byte as upstream forms them: a chain is
 * `KUBE-SVC-` (or SEP, SVL, EXT, FW) plus the first 16 characters of base32(sha256(name)), so names
 * stay under iptables' 28-character limit and are stable across restarts.
 */

import { sha256 } from '../../api/sha256';

export { sha256 };

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 with padding (Go's base32.StdEncoding). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

/** The 16-character hash upstream puts after a chain prefix. */
export function portProtoHash(...parts: string[]): string {
  return base32(sha256(new TextEncoder().encode(parts.join('')))).slice(0, 16);
}

/** `KUBE-SVC-<hash>`: the Cluster-policy chain of a service port (`ns/name:port` + lowercase protocol). */
export function servicePortPolicyClusterChain(servicePortName: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(servicePortName, protocol)}`;
}

/** `KUBE-SVL-<hash>`: the Local-policy chain of a service port. */
export function servicePortPolicyLocalChainName(servicePortName: string, protocol: string): string {
  return `KUBE-SVL-${portProtoHash(servicePortName, protocol)}`;
}

/** `KUBE-EXT-<hash>`: where NodePort, external IP and load-balancer traffic enters. */
export function serviceExternalChainName(servicePortName: string, protocol: string): string {
  return `KUBE-EXT-${portProtoHash(servicePortName, protocol)}`;
}

/** `KUBE-FW-<hash>`: the loadBalancerSourceRanges firewall of a service port. */
export function serviceFirewallChainName(servicePortName: string, protocol: string): string {
  return `KUBE-FW-${portProtoHash(servicePortName, protocol)}`;
}

/** `KUBE-SEP-<hash>`: one endpoint (`ip:port`) of a service port. */
export function servicePortEndpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${portProtoHash(servicePortName, protocol, endpoint)}`;
}

/** The probability string the proxier writes for the n-th-from-last endpoint: `%0.10f` of 1/n. */
export function computeProbability(n: number): string {
  return (1 / n).toFixed(10);
}

/**
 * The probability as the kernel keeps it (xt_statistic stores round(p * 2^31) as a u32) and as
 * `iptables-save` prints it (`%.11f`): the proxier's 0.3333333333 comes back as 0.33333333349.
 */
export function kernelProbability(written: string): { threshold: number; saved: string } {
  const threshold = Math.round(0x80000000 * Number(written));
  return { threshold, saved: (threshold / 0x80000000).toFixed(11) };
}
