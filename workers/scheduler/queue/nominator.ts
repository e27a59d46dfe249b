/**
 * Pods nominated to a node by preemption (status.nominatedNodeName) but not yet bound, as upstream's
 * nominator: other pods of equal or lower priority see them as already on that node, so the room
 * preemption made is not taken by someone else.
 */
import type { Pod } from '../framework/types';

/** Nominated pods by node. */
export class Nominator {
  private readonly byNode = new Map<string, Map<string, Pod>>();
  private readonly nodeOf = new Map<string, string>();

  /** How many pods are nominated. */
  get size(): number {
    return this.nodeOf.size;
  }

  /** Records (or moves) the pod's nomination. */
  add(pod: Pod, nodeName: string): void {
    this.delete(pod);
    const uid = pod.metadata.uid!;
    let m = this.byNode.get(nodeName);
    if (!m) this.byNode.set(nodeName, (m = new Map()));
    m.set(uid, pod);
    this.nodeOf.set(uid, nodeName);
  }

  delete(pod: Pod): void {
    const uid = pod.metadata.uid!;
    const node = this.nodeOf.get(uid);
    if (node === undefined) return;
    this.nodeOf.delete(uid);
    const m = this.byNode.get(node)!;
    m.delete(uid);
    if (m.size === 0) this.byNode.delete(node);
  }

  /** Follows a pod from the informer: pending with a nomination, or not. */
  update(pod: Pod): void {
    const nominated = pod.status?.nominatedNodeName;
    if (!pod.spec.nodeName && nominated) this.add(pod, nominated);
    else this.delete(pod);
  }

  /** The pods nominated to the node. */
  nominatedPodsForNode(nodeName: string): Pod[] {
    const m = this.byNode.get(nodeName);
    return m ? [...m.values()] : [];
  }
}
