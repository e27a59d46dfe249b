/**
 * resource.Quantity: `500m`, `1.5Gi`, `2e3` parsed exactly, compared and formatted as upstream.
 *
 * A quantity is held as a BigInt count of nano-units, which is exact for everything upstream can
 * represent: upstream rounds every parsed value up (away from zero) to 1n, so no finer precision
 * exists to lose.
 */

/** How a quantity prints, as upstream's resource.Format. */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** The regular expression upstream names in its format error (its parser is hand-written). */
export const QUANTITY_REGEX_TEXT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** ErrFormatWrong. */
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEX_TEXT}'`;
/** ErrNumeric. */
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
/** ErrSuffix. */
export const ERR_SUFFIX = "unable to parse quantity's suffix";

/** A quantity string that does not parse; `message` is upstream's error text. */
export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

const NANO_PER_UNIT = 1_000_000_000n;
// Upstream caps binary-SI quantities at the largest int64.
const MAX_INT64 = (1n << 63n) - 1n;

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binarySuffixByExponent = new Map(Object.entries(binarySuffixes).map(([s, e]) => [e, s]));

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

interface SplitQuantity {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

// Splits the text the way upstream's parseQuantityString walks it, including its leniencies
// (`1.` and `.5` parse; a lone sign parses as zero).
function splitQuantity(str: string): SplitQuantity {
  let pos = 0;
  const end = str.length;
  let positive = true;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] === '+';
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    pos = i;
  }
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw new QuantityError(ERR_FORMAT_WRONG);
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  if (Object.hasOwn(decimalSuffixes, suffix)) return { base: 10, exponent: decimalSuffixes[suffix], format: 'DecimalSI' };
  if (Object.hasOwn(binarySuffixes, suffix)) return { base: 2, exponent: binarySuffixes[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    // strconv.ParseInt(..., 64) range; beyond it upstream reports a bad suffix.
    if (Number.isSafeInteger(exponent)) return { base: 10, exponent, format: 'DecimalExponent' };
  }
  throw new QuantityError(ERR_SUFFIX);
}

// a / b rounded away from zero (b > 0), as upstream rounds sub-nano precision up.
function divideAwayFromZero(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : a < 0n ? q - 1n : q + 1n;
}

/** An exact resource quantity. Immutable: arithmetic returns new quantities. */
export class Quantity {
  private constructor(
    /** The value in nano-units (1 = 1n). */
    readonly nanos: bigint,
    readonly format: QuantityFormat,
  ) {}

  /** A quantity from a count of nano-units. */
  static fromNanos(nanos: bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(nanos, format);
  }

