/**
 * The snapshot's pods by each of their label values, cluster-wide, kept across cycles: a spreading
 * selector that requires `app=web` finds its few candidate pods (and their nodes) directly, instead
 * of counting on each of thousands of nodes. Caught up through the snapshot's log of node infos
 * changed in place; rebuilt when the node set changes or the log no longer reaches back.
 */
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';

/** What the index catches up from (the snapshot). */
export interface NodeChangeLog {
  readonly changeSeq: number;
  changesSince(seq: number): readonly NodeInfo[] | undefined;
}

const NONE: ReadonlyMap<PodInfo, NodeInfo> = new Map();

/** Pods by label value, with the node info listing each. */
export class PodValueIndex {
  private readonly byValue = new Map<string, Map<PodInfo, NodeInfo>>();
  /** Per indexed node info, the pod list it was indexed with (a changed node info gets a new list). */
  private readonly indexed = new Map<NodeInfo, readonly PodInfo[]>();
  private list: readonly NodeInfo[] = [];
  private seen = 0;

  /** Catches up with `list`, the snapshot's node list (`log` its change log; without one, rebuilds). */
  sync(list: readonly NodeInfo[], log: NodeChangeLog | undefined): void {
    const changed = log?.changesSince(this.seen);
    this.seen = log?.changeSeq ?? 0;
    if (list !== this.list || changed === undefined) {
      this.rebuild(list);
      return;
    }
    for (const ni of changed) {
      const before = this.indexed.get(ni);
      const now = list[ni.row] === ni ? ni.pods : undefined;
      if (before === now) continue;
      if (before !== undefined && now !== undefined) this.update(ni, before, now);
      else if (now !== undefined) this.add(ni);
      else {
        this.remove(before!);
        this.indexed.delete(ni);
      }
    }
  }

  /** The pods carrying `value` under some label key, each with its node info (terminating pods included). */
  podsWithValue(value: string): ReadonlyMap<PodInfo, NodeInfo> {
    return this.byValue.get(value) ?? NONE;
  }

  private rebuild(list: readonly NodeInfo[]): void {
    this.list = list;
    this.byValue.clear();
    this.indexed.clear();
    for (const ni of list) this.add(ni);
  }

  private add(ni: NodeInfo): void {
    this.indexed.set(ni, ni.pods);
    for (const pi of ni.pods) this.addPod(pi, ni);
  }

  private remove(pods: readonly PodInfo[]): void {
    for (const pi of pods) this.removePod(pi);
  }

  /**
   * Re-indexes a node info whose pod list changed. A pod update removes one pod info and appends
   * its successor, keeping the others in order, so one ordered walk finds what went and what came:
   * pod infos matched in order stay indexed; the unmatched of `before` go; `now` from the first
   * unmatched position on is (re-)added. Any other reordering only re-adds more than needed.
   */
  private update(ni: NodeInfo, before: readonly PodInfo[], now: readonly PodInfo[]): void {
    this.indexed.set(ni, now);
    let j = 0;
    for (const pi of before) {
      if (j < now.length && now[j] === pi) j++;
      else this.removePod(pi);
    }
    for (; j < now.length; j++) this.addPod(now[j], ni);
  }

  private addPod(pi: PodInfo, ni: NodeInfo): void {
    const labels = pi.pod.metadata.labels;
    for (const k in labels) {
      if (!Object.hasOwn(labels, k)) continue;
      const v = labels[k];
      const pods = this.byValue.get(v);
      if (pods === undefined) this.byValue.set(v, new Map([[pi, ni]]));
      else pods.set(pi, ni);
    }
  }

  private removePod(pi: PodInfo): void {
    const labels = pi.pod.metadata.labels;
    for (const k in labels) {
      if (!Object.hasOwn(labels, k)) continue;
      const v = labels[k];
      const listed = this.byValue.get(v);
      if (listed === undefined) continue;
      listed.delete(pi);
      if (listed.size === 0) this.byValue.delete(v);
    }
  }
}
