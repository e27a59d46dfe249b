/**
 * The pod-template-hash (upstream's controller.ComputeHash): FNV-1a 32 over the pod template, then
 * the collision count as 8 little-endian bytes, rendered in decimal and mapped through the safe
 * alphabet, so hashes look like upstream's (`5d59d67564`). Upstream hashes a spew dump of the Go
 * struct; we hash canonical JSON (sorted keys), so the same template gives a different (but equally
 * stable) value than a real cluster.
 */

/** The label and selector key a Deployment adds to its ReplicaSets and their pods. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** apimachinery's rand alphabet, with no vowels and no easily confused characters. */
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Maps each character to the safe alphabet by its code point, as upstream's SafeEncodeString. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHANUMS[ch.codePointAt(0)! % SAFE_ALPHANUMS.length];
  return out;
}

/**
 * JSON with object keys sorted at every level, so equal templates serialize equally. With
 * `nullsAsAbsent`, a member holding null is left out, as a typed Go struct sees it: null decodes to
 * the member's zero value, the same as no member (`creationTimestamp: null`, which Go clients such
 * as `kubectl rollout undo` send inside templates).
 */
export function canonicalJson(v: unknown, nullsAsAbsent = false): string {
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x, nullsAsAbsent)).join(',')}]`;
  if (v && typeof v === 'object') {
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined && !(nullsAsAbsent && record[k] === null)).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k], nullsAsAbsent)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a 32 of bytes, continuing from `h`. */
export function fnv1a32(bytes: Uint8Array, h = FNV_OFFSET): number {
  for (const b of bytes) h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  return h >>> 0;
}

/** The pod-template-hash of a template and the Deployment's collisionCount. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv1a32(new TextEncoder().encode(canonicalJson(template, true)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv1a32(bytes, h);
  }
  return safeEncodeString(String(h));
}
