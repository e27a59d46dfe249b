/**
 * The store's keys in byte order, as etcd ranges them. A two-level B+ tree (sorted blocks of sorted
 * keys) keeps inserts cheap at 150,000 keys, where one sorted array would move half of itself per insert.
 */

/** Blocks split when they grow past this; a few hundred keep both searches and splices short. */
const MAX_BLOCK = 512;

/** Where a key sits or would sit: block index and index inside the block. */
interface Position {
  block: number;
  index: number;
}

/** A sorted set of strings with range scans and range counts. */
export class SortedKeys {
  private blocks: string[][] = [];
  private total = 0;

  get size(): number {
    return this.total;
  }

  /** Adds `key`; returns false when it was already there. */
  add(key: string): boolean {
    if (this.blocks.length === 0) {
      this.blocks.push([key]);
      this.total = 1;
      return true;
    }
    let { block, index } = this.lowerBound(key);
    if (block === this.blocks.length) {
      block = this.blocks.length - 1;
      index = this.blocks[block].length;
    }
    const keys = this.blocks[block];
    if (keys[index] === key) return false;
    keys.splice(index, 0, key);
    this.total++;
    if (keys.length > MAX_BLOCK) this.blocks.splice(block + 1, 0, keys.splice(keys.length >> 1));
    return true;
  }

  /** Removes `key`; returns false when it was not there. */
  delete(key: string): boolean {
    const { block, index } = this.lowerBound(key);
    const keys = this.blocks[block];
    if (!keys || keys[index] !== key) return false;
    keys.splice(index, 1);
    this.total--;
    if (keys.length === 0) this.blocks.splice(block, 1);
    return true;
  }

  has(key: string): boolean {
    const { block, index } = this.lowerBound(key);
    return this.blocks[block]?.[index] === key;
  }

  /** How many keys are >= lo and < hi. */
  countRange(lo: string, hi: string): number {
    return hi <= lo ? 0 : this.rank(hi) - this.rank(lo);
  }

  /**
   * Visits keys >= from (> from when `exclusive`) in order until `visit` returns false or a key is
   * >= `until`.
   */
  scan(from: string, exclusive: boolean, until: string, visit: (key: string) => boolean): void {
    let { block, index } = this.lowerBound(from);
    for (; block < this.blocks.length; block++, index = 0) {
      const keys = this.blocks[block];
      for (; index < keys.length; index++) {
        const key = keys[index];
        if (key >= until) return;
        if (exclusive && key === from) continue;
        if (!visit(key)) return;
      }
    }
  }

  /** Number of keys < key. */
  private rank(key: string): number {
    const { block, index } = this.lowerBound(key);
    let n = index;
    for (let b = 0; b < block; b++) n += this.blocks[b].length;
    return n;
  }

  /** The first position whose key is >= `key`; block === blocks.length when every key is smaller. */
  private lowerBound(key: string): Position {
    const blocks = this.blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const last = blocks[mid][blocks[mid].length - 1];
      if (last < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo === blocks.length) return { block: lo, index: 0 };
    const keys = blocks[lo];
    let a = 0;
    let b = keys.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (keys[mid] < key) a = mid + 1;
      else b = mid;
    }
    return { block: lo, index: a };
  }
}

/** The smallest string greater than every key starting with `prefix` (keys are ASCII paths). */
export function prefixEnd(prefix: string): string {
  return prefix + '\uffff';
}
