/** Go's len() of a string: its length in UTF-8 bytes. */

const encoder = new TextEncoder();

/**
 * The UTF-8 byte length of `s`, as Go's len() counts it (a lone surrogate counts as the 3 bytes of
 * U+FFFD, as TextEncoder writes it). All-ASCII strings, the usual case for names, are not encoded.
 */
export function utf8ByteLength(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) return encoder.encode(s).length;
  }
  return s.length;
}
