/**
 * The read-only view of the cluster one scheduling cycle works on (upstream's cache.Snapshot). Between
 * cycles the cache updates changed node infos in place; the node list is rebuilt only when nodes come or go.
 */
import { NodeColumns } from './node-columns';
import type { NodeInfo } from './node-info';

/** The most in-place changes the snapshot remembers (indexes further behind start over). */
export const MAX_CHANGE_LOG = 4096;

/** Node infos by name and in the node tree's zone-interleaved order. */
export class Snapshot {
  // Node infos changed in place, oldest first; changeLog[0] has sequence number changeLogStart.
  private changeLog: NodeInfo[] = [];
  private changeLogStart = 0;
  readonly nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  /** Nodes hosting pods with (anti-)affinity, for InterPodAffinity. */
  havePodsWithAffinityList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityList: NodeInfo[] = [];
  /** The hot numbers of nodeInfoList, row i for node i. */
  columns = new NodeColumns(0);
  /** Sets the node order and rebuilds the lists (the node set changed). */
  setOrder(order: string[]): void {
    const list: NodeInfo[] = [];
    for (const name of order) {
      const ni = this.nodeInfoMap.get(name);
      if (ni) list.push(ni);
    }
    this.nodeInfoList = list;
    // Columns grow by doubling: nodes joining one by one must not reallocate them per join.
    if (this.columns.capacity < list.length) this.columns = new NodeColumns(Math.max(list.length, 2 * this.columns.capacity));
    for (let i = 0; i < list.length; i++) {
      list[i].row = i;
      this.columns.write(i, list[i]);
    }
    this.refreshAffinityLists();
  }

  /** Refreshes the row of a node info changed in place. */
  writeRow(ni: NodeInfo): void {
    if (ni.row >= 0 && this.nodeInfoList[ni.row] === ni) this.columns.write(ni.row, ni);
  }

  /** Notes a node info changed in place, for indexes kept across cycles (see changesSince). */
  noteChanged(ni: NodeInfo): void {
    this.changeLog.push(ni);
    if (this.changeLog.length > MAX_CHANGE_LOG) {
      const drop = this.changeLog.length >> 1;
      this.changeLog = this.changeLog.slice(drop);
      this.changeLogStart += drop;
    }
  }

  /** The sequence number the next in-place change gets. */
  get changeSeq(): number {
    return this.changeLogStart + this.changeLog.length;
  }

  /** The node infos changed in place since sequence number `seq` (repeats allowed); undefined when forgotten. */
  changesSince(seq: number): readonly NodeInfo[] | undefined {
    if (seq < this.changeLogStart || seq > this.changeSeq) return undefined;
    return this.changeLog.slice(seq - this.changeLogStart);
  }

  /** Rebuilds the (anti-)affinity lists in list order. */
  refreshAffinityLists(): void {
    const aff: NodeInfo[] = [];
    const anti: NodeInfo[] = [];
    for (const ni of this.nodeInfoList) {
      if (ni.podsWithAffinity.length > 0) aff.push(ni);
      if (ni.podsWithRequiredAntiAffinity.length > 0) anti.push(ni);
    }
    this.havePodsWithAffinityList = aff;
    this.havePodsWithRequiredAntiAffinityList = anti;
  }

  get(name: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(name);
  }

  numNodes(): number {
    return this.nodeInfoList.length;
  }
}
