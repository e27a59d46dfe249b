/**
 * Keys that would reach Object.prototype when copied into a plain object. Untrusted JSON and YAML
 * (request bodies, patches, share links) may not carry them anywhere.
 */
import { badRequest, type ApiError } from './errors';

/** `__proto__`, `constructor` and `prototype`. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `key` is one of the forbidden keys. */
export function isUnsafeKey(key: string): boolean {
  return UNSAFE_KEYS.has(key);
}

/** Whether a JSON value holds a forbidden key anywhere (no paths built: most values hold none). */
function hasUnsafeKey(value: unknown): boolean {
  // An explicit stack keeps deep documents from overflowing the call stack.
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        if (UNSAFE_KEYS.has(k)) return true;
        const child = (v as Record<string, unknown>)[k];
        if (typeof child === 'object' && child !== null) stack.push(child);
      }
    }
  }
  return false;
}

/** The dotted path (`metadata.labels[0]`) of the first forbidden key in a JSON value, if any. */
export function findUnsafeKey(value: unknown, path = ''): { key: string; path: string } | undefined {
  if (!hasUnsafeKey(value)) return undefined;
  // Found: walk again, building paths, to name the first one in document order.
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop() as [unknown, string];
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${p}[${i}]`]);
    } else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v);
      for (const k of keys) {
        const child = p ? `${p}.${k}` : k;
        if (UNSAFE_KEYS.has(k)) return { key: k, path: child };
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        stack.push([(v as Record<string, unknown>)[k], p ? `${p}.${k}` : k]);
      }
    }
  }
  return undefined;
}

/** The 400 for a forbidden key, naming where it is. */
export function unsafeKeyError(found: { key: string; path: string }, what = 'request body'): ApiError {
  return badRequest(`${what} contains the forbidden key ${JSON.stringify(found.key)} at ${found.path}`);
}

/** Throws a 400 BadRequest naming the path when the value carries a forbidden key. */
export function assertSafeKeys(value: unknown, what = 'request body'): void {
  const found = findUnsafeKey(value);
  if (found) throw unsafeKeyError(found, what);
}
