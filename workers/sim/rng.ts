/**
 * The seeded random source of the simulation: sfc32 (Chris Doty-Humphrey's small fast chaotic
 * generator), seeded by hashing a string key, so a seed and a fork label always yield one stream.
 */
import type { Rng } from './types';

/** Hashes a string into four 32-bit words (a cyrb128-style mix) to seed sfc32. */
function hashKey(key: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** Deterministic Rng; `fork(label)` depends only on the seed and the label, never on draws made. */
export class SeededRng implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** The string every fork derives from (`"42"`, `"42/apiserver"`). */
  readonly key: string;

  constructor(seed: number | string) {
    this.key = String(seed);
    [this.a, this.b, this.c, this.d] = hashKey(this.key);
    // sfc32 wants a short warm-up before its output is well mixed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  int(n: number): number {
    if (!(n > 0)) throw new RangeError(`rng.int: n must be positive, got ${n}`);
    return Math.floor(this.next() * n);
  }

  string(length: number, alphabet: string): string {
    // Joined, not appended: a long id (a 64-digit container id) would otherwise stay a rope of one
    // cons cell per character for as long as anything holds it.
    const chars: string[] = [];
    for (let i = 0; i < length; i++) chars.push(alphabet[this.int(alphabet.length)]);
    return chars.join('');
  }

  fork(label: string): SeededRng {
    return new SeededRng(`${this.key}/${label}`);
  }

  /** The generator's internal state, to persist and restore a stream mid-way. */
  snapshot(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }

  /** Restores a state taken by `snapshot`. */
  restore(state: readonly [number, number, number, number]): void {
    [this.a, this.b, this.c, this.d] = state;
  }
}
