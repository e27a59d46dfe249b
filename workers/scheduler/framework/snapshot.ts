/**
 * The read-only view of the cluster one scheduling cycle works on (upstream's cache.Snapshot). Between
 * cycles the cache updates changed node infos in place; the node list is rebuilt only when nodes come or go.
 */
import { NodeColumns } from './node-columns';
import type { NodeInfo } from './node-info';

/** Node infos by name and in the node tree's zone-interleaved order. */
export class Snapshot {
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
