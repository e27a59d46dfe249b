/** Small helpers for defaulting loosely typed objects in place. */

/** A JSON object (not null, not an array). */
export type Obj = Record<string, unknown>;

/** Whether `v` is a plain JSON object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at `parent[key]`, created empty when absent; undefined when something else is there. */
export function child(parent: Obj, key: string): Obj | undefined {
  const v = parent[key];
  if (v === undefined || v === null) {
    const created: Obj = {};
    parent[key] = created;
    return created;
  }
  return isObj(v) ? v : undefined;
}

/** The object at `parent[key]` if present, never created. */
export function existing(parent: Obj | undefined, key: string): Obj | undefined {
  const v = parent?.[key];
  return isObj(v) ? v : undefined;
}

/** The objects in the array at `parent[key]` (non-objects skipped). */
export function items(parent: Obj | undefined, key: string): Obj[] {
  const v = parent?.[key];
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** Sets `parent[key]` when it is absent (undefined or null), as Go defaulting fills nil pointers. */
export function setDefault(parent: Obj, key: string, value: unknown): void {
  if (parent[key] === undefined || parent[key] === null) parent[key] = value;
}

/** Sets `parent[key]` when absent or the empty string, as Go defaulting fills zero-value strings. */
export function setDefaultString(parent: Obj, key: string, value: string): void {
  if (parent[key] === undefined || parent[key] === null || parent[key] === '') parent[key] = value;
}
