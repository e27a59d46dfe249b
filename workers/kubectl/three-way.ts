/**
 * A three-way JSON merge patch, as kubectl apply computes for objects it last applied: set what the
 * new configuration says where the live object differs, and delete (null) what the previous
 * configuration had and the new one dropped. Fields the configuration never mentioned (defaults,
 * status, fields other writers own) are left alone.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isMap(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when every field `cfg` sets has the same value in `live` (live may hold more: defaults). */
export function containedIn(cfg: unknown, live: unknown): boolean {
  if (isMap(cfg)) {
    if (!isMap(live)) return false;
    return Object.keys(cfg).every((k) => containedIn(cfg[k], live[k]));
  }
  if (Array.isArray(cfg)) {
    if (!Array.isArray(live) || live.length !== cfg.length) return false;
    return cfg.every((item, i) => containedIn(item, live[i]));
  }
  return cfg === live;
}

/** The merge patch taking `live` to `desired` given the previously applied `last`; undefined if none. */
export function threeWayMergePatch(last: unknown, desired: unknown, live: unknown): Record<string, Json> | undefined {
  const patch = diffMaps(isMap(last) ? last : {}, desired as Record<string, Json>, isMap(live) ? live : {});
  return Object.keys(patch).length ? patch : undefined;
}

function diffMaps(last: Record<string, Json>, desired: Record<string, Json>, live: Record<string, Json>): Record<string, Json> {
  const patch: Record<string, Json> = {};
  for (const key of Object.keys(last)) {
    if (!(key in desired) && key in live) patch[key] = null;
  }
  for (const [key, want] of Object.entries(desired)) {
    const have = live[key];
    if (isMap(want) && isMap(have)) {
      const sub = diffMaps(isMap(last[key]) ? (last[key] as Record<string, Json>) : {}, want, have);
      if (Object.keys(sub).length) patch[key] = sub;
    } else if (!containedIn(want, have)) {
      patch[key] = want;
    }
  }
  return patch;
}
