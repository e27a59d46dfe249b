import { describe, expect, it } from 'vitest';
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './qualified-names';
import { utf8ByteLength } from './utf8-length';

describe('utf8ByteLength', () => {
  it.each([
    ['', 0],
    ['app.kubernetes.io/name', 22],
    ['\u007f', 1],
    ['\u0080', 2],
    ['café', 5],
    ['名前', 6],
    ['a😀b', 6],
    ['\ud83d', 3], // a lone surrogate is written as U+FFFD
    ['x\udc00y', 5],
  ])('%j is %d bytes, as TextEncoder counts', (s, want) => {
    expect(utf8ByteLength(s)).toBe(want);
    expect(utf8ByteLength(s)).toBe(new TextEncoder().encode(s).length);
  });
});

describe('length limits count bytes, not characters', () => {
  it('refuses a 32-character label value of 64 bytes', () => {
    expect(isValidLabelValue('é'.repeat(32))[0]).toBe('must be no more than 63 characters');
    expect(isValidLabelValue('e'.repeat(63))).toEqual([]);
    expect(isValidLabelValue('e'.repeat(64))[0]).toBe('must be no more than 63 characters');
  });

  it('measures the name part and the prefix of a qualified name in bytes', () => {
    expect(isQualifiedName(`example.com/${'ü'.repeat(32)}`)[0]).toBe('name part must be no more than 63 characters');
    expect(isQualifiedName(`example.com/${'u'.repeat(63)}`)).toEqual([]);
    expect(isDNS1123Subdomain('ä'.repeat(127))[0]).toBe('must be no more than 253 characters');
    expect(isDNS1123Subdomain('a'.repeat(253))).toEqual([]);
  });
});
