/**
 * Continue tokens for paged lists: an opaque base64url string of `{v, rv, start}` as upstream's etcd3
 * storage encodes them — the revision the first page was read at and the key to resume after.
 */
import { badRequest } from '../../api/errors';

/** What a continue token carries. */
export interface ContinueToken {
  /** The revision of the first page; <= 0 means "latest" (an inconsistent continuation). */
  rv: number;
  /** The last key returned, relative to the list prefix. */
  start: string;
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Encodes a continue token. */
export function encodeContinue(token: ContinueToken): string {
  return toBase64Url(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start }));
}

/** Decodes a continue token; 400 as upstream words it when it is not one of ours. */
export function decodeContinue(text: string): ContinueToken {
  let parsed: { v?: unknown; rv?: unknown; start?: unknown };
  try {
    parsed = JSON.parse(fromBase64Url(text));
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
  }
  if (parsed.v !== 'meta.k8s.io/v1') {
    throw badRequest('continue key is not valid: server does not recognize this encoded key');
  }
  if (typeof parsed.rv !== 'number' || typeof parsed.start !== 'string' || parsed.start === '') {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (parsed.start.includes('..') || parsed.start.startsWith('/')) {
    throw badRequest('continue key is not valid: the encoded key is not allowed');
  }
  return { rv: parsed.rv, start: parsed.start };
}
