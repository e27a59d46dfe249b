/** The read-only view of the cluster one scheduling cycle works on (upstream's cache.Snapshot). */
import type { NodeInfo } from './node-info';

/** Node infos by name and in the node tree's zone-interleaved order. */
export class Snapshot {
  readonly nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  /** Nodes hosting pods with (anti-)affinity, for InterPodAffinity. */
  havePodsWithAffinityList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityList: NodeInfo[] = [];
  /** Each node's index in nodeInfoList, so one changed node is swapped in place. */
  private readonly position = new Map<string, number>();

  /** Sets the node order and rebuilds the lists (the node set changed). */
  setOrder(order: string[]): void {
    const list: NodeInfo[] = [];
    this.position.clear();
    for (const name of order) {
      const ni = this.nodeInfoMap.get(name);
      if (!ni) continue;
      this.position.set(name, list.length);
      list.push(ni);
    }
    this.nodeInfoList = list;
    this.refreshAffinityLists();
  }

  /** Puts a changed copy of a node already in the list where the old one was. */
  replace(old: NodeInfo, next: NodeInfo): void {
    const name = next.name;
    this.nodeInfoMap.set(name, next);
    const i = this.position.get(name);
    if (i !== undefined && this.nodeInfoList[i] === old) this.nodeInfoList[i] = next;
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
