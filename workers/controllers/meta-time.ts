/** metav1.Time as controllers write and read it: RFC 3339 with whole seconds, in virtual time. */

/** The last second formatted: status writers stamp many times within one virtual second. */
let lastSecond = NaN;
let lastText = '';

/** `2026-01-01T00:00:00Z` for a virtual-time instant. */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    lastSecond = second;
  }
  return lastText;
}

/** Milliseconds of an RFC 3339 time; NaN when absent or malformed. */
export function parseTime(s: string | undefined): number {
  return s ? Date.parse(s) : NaN;
}
