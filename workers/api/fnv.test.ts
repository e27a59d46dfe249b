import { describe, expect, it } from 'vitest';
import { fnv1aText } from './fnv';

describe('fnv1aText', () => {
  it('is FNV-1a 32 (the published test vectors for ASCII text)', () => {
    expect(fnv1aText('')).toBe(0x811c9dc5);
    expect(fnv1aText('a')).toBe(0xe40c292c);
    expect(fnv1aText('foobar')).toBe(0xbf9cf968);
  });
});
