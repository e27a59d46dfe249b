/** JSON value helpers shared by the patch implementations: cloning, equality, Go-style printing. */

export type Json = null | boolean | number | string | Json[] | JsonMap;
export interface JsonMap {
  [key: string]: Json;
}

/** Whether a value is a JSON object (not an array, not null). */
export function isJsonMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A deep copy of a JSON value; own-property writes so no key can reach a prototype. */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  if (isJsonMap(v)) {
    const out: JsonMap = {};
    for (const k of Object.keys(v)) {
      // Assigning `__proto__` would set the prototype: that one key is defined as an own data property.
      if (k === '__proto__') Object.defineProperty(out, k, { value: cloneJson(v[k]), enumerable: true, writable: true, configurable: true });
      else out[k] = cloneJson(v[k]);
    }
    return out as T;
  }
  return v;
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isJsonMap(a)) {
    if (!isJsonMap(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Go's reflect kind of a decoded JSON value, as strategic merge patch compares types. */
export function goKind(v: unknown): 'map' | 'slice' | 'string' | 'float64' | 'bool' | 'nil' {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  return 'bool';
}

/** Go's Go-syntax type name for a decoded JSON value (`map[string]interface {}`). */
export function goTypeName(v: unknown): string {
  const names = { map: 'map[string]interface {}', slice: '[]interface {}', string: 'string', float64: 'float64', bool: 'bool', nil: '<nil>' };
  return names[goKind(v)];
}

/** A JSON value printed as Go's %v prints the decoded interface{} (`map[a:1 b:[x y]]`). */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isJsonMap(v)) {
    return `map[${Object.keys(v).sort().map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  }
  if (typeof v === 'number') return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
  return String(v);
}
