/**
 * The CNI's host-local IPAM for one node: pod IPs from the node's podCIDR, handed out in order after
 * the last one given (as host-local does), skipping the network address, the gateway (.1, the
 * bridge) and the broadcast address.
 */

/** Parses `10.244.1.0/24` into its base address (as a number) and prefix length. */
export function parseCidr(cidr: string): { base: number; bits: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`invalid CIDR address: ${cidr}`);
  const bits = Number(m[5]);
  const addr = ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (addr & mask) >>> 0, bits };
}

/** Dotted form of an IPv4 number. */
export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The number of a dotted IPv4 address (NaN when malformed). */
export function ipv4Number(ip: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return NaN;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

/** Allocates pod IPs from one range. */
export class HostLocalIpam {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Map<number, string>();
  private last = 1;

  constructor(readonly cidr: string) {
    const { base, bits } = parseCidr(cidr);
    this.base = base;
    this.size = 2 ** (32 - bits);
  }

  /** The bridge's address (first usable). */
  get gateway(): string {
    return formatIPv4(this.base + 1);
  }

  /** An address for `owner`; throws when the range is exhausted (as the CNI plugin fails). */
  allocate(owner: string): string {
    for (const [off, o] of this.used) if (o === owner) return formatIPv4(this.base + off);
    for (let i = 1; i <= this.size; i++) {
      const off = ((this.last - 2 + i) % (this.size - 3)) + 2;
      if (!this.used.has(off)) {
        this.used.set(off, owner);
        this.last = off;
        return formatIPv4(this.base + off);
      }
    }
    throw new Error(`failed to allocate for range 0: no IP addresses available in range set: ${formatIPv4(this.base + 2)}-${formatIPv4(this.base + this.size - 2)}`);
  }

  /**
   * Marks `ip` as held by `owner` (a resumed node re-reading what its pods hold). host-local keeps
   * its last reserved address on disk; here the highest address held stands in for it, so the next
   * allocation goes on after every address in use. False when `ip` is not a pod address of the range.
   */
  reserve(owner: string, ip: string): boolean {
    const off = ipv4Number(ip) - this.base;
    if (!(off >= 2 && off < this.size - 1)) return false;
    this.used.set(off, owner);
    this.last = Math.max(this.last, off);
    return true;
  }

  /** Frees the address `owner` holds. */
  release(owner: string): void {
    for (const [off, o] of this.used) if (o === owner) this.used.delete(off);
  }

  /** Addresses in use. */
  get inUse(): number {
    return this.used.size;
  }
}
