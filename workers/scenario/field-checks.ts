/**
 * The small toolkit the scenario validator is written with: typed reads of untrusted JSON values
 * that record a problem (worded as upstream's field errors: `Required value`, `Invalid value: ...`,
 * `Unsupported value: ...`, `unknown field "..."`) instead of throwing, so one pass reports every
 * problem with its path.
 */
import { MAX_CAUSES, ScenarioError, type ScenarioCause, type ScenarioErrorReason, type TextPosition } from './scenario-error';

/** A plain JSON object (no class instance, no array). */
export type JsonObject = Record<string, unknown>;

const SHOWN_STRING_CHARS = 64;

/** A bad value as an error message shows it: strings quoted and shortened, containers elided. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') {
    const s = v.length > SHOWN_STRING_CHARS ? `${v.slice(0, SHOWN_STRING_CHARS)}...` : v;
    return JSON.stringify(s);
  }
  if (Array.isArray(v)) return '[...]';
  if (v !== null && typeof v === 'object') return '{...}';
  return String(v);
}

/** UTF-8 length without allocating (lone surrogates count as 3, as TextEncoder writes U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** `a.b` / `a[0]` path building. */
export const child = (path: string, key: string): string => (path ? `${path}.${key}` : key);
export const index = (path: string, i: number): string => `${path}[${i}]`;

function isPlainObject(v: unknown): v is JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Collects the problems of one validation pass. */
export class FieldChecker {
  private readonly causes: ScenarioCause[] = [];
  private total = 0;
  private firstReason: ScenarioErrorReason = 'Invalid';
  private firstPosition?: TextPosition;
  /** UTF-8 bytes of every string value read so far. */
  stringBytes = 0;

  get ok(): boolean {
    return this.total === 0;
  }

  /** Records a problem; `body` is the part after the path (`Required value`). */
  add(path: string, body: string, reason: ScenarioErrorReason = 'Invalid', position?: TextPosition): void {
    if (this.total === 0) {
      this.firstReason = reason;
      this.firstPosition = position;
    }
    this.total++;
    if (this.causes.length < MAX_CAUSES) this.causes.push({ path, message: path ? `${path}: ${body}` : body });
  }

  /** A key the format does not have (upstream's strict decoding: `unknown field "spec.foo"`). */
  unknownField(path: string): void {
    this.add(path, `unknown field ${JSON.stringify(path)}`);
    const last = this.causes[this.causes.length - 1];
    if (last?.path === path) last.message = `unknown field ${JSON.stringify(path)}`;
  }

  required(path: string, detail?: string): void {
    this.add(path, detail ? `Required value: ${detail}` : 'Required value');
  }

  invalid(path: string, value: unknown, detail: string): void {
    this.add(path, `Invalid value: ${showValue(value)}: ${detail}`);
  }

  unsupported(path: string, value: unknown, supported: readonly string[]): void {
    this.add(path, `Unsupported value: ${showValue(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`);
  }

  /** Throws the collected problems as one ScenarioError, if there are any. */
  throwIfAny(): void {
    if (this.total) throw new ScenarioError(this.firstReason, this.causes, this.firstPosition, this.total);
  }

  /** A plain object whose keys are all in `known`; unknown keys are each a problem. */
  object(v: unknown, path: string, known: readonly string[]): JsonObject | undefined {
    if (!isPlainObject(v)) {
      this.invalid(path, v, 'must be an object');
      return undefined;
    }
    for (const key of Object.keys(v)) {
      if (!known.includes(key)) this.unknownField(child(path, key));
    }
    return v;
  }

  /** A plain object used as a map (labels): any keys, checked by the caller. */
  map(v: unknown, path: string): JsonObject | undefined {
    if (isPlainObject(v)) return v;
    this.invalid(path, v, 'must be an object');
    return undefined;
  }

  array(v: unknown, path: string, maxItems: number): unknown[] | undefined {
    if (!Array.isArray(v)) {
      this.invalid(path, v, 'must be an array');
      return undefined;
    }
    if (v.length > maxItems) {
      this.add(path, `Too many: ${v.length}: must have at most ${maxItems} items`);
      return undefined;
    }
    return v;
  }

  /** A string, at most `maxBytes` UTF-8 bytes when given; undefined (and a problem) otherwise. */
  string(v: unknown, path: string, maxBytes?: number): string | undefined {
    if (typeof v !== 'string') {
      this.invalid(path, v, 'must be a string');
      return undefined;
    }
    const bytes = utf8Length(v);
    this.stringBytes += bytes;
    if (maxBytes !== undefined && bytes > maxBytes) {
      this.add(path, `Too long: may not be more than ${maxBytes} bytes`);
      return undefined;
    }
    return v;
  }

  /** A required non-empty string: `Required value` when absent or empty. */
  requiredString(v: unknown, path: string, maxBytes?: number): string | undefined {
    if (v === undefined || v === '') {
      this.required(path);
      return undefined;
    }
    return this.string(v, path, maxBytes);
  }

  /** A finite number within [min, max]. */
  number(v: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.invalid(path, v, 'must be a finite number');
      return undefined;
    }
    return this.inRange(v, path, min, max);
  }

  /** An integer within [min, max]. */
  integer(v: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.invalid(path, v, 'must be an integer');
      return undefined;
    }
    return this.inRange(v, path, min, max);
  }

  private inRange(v: number, path: string, min: number, max: number): number | undefined {
    if (v < min) this.invalid(path, v, `must be greater than or equal to ${min}`);
    else if (v > max) this.invalid(path, v, `must be less than or equal to ${max}`);
    else return v;
    return undefined;
  }

  /** Runs an upstream-style name check (a list of messages) and records them joined. */
  name(v: unknown, path: string, check: (s: string) => string[]): string | undefined {
    const s = this.requiredString(v, path);
    if (s === undefined) return undefined;
    const errs = check(s);
    if (errs.length === 0) return s;
    this.invalid(path, s, errs.join('; '));
    return undefined;
  }
}
