/**
 * A set of equal-sized IPv4 subnets carved from a cluster CIDR (upstream nodeipam cidrset): occupy,
 * release, and allocate the next free one searching on from the last allocation, as upstream does.
 */

function parseIPv4(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`invalid IPv4 address ${ip}`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses `10.244.0.0/16` into base address and prefix length. */
export function parseCIDR(cidr: string): { base: number; prefix: number } {
  const [ip, len] = cidr.split('/');
  const prefix = Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`invalid CIDR address: ${cidr}`);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (parseIPv4(ip) & mask) >>> 0, prefix };
}

/** Subnets of size /`subnetPrefix` in a cluster CIDR. */
export class CidrSet {
  private readonly base: number;
  private readonly subnetPrefix: number;
  readonly maxCidrs: number;
  private readonly used = new Set<number>();
  private nextCandidate = 0;

  constructor(clusterCidr: string, subnetPrefix: number) {
    const { base, prefix } = parseCIDR(clusterCidr);
    if (subnetPrefix < prefix || subnetPrefix > 32) throw new Error(`subnet mask /${subnetPrefix} does not fit in ${clusterCidr}`);
    this.base = base;
    this.subnetPrefix = subnetPrefix;
    this.maxCidrs = 2 ** (subnetPrefix - prefix);
  }

  private cidrAt(i: number): string {
    return `${formatIPv4((this.base + i * 2 ** (32 - this.subnetPrefix)) >>> 0)}/${this.subnetPrefix}`;
  }

  /** The index of a subnet of this set, or undefined for one outside it or of another size. */
  private indexOf(cidr: string): number | undefined {
    const { base, prefix } = parseCIDR(cidr);
    if (prefix !== this.subnetPrefix || base < this.base) return undefined;
    const i = (base - this.base) / 2 ** (32 - this.subnetPrefix);
    return Number.isInteger(i) && i < this.maxCidrs ? i : undefined;
  }

  /** The next free subnet, or undefined when the range is full. */
  allocateNext(): string | undefined {
    for (let n = 0; n < this.maxCidrs; n++) {
      const i = (this.nextCandidate + n) % this.maxCidrs;
      if (this.used.has(i)) continue;
      this.used.add(i);
      this.nextCandidate = (i + 1) % this.maxCidrs;
      return this.cidrAt(i);
    }
    return undefined;
  }

  /** Marks a subnet in use (a node that already has it); false when it is not one of ours. */
  occupy(cidr: string): boolean {
    const i = this.indexOf(cidr);
    if (i === undefined) return false;
    this.used.add(i);
    return true;
  }

  release(cidr: string): void {
    const i = this.indexOf(cidr);
    if (i !== undefined) this.used.delete(i);
  }
}
