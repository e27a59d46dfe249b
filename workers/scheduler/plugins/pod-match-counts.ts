/**
 * How many of a node's pods a spreading selector matches, kept per selector across cycles.
 * Upstream's PodTopologySpread counts a scored node's pods again in every Score call (its hostname
 * domains) and every PreScore (the other domains); a cycle here changes one or two node infos, so a
 * count stays valid while its node info's generation is unchanged, and most cycles only read them.
 */
import type { LabelMatcher } from '../framework/label-matcher';
import type { NodeInfo } from '../framework/node-info';

/** Pods on the node a selector counts: the selector's namespace, a label match, not terminating. */
export function countMatchingPods(ni: NodeInfo, namespace: string, matches: LabelMatcher): number {
  let n = 0;
  for (const p of ni.pods) {
    const m = p.pod.metadata;
    if (m.deletionTimestamp || m.namespace !== namespace) continue;
    if (matches(m.labels)) n++;
  }
  return n;
}

/** One selector's counts per snapshot row, each valid for the generation it was counted at. */
export class PodMatchCounts {
  private generations: Float64Array;
  private counts: Int32Array;

  constructor(
    private namespace: string,
    private matches: LabelMatcher,
    rows: number,
  ) {
    this.generations = new Float64Array(rows).fill(-1);
    this.counts = new Int32Array(rows);
  }

  /** Matching pods on `ni`; counted afresh only when the node info changed since the last count. */
  at(ni: NodeInfo): number {
    const row = ni.row;
    // Copies outside the snapshot (preemption's trials) have no row: counted every time.
    if (row < 0) return countMatchingPods(ni, this.namespace, this.matches);
    if (row >= this.generations.length) this.grow(row + 1);
    // A generation belongs to one node info's one state (a global counter), so a row whose node
    // changed, or now holds another node, never reads a stale count.
    if (this.generations[row] === ni.generation) return this.counts[row];
    const n = countMatchingPods(ni, this.namespace, this.matches);
    this.generations[row] = ni.generation;
    this.counts[row] = n;
    return n;
  }

  /** Starts over for another selector, keeping the memory (the cache recycles evicted counts). */
  reuse(namespace: string, matches: LabelMatcher): void {
    this.namespace = namespace;
    this.matches = matches;
    this.generations.fill(-1);
  }

  /** Rows held. */
  get rows(): number {
    return this.generations.length;
  }

  private grow(rows: number): void {
    const size = Math.max(rows, 2 * this.generations.length);
    const generations = new Float64Array(size).fill(-1);
    generations.set(this.generations);
    const counts = new Int32Array(size);
    counts.set(this.counts);
    this.generations = generations;
    this.counts = counts;
  }
}

/** Cells (selector x row) kept at most: 12 bytes each, so about 24 MB. */
export const MAX_MATCH_COUNT_CELLS = 2_000_000;
/** Selectors kept at least, however many nodes. */
const MIN_SELECTORS = 16;

/** PodMatchCounts by selector id (namespace and selector), least recently used evicted first. */
export class PodMatchCountsCache {
  private readonly byId = new Map<number, PodMatchCounts>();

  constructor(private readonly maxCells = MAX_MATCH_COUNT_CELLS) {}

  /** The counts for the selector `id` stands for (`namespace`, `matches`), over `rows` snapshot rows. */
  get(id: number, namespace: string, matches: LabelMatcher, rows: number): PodMatchCounts {
    let c = this.byId.get(id);
    if (c) {
      this.byId.delete(id);
      this.byId.set(id, c);
      return c;
    }
    const max = Math.max(MIN_SELECTORS, Math.floor(this.maxCells / Math.max(1, rows)));
    while (this.byId.size >= max) {
      const [oldest, evicted] = this.byId.entries().next().value as [number, PodMatchCounts];
      this.byId.delete(oldest);
      // Recycled only when it fits: the node list may have grown since it was made.
      if (evicted.rows >= rows) c = evicted;
    }
    if (c) c.reuse(namespace, matches);
    else c = new PodMatchCounts(namespace, matches, rows);
    this.byId.set(id, c);
    return c;
  }

  /** Selectors kept now. */
  get size(): number {
    return this.byId.size;
  }
}
