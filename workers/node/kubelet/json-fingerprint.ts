/**
 * A compact, exact stand-in for the JSON text of a value, for "did it change since I sent it?".
 * The text splits into a shape (the text with every string value written `?` and every number `#`:
 * keys, nesting, booleans and nulls) and its leaves (those strings and numbers, in order). Text and
 * (shape, leaves) determine each other, so equal texts are exactly equal fingerprints. Pods of one
 * kind share their shape (interned), and the leaves are mostly strings shared with the status
 * itself, so a fingerprint costs a small array where the text cost about a kilobyte per pod.
 * As JSON.stringify: members valued undefined (or a function) are left out, such elements are
 * null, non-finite numbers are null. A value with a toJSON method anywhere is kept as its text.
 */

import { BoundedMemo, StringInterner } from '../../api/bounded-memo';

/** The fingerprint of a value's JSON text. */
export interface JsonFingerprint {
  readonly shape: string;
  readonly leaves: readonly (string | number)[];
  /** `shape` is the whole text (the value had a toJSON method). */
  readonly text?: true;
}

/** Shapes by text: the statuses of a node's pods come in a few dozen shapes. */
const shapes = new StringInterner(4096);

/** Keys as JSON writes them (a status has a few dozen distinct keys). */
const quotedKeys = new BoundedMemo<string, string>(4096);

function quoted(k: string): string {
  return quotedKeys.get(k) ?? quotedKeys.remember(k, JSON.stringify(k));
}

class NeedsText extends Error {}

/**
 * The fingerprint of `JSON.stringify(value)`. Given the previous fingerprint of a value of the same
 * shape (a pod's next status, mostly), its shape is reused: only the leaves are collected, and no
 * text is built.
 */
export function jsonFingerprint(value: unknown, previous?: JsonFingerprint): JsonFingerprint {
  if (previous !== undefined && !previous.text) {
    const leaves = leavesAlong(value, previous.shape);
    if (leaves !== undefined) return { shape: previous.shape, leaves };
  }
  const parts: string[] = [];
  const leaves: (string | number)[] = [];
  try {
    emit(value, parts, leaves);
  } catch (err) {
    if (!(err instanceof NeedsText)) throw err;
    return { shape: String(JSON.stringify(value)), leaves: [], text: true };
  }
  // An exact-size copy: a pushed-to array keeps room to grow.
  return { shape: shapes.intern(parts.join('')), leaves: leaves.slice() };
}

/** Whether `JSON.stringify(value)` is the text `fp` stands for (nothing is built for the comparison). */
export function matchesFingerprint(value: unknown, fp: JsonFingerprint): boolean {
  if (fp.text) return String(JSON.stringify(value)) === fp.shape;
  const m = new Matcher(fp.shape, fp.leaves);
  try {
    return m.value(value) && m.pos === fp.shape.length && m.leaf === fp.leaves.length;
  } catch (err) {
    if (!(err instanceof NeedsText)) throw err;
    return String(JSON.stringify(value)) === fingerprintText(fp);
  }
}

// The leaves of `value` when its JSON text has exactly the given shape; undefined when it does not.
function leavesAlong(value: unknown, shape: string): (string | number)[] | undefined {
  const collected: (string | number)[] = [];
  const m = new Matcher(shape, undefined, collected);
  try {
    return m.value(value) && m.pos === shape.length ? collected.slice() : undefined;
  } catch (err) {
    if (!(err instanceof NeedsText)) throw err;
    return undefined;
  }
}

/** The text a fingerprint stands for (`?` and `#` outside quoted keys are its leaves). */
export function fingerprintText(fp: JsonFingerprint): string {
  if (fp.text) return fp.shape;
  const out: string[] = [];
  const s = fp.shape;
  let leaf = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"') {
      // A key: copied through its closing quote (escaped quotes stay inside).
      let j = i + 1;
      while (s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      out.push(s.slice(i, j + 1));
      i = j;
    } else if (ch === '?' || ch === '#') out.push(JSON.stringify(fp.leaves[leaf++]));
    else out.push(ch);
  }
  return out.join('');
}

/** How JSON.stringify treats a value: left out (or null in an array), or written. */
function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function checkPlain(v: object): void {
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') throw new NeedsText();
}

function emit(v: unknown, parts: string[], leaves: (string | number)[]): void {
  if (typeof v === 'string') {
    parts.push('?');
    leaves.push(v);
  } else if (typeof v === 'number') {
    if (Number.isFinite(v)) {
      parts.push('#');
      leaves.push(v === 0 ? 0 : v);
    } else parts.push('null');
  } else if (typeof v === 'boolean') parts.push(v ? 'true' : 'false');
  else if (v === null) parts.push('null');
  else if (skipped(v)) parts.push('undefined');
  else if (typeof v !== 'object') throw new NeedsText();
  else if (Array.isArray(v)) {
    checkPlain(v);
    parts.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) parts.push(',');
      const x: unknown = v[i];
      emit(skipped(x) ? null : x, parts, leaves);
    }
    parts.push(']');
  } else {
    checkPlain(v);
    parts.push('{');
    let first = true;
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (skipped(x)) continue;
      if (!first) parts.push(',');
      parts.push(quoted(k), ':');
      first = false;
      emit(x, parts, leaves);
    }
    parts.push('}');
  }
}

/**
 * Walks a value along a shape, as emit would write it, without writing anything: its leaves are
 * compared with `leaves`, or, without them, pushed to `collected`.
 */
class Matcher {
  pos = 0;
  leaf = 0;

  constructor(
    private readonly shape: string,
    private readonly leaves: readonly (string | number)[] | undefined,
    private readonly collected?: (string | number)[],
  ) {}

  private take(text: string): boolean {
    if (!this.shape.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }

  private takeLeaf(v: string | number): boolean {
    if (this.leaves === undefined) {
      this.collected!.push(v);
      return true;
    }
    if (this.leaf >= this.leaves.length || this.leaves[this.leaf] !== v) return false;
    this.leaf++;
    return true;
  }

  value(v: unknown): boolean {
    if (typeof v === 'string') return this.take('?') && this.takeLeaf(v);
    if (typeof v === 'number') return Number.isFinite(v) ? this.take('#') && this.takeLeaf(v === 0 ? 0 : v) : this.take('null');
    if (typeof v === 'boolean') return this.take(v ? 'true' : 'false');
    if (v === null) return this.take('null');
    if (skipped(v)) return this.take('undefined');
    if (typeof v !== 'object') throw new NeedsText();
    checkPlain(v);
    if (Array.isArray(v)) {
      if (!this.take('[')) return false;
      for (let i = 0; i < v.length; i++) {
        if (i > 0 && !this.take(',')) return false;
        const x: unknown = v[i];
        if (!this.value(skipped(x) ? null : x)) return false;
      }
      return this.take(']');
    }
    if (!this.take('{')) return false;
    let first = true;
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (skipped(x)) continue;
      if ((!first && !this.take(',')) || !this.take(quoted(k)) || !this.take(':') || !this.value(x)) return false;
      first = false;
    }
    return this.take('}');
  }
}
