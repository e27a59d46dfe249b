/**
 * The read-only view of the cluster one scheduling cycle works on (upstream's cache.Snapshot). Between
 * cycles the cache updates changed node infos in place; the node list is rebuilt only when nodes come or go.
 */
import type { NodeInfo } from './node-info';

/** Node infos by name and in the node tree's zone-interleaved order. */
export class Snapshot {
  readonly nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  /** Nodes hosting pods with (anti-)affinity, for InterPodAffinity. */
  havePodsWithAffinityList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityList: NodeInfo[] = [];
  /** Sets the node order and rebuilds the lists (the node set changed). */
  setOrder(order: string[]): void {
    const list: NodeInfo[] = [];
    for (const name of order) {
      const ni = this.nodeInfoMap.get(name);
      if (ni) list.push(ni);
    }
    this.nodeInfoList = list;
    this.refreshAffinityLists();
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
