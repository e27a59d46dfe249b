/**
 * A scenario's pod network (`cluster.podSubnet`, kubeadm's networking.podSubnet): an IPv4 network in
 * CIDR form with room for at least one node's /24, its host bits zero, clear of the Service network
 * 10.96.0.0/12 (as kubeadm refuses overlapping subnets).
 */

/** kubeadm's default Service network, which the pod network must not overlap. */
const SERVICE_NETWORK = { base: ipNumber('10.96.0.0')!, bits: 12 };

function ipNumber(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/** Why `cidr` cannot be a pod network, or undefined when it can. */
export function podSubnetProblem(cidr: string): string | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(cidr);
  const base = m ? ipNumber(m[1]) : undefined;
  const bits = m ? Number(m[2]) : NaN;
  if (!m || base === undefined || bits > 32) return 'must be an IPv4 network in CIDR form, e.g. 10.244.0.0/16';
  if (bits < 8 || bits > 24) return 'the prefix must be between /8 and /24 (each node takes a /24)';
  const size = 2 ** (32 - bits);
  if (base % size !== 0) return 'must be a network address (the bits after the prefix zero)';
  const serviceSize = 2 ** (32 - SERVICE_NETWORK.bits);
  if (base < SERVICE_NETWORK.base + serviceSize && SERVICE_NETWORK.base < base + size) return 'must not overlap the Service network 10.96.0.0/12';
  return undefined;
}