  /** A quantity from a whole number (cores, bytes, counts). */
  static fromInt(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value) * NANO_PER_UNIT, format);
  }

  /** A quantity from a number of milli-units (`fromMilli(500)` is `500m`). */
  static fromMilli(milli: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(milli) * 1_000_000n, format);
  }

  /** Parses as upstream's ParseQuantity; throws QuantityError with upstream's message. */
  static parse(str: string): Quantity {
    if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
    if (str === '0') return new Quantity(0n, 'DecimalSI');
    const { positive, num, denom, suffix } = splitQuantity(str);
    const { base, exponent, format } = interpretSuffix(suffix);
    // value = num.denom × base^exponent, computed as a fraction over 10^len(denom).
    let numerator = BigInt(num + denom) * NANO_PER_UNIT;
    let denominator = 10n ** BigInt(denom.length);
    if (base === 2) numerator *= 1n << BigInt(exponent);
    else if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
    let nanos = divideAwayFromZero(numerator, denominator);
    let fmt = format;
    if (fmt === 'BinarySI') {
      if (nanos > MAX_INT64 * NANO_PER_UNIT) nanos = MAX_INT64 * NANO_PER_UNIT;
      // A binary quantity below one unit cannot print in binary; upstream switches it to decimal.
      if (nanos < NANO_PER_UNIT && denom.length > 0) fmt = 'DecimalSI';
    }
    return new Quantity(positive ? nanos : -nanos, fmt);
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.nanos === 0n ? 0 : this.nanos < 0n ? -1 : 1;
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  cmp(other: Quantity): -1 | 0 | 1 {
    return this.nanos === other.nanos ? 0 : this.nanos < other.nanos ? -1 : 1;
  }

  /** The sum; a zero receiver takes the other's format, as upstream's Add. */
  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.isZero() ? other.format : this.format);
  }

  /** The difference; a zero receiver takes the other's format, as upstream's Sub. */
  sub(other: Quantity): Quantity {
    return new Quantity(this.nanos - other.nanos, this.isZero() ? other.format : this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.nanos, this.format);
  }

  /** The value scaled to 10^scale units, rounded away from zero (upstream's ScaledValue). */
  scaledValue(scale: number): bigint {
    const shift = scale + 9;
    if (shift <= 0) return this.nanos * 10n ** BigInt(-shift);
    return divideAwayFromZero(this.nanos, 10n ** BigInt(shift));
  }

  /** Whole units, rounded up as upstream's Value() (`100m` is 1). */
  value(): number {
    return Number(this.scaledValue(0));
  }

  /** Milli-units, rounded up as upstream's MilliValue() (`1n` is 1). */
  milliValue(): number {
    return Number(this.scaledValue(-3));
  }

  /** The value as a float, for ratios and display only. */
  asApproximateFloat(): number {
    return Number(this.nanos) / 1e9;
  }

  /** Upstream's canonical form (Quantity.String()). */
  toString(): string {
    if (this.nanos === 0n) return '0';
    let format = this.format;
    if (format === 'BinarySI') {
      const small = this.nanos > -1024n * NANO_PER_UNIT && this.nanos < 1024n * NANO_PER_UNIT;
      if (small || this.nanos % NANO_PER_UNIT !== 0n) format = 'DecimalSI';
    }
    if (format === 'BinarySI') return formatBinary(this.nanos / NANO_PER_UNIT);
    return formatDecimal(this.nanos, format);
  }

  toJSON(): string {
    return this.toString();
  }
}

function formatBinary(units: bigint): string {
  let amount = units;
  let exponent = 0;
  const abs = (v: bigint) => (v < 0n ? -v : v);
  while (abs(amount) >= 1024n && amount % 1024n === 0n && exponent < 60) {
    amount /= 1024n;
    exponent += 10;
  }
  return `${amount}${binarySuffixByExponent.get(exponent) ?? ''}`;
}

function formatDecimal(nanos: bigint, format: QuantityFormat): string {
  let amount = nanos;
  let exponent = -9;
  const abs = (v: bigint) => (v < 0n ? -v : v);
  while (abs(amount) >= 10n && amount % 10n === 0n) {
    amount /= 10n;
    exponent++;
  }
  // Upstream lowers the exponent to a multiple of three rather than rounding the mantissa.
  while (((exponent % 3) + 3) % 3 !== 0) {
    amount *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  const suffix = decimalSuffixByExponent.get(exponent);
  return suffix === undefined ? `${amount}e${exponent}` : `${amount}${suffix}`;
}

/** Parses a quantity string (or a JSON number, as upstream's UnmarshalJSON accepts); throws QuantityError. */
export function parseQuantity(text: unknown): Quantity {
  if (typeof text === 'number') {
    if (!Number.isFinite(text)) throw new QuantityError(ERR_FORMAT_WRONG);
    return Quantity.parse(String(text));
  }
  if (typeof text !== 'string') throw new QuantityError(ERR_FORMAT_WRONG);
  return Quantity.parse(text);
}

/** The quantity, or undefined when it does not parse. */
export function tryParseQuantity(text: unknown): Quantity | undefined {
  // An absent value (no limit, no annotation) is the common case: no QuantityError to build and catch.
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  try {
    return parseQuantity(text);
  } catch {
    return undefined;
  }
}

/** Upstream's canonical string for a quantity string (`1.5Gi` gives `1536Mi`); throws QuantityError. */
export function canonicalQuantity(text: unknown): string {
  return parseQuantity(text).toString();
}

/** -1, 0 or 1 comparing two quantity strings; throws QuantityError for a malformed one. */
export function compareQuantities(a: unknown, b: unknown): -1 | 0 | 1 {
  return parseQuantity(a).cmp(parseQuantity(b));
}
