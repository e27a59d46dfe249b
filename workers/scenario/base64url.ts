/**
 * base64url (RFC 4648 section 5) without padding, as share links carry their payload in a URL
 * fragment. Decoding is strict: only the URL-safe alphabet, optional `=` padding at the end, and no
 * impossible length, each refusal naming what is wrong and where.
 */
import { scenarioError } from './scenario-error';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

/** bytes as unpadded base64url. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/** The bytes of a base64url text (padding optional); throws a BadBase64 ScenarioError. */
export function decodeBase64Url(text: string): Uint8Array {
  const body = text.replace(/={1,2}$/, '');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const v = code < 128 ? VALUE[code] : -1;
    if (v < 0) {
      const shown = JSON.stringify(body[i]);
      const hint = body[i] === '+' || body[i] === '/' ? ' (standard base64, not base64url)' : '';
      throw scenarioError('BadBase64', `the link's payload is not valid base64url: character ${shown} at position ${i + 1}${hint}`);
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  if (body.length % 4 === 1) {
    throw scenarioError('BadBase64', `the link's payload is not valid base64url: ${body.length} characters cannot encode whole bytes (the link may be cut off)`);
  }
  return out;
}
