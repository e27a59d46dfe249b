/** The read-only view of the cluster one scheduling cycle works on (upstream's cache.Snapshot). */
import type { NodeInfo } from './node-info';

/** Node infos by name and in the node tree's zone-interleaved order. */
export class Snapshot {
  readonly nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  /** Nodes hosting pods with (anti-)affinity, for InterPodAffinity. */
  havePodsWithAffinityList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityList: NodeInfo[] = [];
  private order: string[] = [];

  /** Sets the node order and rebuilds the lists. */
  setOrder(order: string[]): void {
    this.order = order;
    this.refreshList();
  }

  /** Rebuilds the lists from the map in the current order. */
  refreshList(): void {
    const list: NodeInfo[] = [];
    const aff: NodeInfo[] = [];
    const anti: NodeInfo[] = [];
    for (const name of this.order) {
      const ni = this.nodeInfoMap.get(name);
      if (!ni) continue;
      list.push(ni);
      if (ni.podsWithAffinity.length > 0) aff.push(ni);
      if (ni.podsWithRequiredAntiAffinity.length > 0) anti.push(ni);
    }
    this.nodeInfoList = list;
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
