import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { ScenarioError } from './scenario-error';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('base64url', () => {
  it.each([
    [bytes(), ''],
    [bytes(0x66), 'Zg'],
    [bytes(0x66, 0x6f), 'Zm8'],
    [bytes(0x66, 0x6f, 0x6f), 'Zm9v'],
    [bytes(0x66, 0x6f, 0x6f, 0x62, 0x61, 0x72), 'Zm9vYmFy'],
    [bytes(0xfb, 0xff, 0xbf), '-_-_'],
  ])('encodes %j as %s and back', (b, text) => {
    expect(encodeBase64Url(b)).toBe(text);
    expect(decodeBase64Url(text)).toEqual(b);
  });

  it('agrees with Node for every length up to 300 bytes', () => {
    const all = Uint8Array.from({ length: 300 }, (_, i) => (i * 151 + 7) & 0xff);
    for (let n = 0; n <= all.length; n++) {
      const b = all.subarray(0, n);
      const text = encodeBase64Url(b);
      expect(text).toBe(Buffer.from(b).toString('base64url'));
      expect(decodeBase64Url(text)).toEqual(b);
    }
  });

  it('accepts padding', () => {
    expect(decodeBase64Url('Zg==')).toEqual(bytes(0x66));
    expect(decodeBase64Url('Zm8=')).toEqual(bytes(0x66, 0x6f));
  });

  it.each([
    ['Zm9v!', `the link's payload is not valid base64url: character "!" at position 5`],
    ['Zm+v', `the link's payload is not valid base64url: character "+" at position 3 (standard base64, not base64url)`],
    ['Zm9/', `the link's payload is not valid base64url: character "/" at position 4 (standard base64, not base64url)`],
    ['Zm9vé', `the link's payload is not valid base64url: character "é" at position 5`],
    ['Zm9vY', `the link's payload is not valid base64url: 5 characters cannot encode whole bytes (the link may be cut off)`],
    ['Z=g', `the link's payload is not valid base64url: character "=" at position 2`],
  ])('refuses %j', (text, message) => {
    expect(() => decodeBase64Url(text)).toThrow(ScenarioError);
    expect(() => decodeBase64Url(text)).toThrow(message);
  });
});
