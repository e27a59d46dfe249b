/** Identities and times the apiserver stamps on objects: UIDs, generated names, timestamps. */
import type { Rng } from '../sim/types';

const hex = '0123456789abcdef';

/**
 * A v4-format UUID (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`) drawn from the seeded rng. Joined from
 * an array: appending character by character would leave a rope of some 24 cons cells (about 1 KB)
 * behind every uid an object, Event or audit record keeps.
 */
export function uuidV4(rng: Rng): string {
  const chars: string[] = [];
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) chars.push('-');
    else if (i === 14) chars.push('4');
    else if (i === 19) chars.push(hex[8 + rng.int(4)]);
    else chars.push(hex[rng.int(16)]);
  }
  return chars.join('');
}

/** upstream's utilrand alphabet: no vowels (no accidental words) and no confusable 0/1/3. */
export const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const maxGeneratedNameLength = 63;
const randomLength = 5;

/** `generateName` + 5 random characters, the base truncated so the result fits 63 characters. */
export function generateName(base: string, rng: Rng): string {
  const maxBase = maxGeneratedNameLength - randomLength;
  const trimmed = base.length > maxBase ? base.slice(0, maxBase) : base;
  return trimmed + rng.string(randomLength, NAME_SUFFIX_ALPHABET);
}

// Many requests share one virtual millisecond (and most one second): the last formatted time is kept.
let lastSecond = NaN;
let lastSecondText = '';
let lastMs = NaN;
let lastMsText = '';

/** RFC 3339 with seconds precision, as metav1.Time serialises: `2026-01-01T00:00:00Z`. */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastSecondText;
  const text = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  lastSecond = second;
  lastSecondText = text;
  return text;
}

/** RFC 3339 with microseconds, as metav1.MicroTime serialises (audit events, leases). */
export function rfc3339Micro(ms: number): string {
  const whole = Math.floor(ms);
  if (whole === lastMs) return lastMsText;
  const iso = new Date(whole).toISOString();
  const text = iso.slice(0, 19) + '.' + iso.slice(20, 23) + '000Z';
  lastMs = whole;
  lastMsText = text;
  return text;
}
