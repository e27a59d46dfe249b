/**
 * The checks Go's custom unmarshallers make on scalar values (resource.Quantity, metav1.Time, []byte),
 * with upstream's error texts, so a malformed value is refused with the message a real cluster sends.
 */

/** resource.ErrFormatWrong, ErrNumeric and ErrSuffix. */
export const QUANTITY_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_NUMERIC = 'unable to parse numeric part of quantity';
const QUANTITY_SUFFIX = "unable to parse quantity's suffix";

const quantityShape = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const quantityNumber = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const quantitySuffix = /^(?:|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)$/;

/** The error ParseQuantity returns for this JSON value, or undefined when it parses. */
export function quantityError(v: unknown): string | undefined {
  if (v === null) return undefined;
  const text = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : JSON.stringify(v);
  if (text === '') return QUANTITY_FORMAT_WRONG;
  const m = quantityShape.exec(text);
  if (!m) return QUANTITY_FORMAT_WRONG;
  if (!quantityNumber.test(m[1])) return QUANTITY_NUMERIC;
  if (!quantitySuffix.test(m[2])) return QUANTITY_SUFFIX;
  return undefined;
}

const RFC3339 = '2006-01-02T15:04:05Z07:00';
const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';
const timePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The error metav1.Time / MicroTime unmarshalling returns for a string, or undefined. Go names the
 * first layout element that failed; we name the year element, which is exact for wholly malformed text.
 */
export function timeError(s: string, micro: boolean): string | undefined {
  if (timePattern.test(s)) return undefined;
  const layout = micro ? RFC3339_MICRO : RFC3339;
  return `parsing time ${JSON.stringify(s)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(s)} as "2006"`;
}

const base64Char = /[A-Za-z0-9+/]/;

/** The error base64.StdEncoding returns for a []byte field's string, or undefined. */
export function base64Error(s: string): string | undefined {
  let body = s.length;
  while (body > 0 && s[body - 1] === '=') body--;
  for (let i = 0; i < body; i++) {
    if (!base64Char.test(s[i]) && s[i] !== '\n' && s[i] !== '\r') return `illegal base64 data at input byte ${i}`;
  }
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || s.length - body > 2) {
    return `illegal base64 data at input byte ${Math.max(0, clean.length - (clean.length % 4 || 4))}`;
  }
  return undefined;
}
