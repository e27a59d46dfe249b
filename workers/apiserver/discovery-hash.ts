/**
 * storageVersionHash as upstream's discovery computes it: the first 8 bytes of SHA-256 over
 * `group/version/kind` of the storage version, base64. A small synchronous SHA-256 (Web Crypto's is
 * async, and discovery answers synchronously).
 */
import { sha256 } from '../api/sha256';

export { sha256 };

const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += b64[(n >> 18) & 63] + b64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? b64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? b64[n & 63] : '=';
  }
  return out;
}

/** discovery.StorageVersionHash(group, version, kind): `xPOwRZ+Yhw8=` for core v1 Pod. */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return base64(sha256(new TextEncoder().encode(`${group}/${version}/${kind}`)).subarray(0, 8));
}
