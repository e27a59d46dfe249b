/**
 * Go's time.Duration text form, as kubectl flags and scenario scripts write it: `90s`, `2m`,
 * `1h30m`, `500ms`, `1.5h`. Parsing follows time.ParseDuration (units ns, us/µs/μs, ms, s, m, h; an
 * optional sign; `0` alone; int64 nanoseconds at most) with its error messages; formatting follows
 * Duration.String (`1h30m0s`, `1m30s`, `500ms`, `0s`).
 */

const NS_PER_UNIT: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

// Go accumulates in uint64 up to 2^63 and accepts 2^63 only as a negative duration.
const LIMIT_NS = 1n << 63n;
const NS_PER_MS = 1_000_000n;

/** A duration string Go's ParseDuration would reject; the message is Go's. */
export class DurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationError';
  }
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Go's `quote`: the string in double quotes, `"` and `\` escaped. */
function quote(s: string): string {
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Go's time.ParseDuration, in integer nanoseconds. */
export function parseDurationNs(text: string): bigint {
  const invalid = () => new DurationError(`time: invalid duration ${quote(text)}`);
  let i = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    i = 1;
  }
  if (text.slice(i) === '0') return 0n;
  if (i === text.length) throw invalid();
  let total = 0n;
  while (i < text.length) {
    if (!isDigit(text[i]) && text[i] !== '.') throw invalid();
    const intStart = i;
    while (isDigit(text[i])) i++;
    const intDigits = text.slice(intStart, i);
    let fracDigits = '';
    if (text[i] === '.') {
      const fracStart = ++i;
      while (isDigit(text[i])) i++;
      fracDigits = text.slice(fracStart, i);
    }
    if (!intDigits && !fracDigits) throw invalid();
    const unitStart = i;
    while (i < text.length && text[i] !== '.' && !isDigit(text[i])) i++;
    const unitText = text.slice(unitStart, i);
    if (!unitText) throw new DurationError(`time: missing unit in duration ${quote(text)}`);
    const unit = NS_PER_UNIT[unitText];
    if (unit === undefined) throw new DurationError(`time: unknown unit ${quote(unitText)} in duration ${quote(text)}`);
    const whole = intDigits ? BigInt(intDigits) : 0n;
    if (whole > LIMIT_NS / unit) throw invalid();
    let part = whole * unit;
    if (fracDigits) {
      // Go scales the fraction in floating point and truncates; digits beyond 19 add nothing.
      const digits = fracDigits.slice(0, 19);
      part += BigInt(Math.trunc(Number(digits) * (Number(unit) / 10 ** digits.length)));
    }
    total += part;
    if (part > LIMIT_NS || total > LIMIT_NS) throw invalid();
  }
  if (negative) return -total;
  if (total > LIMIT_NS - 1n) throw invalid();
  return total;
}

/** Go's time.ParseDuration, in milliseconds (fractional below a millisecond). */
export function parseDuration(text: string): number {
  const ns = parseDurationNs(text);
  const wholeMs = ns / NS_PER_MS;
  return Number(wholeMs) + Number(ns - wholeMs * NS_PER_MS) / 1e6;
}

// Digits of v / 10^precision with trailing zeros (and a bare point) dropped.
function fraction(v: bigint, precision: number): string {
  const scale = 10n ** BigInt(precision);
  const whole = v / scale;
  const frac = (v % scale).toString().padStart(precision, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** Go's Duration.String for a nanosecond count: `1h30m0s`, `1m30s`, `1.5s`, `500ms`, `0s`. */
export function formatDurationNs(ns: bigint): string {
  const sign = ns < 0n ? '-' : '';
  const u = ns < 0n ? -ns : ns;
  if (u === 0n) return '0s';
  if (u < 1_000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${fraction(u, 3)}µs`;
  if (u < 1_000_000_000n) return `${sign}${fraction(u, 6)}ms`;
  const hours = u / NS_PER_UNIT.h;
  const minutes = (u % NS_PER_UNIT.h) / NS_PER_UNIT.m;
  const seconds = fraction(u % NS_PER_UNIT.m, 9);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** Go's Duration.String for milliseconds (rounded to the nanosecond): 5_400_000 is `1h30m0s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite duration: ${ms}`);
  const whole = Math.trunc(ms);
  return formatDurationNs(BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6)));
}
