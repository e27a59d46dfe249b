/** Helpers shared by the validators: loose object access and common numeric checks. */
import { field } from '../errors';
import type { FieldError } from '../types';

export type Obj = Record<string, unknown>;

/** Whether `v` is a plain JSON object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at `o[key]`, or undefined. */
export function obj(o: unknown, key: string): Obj | undefined {
  const v = isObj(o) ? o[key] : undefined;
  return isObj(v) ? v : undefined;
}

/** The array at `o[key]` (empty when absent or not an array). */
export function arr(o: unknown, key: string): unknown[] {
  const v = isObj(o) ? o[key] : undefined;
  return Array.isArray(v) ? v : [];
}

/** The string at `o[key]`, or '' (Go's zero value). */
export function str(o: unknown, key: string): string {
  const v = isObj(o) ? o[key] : undefined;
  return typeof v === 'string' ? v : '';
}

/** The number at `o[key]`, or undefined. */
export function num(o: unknown, key: string): number | undefined {
  const v = isObj(o) ? o[key] : undefined;
  return typeof v === 'number' ? v : undefined;
}

/** Whether `o[key]` is set (not undefined or null). */
export function has(o: unknown, key: string): boolean {
  return isObj(o) && o[key] !== undefined && o[key] !== null;
}

/** ValidateNonnegativeField. */
export function nonNegative(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [field.invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** ValidatePositiveField-style: must be greater than zero. */
export function positive(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value <= 0 ? [field.invalid(path, value, 'must be greater than zero')] : [];
}

/** Turns a list of messages into Invalid errors for one path and value. */
export function invalidEach(path: string, value: unknown, msgs: string[]): FieldError[] {
  return msgs.map((m) => field.invalid(path, value, m));
}

/** A shape error for a value of the wrong JSON type (as the decoder would reject it). */
export function wrongType(path: string, value: unknown, expected: string): FieldError {
  return field.typeInvalid(path, value, `must be ${expected}`);
}

/** Deep equality of JSON values, for immutability checks. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}
