/**
 * The node IPAM controller with upstream's RangeAllocator: each node gets a pod CIDR (a /24 of
 * 10.244.0.0/16, as kind configures it) written to spec.podCIDR and spec.podCIDRs; CIDRs of deleted
 * nodes go back to the pool.
 */
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { objectOfDelete, type SharedInformer } from '../../client/informer';
import { WorkQueue } from '../../client/workqueue';
import { isNotFound } from '../api-errors';
import { InformerSet, type InformerSource } from '../informer-set';
import { QueueWorker } from '../shared/queue-worker';
import { CidrSet } from './cidr-set';

/** kind's default pod subnet. */
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
/** Upstream --node-cidr-mask-size for IPv4. */
export const DEFAULT_NODE_CIDR_MASK_SIZE = 24;

const NODES = { group: '', version: 'v1', resource: 'nodes' };

type Node = KubeObject & { spec?: { podCIDR?: string; podCIDRs?: string[] } };

/** Allocates pod CIDRs to nodes. */
export class NodeIpamController {
  readonly nodes: SharedInformer<Node>;
  readonly queue: WorkQueue<string>;
  readonly cidrs: CidrSet;
  private readonly informerSet: InformerSet;
  private readonly worker: QueueWorker;
  private occupiedInitial = false;
  /** CIDRs this controller patched onto nodes (by node uid) that the cache may not show yet. */
  private readonly assigned = new Map<string, string>();

  constructor(
    private readonly ctx: ComponentContext,
    opts: { clusterCidr?: string; nodeCidrMaskSize?: number; informers?: InformerSource } = {},
  ) {
    this.cidrs = new CidrSet(opts.clusterCidr ?? DEFAULT_CLUSTER_CIDR, opts.nodeCidrMaskSize ?? DEFAULT_NODE_CIDR_MASK_SIZE);
    this.informerSet = new InformerSet(ctx, opts.informers);
    this.nodes = this.informerSet.get<Node>(NODES, 'nodeipam');
    this.queue = new WorkQueue<string>({ clock: ctx.clock, timers: ctx.timers, name: 'node_ipam' });
    this.worker = new QueueWorker(this.queue, ctx.timers, (k) => this.sync(k), { name: 'node_ipam' });
    this.informerSet.on(this.nodes, {
      onAdd: (n) => this.queue.add(n.metadata.name!),
      onUpdate: (_o, n) => this.queue.add(n.metadata.name!),
      onDelete: (x) => {
        const node = objectOfDelete(x);
        const cidr = node.spec?.podCIDR ?? this.assigned.get(node.metadata.uid ?? '');
        this.assigned.delete(node.metadata.uid ?? '');
        if (cidr) this.cidrs.release(cidr);
      },
    });
  }

  start(): void {
    this.informerSet.start();
    this.worker.start();
  }

  stop(): void {
    this.worker.stop();
    this.informerSet.stop();
  }

  /** Gives one node a CIDR when it has none. */
  async sync(name: string): Promise<void> {
    if (!this.nodes.hasSynced()) return void this.queue.addAfter(name, 100);
    if (!this.occupiedInitial) {
      // Existing assignments are taken before anything new is handed out, as upstream's start-up does.
      for (const n of this.nodes.lister.list()) if (n.spec?.podCIDR) this.cidrs.occupy(n.spec.podCIDR);
      this.occupiedInitial = true;
    }
    const node = this.nodes.lister.get('', name);
    if (!node) return;
    const uid = node.metadata.uid ?? '';
    if (node.spec?.podCIDR) {
      const ours = this.assigned.get(uid);
      this.assigned.delete(uid);
      // Someone else set a different CIDR meanwhile: ours goes back to the pool, theirs is taken.
      if (ours && ours !== node.spec.podCIDR) this.cidrs.release(ours);
      this.cidrs.occupy(node.spec.podCIDR);
      return;
    }
    // Our patch is on its way to the cache; allocating again would hand the node a second range.
    if (this.assigned.has(uid)) return;
    const cidr = this.cidrs.allocateNext();
    if (!cidr) {
      this.ctx.recorder.event(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
      throw new Error('failed to allocate cidr from cluster cidr at idx:0: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range');
    }
    try {
      await this.ctx.client.resource<Node>(NODES).patch(name, 'strategic', { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
      this.assigned.set(uid, cidr);
    } catch (err) {
      this.cidrs.release(cidr);
      if (isNotFound(err)) return;
      this.ctx.recorder.event(node, 'Normal', 'CIDRAssignmentFailed', `Node ${name} status is now: CIDRAssignmentFailed`);
      throw err;
    }
  }
}
