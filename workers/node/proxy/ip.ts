/** IPv4 helpers for matching addresses against CIDRs. */

/** The address as an unsigned 32-bit number, or undefined when it is not dotted-quad IPv4. */
export function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/** True when `ip` lies in `cidr` (a bare address is a /32). */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const a = ipv4ToNumber(base);
  const b = ipv4ToNumber(ip);
  if (a === undefined || b === undefined) return false;
  if (bits === 0) return true;
  const shift = 32 - bits;
  return Math.floor(a / 2 ** shift) === Math.floor(b / 2 ** shift);
}

/** True for dotted-quad IPv4 text. */
export function isIPv4(s: string): boolean {
  return ipv4ToNumber(s) !== undefined;
}

/** A CIDR in canonical form (host bits cleared, as Go's net.IPNet.String()), or undefined if invalid. */
export function canonicalCIDR(text: string): string | undefined {
  const [base, bitsText] = text.trim().split('/');
  const n = ipv4ToNumber(base);
  const bits = Number(bitsText);
  if (n === undefined || bitsText === undefined || !/^\d{1,2}$/.test(bitsText) || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const net = Math.floor(n / size) * size;
  return `${[24, 16, 8, 0].map((s) => Math.floor(net / 2 ** s) % 256).join('.')}/${bits}`;
}
