/**
 * Field paths as lessons write them: `status.readyReplicas`, `spec.template.spec.containers[0].image`,
 * `metadata.annotations["deployment.kubernetes.io/revision"]` (a quoted key may hold dots and slashes).
 */

const MAX_SEGMENTS = 32;

/** The path's segments (strings for keys, numbers for list indexes); throws on a malformed path. */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`field path "${path}" at column ${i + 1}: ${why}`);
  };
  while (i < path.length) {
    if (out.length >= MAX_SEGMENTS) fail(`more than ${MAX_SEGMENTS} segments`);
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) fail('"[" without "]"');
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (/^"[^"]+"$/.test(inner)) out.push(inner.slice(1, -1));
      else fail('expected [N] or ["key"]');
      i = close + 1;
      if (path[i] === '.') i++;
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
    if (end === i) fail('empty segment');
    out.push(path.slice(i, end));
    i = end;
    if (path[i] === '.') {
      i++;
      if (i === path.length) fail('ends with "."');
    }
  }
  if (out.length === 0) fail('empty path');
  return out;
}

/** The value at `path` in `obj`, or undefined when any step is missing. */
export function readField(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of parseFieldPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}
