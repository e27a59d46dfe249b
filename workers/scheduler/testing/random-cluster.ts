/**
 * A scheduler cache and snapshot changed by seeded random operations, for tests that check kept
 * indexes against counting from scratch after every change.
 */
import type { TestRng } from '../../apiserver/testkit';
import { SchedulerCache } from '../framework/cache';
import { Snapshot } from '../framework/snapshot';
import type { Pod } from '../framework/types';
import { makeNode, makePod } from './builders';

const ZONE = 'topology.kubernetes.io/zone';
const RACK = 'example.com/rack';
/** The node label keys RandomCluster sets (each on most nodes, not all). */
export const RANDOM_CLUSTER_KEYS = { ZONE, RACK };

/** A cache and snapshot changed by seeded random operations: pods come, change and go, nodes join, leave, relabel, get tainted. */
export class RandomCluster {
  readonly cache = new SchedulerCache();
  readonly snapshot = new Snapshot();
  private readonly pods: Pod[] = [];
  private readonly nodes = new Set<string>();
  private next = 0;

  constructor(readonly rng: TestRng) {}

  private nodeObject(name: string) {
    const labels: Record<string, string> = {};
    if (this.rng.int(6) > 0) labels[ZONE] = `zone-${this.rng.int(3)}`;
    if (this.rng.int(4) > 0) labels[RACK] = `rack-${this.rng.int(5)}`;
    const taints = this.rng.int(5) === 0 ? [{ key: 'dedicated', effect: 'NoSchedule' }] : undefined;
    return makeNode(name, { labels, taints });
  }

  step(): void {
    const op = this.rng.int(10);
    const names = [...this.nodes];
    if (op === 0 || names.length === 0) {
      const name = `n${this.next++}`;
      this.nodes.add(name);
      this.cache.addNode(this.nodeObject(name));
    } else if (op === 1 && names.length > 3) {
      const name = names[this.rng.int(names.length)];
      this.nodes.delete(name);
      this.cache.removeNode(makeNode(name));
    } else if (op === 2) {
      this.cache.updateNode(this.nodeObject(names[this.rng.int(names.length)]));
    } else if (op <= 6) {
      // Some pods carry a value under another key too (an index by label value must not count them for app=).
      const labels: Record<string, string> = { app: ['a', 'b'][this.rng.int(2)] };
      if (this.rng.int(3) === 0) labels.tier = ['a', 'b'][this.rng.int(2)];
      const pod = makePod({ name: `p${this.next++}`, namespace: ['default', 'other'][this.rng.int(2)], labels, nodeName: names[this.rng.int(names.length)] });
      this.pods.push(pod);
      if (this.rng.int(2) === 0) this.cache.addPod(pod);
      else this.cache.assumePod({ ...pod, spec: { ...pod.spec, nodeName: undefined } }, pod.spec.nodeName!);
    } else if (op === 7 && this.pods.length > 0) {
      // A pod turns terminating (no longer counted by spreading) or changes its labels.
      const i = this.rng.int(this.pods.length);
      const old = this.pods[i];
      const metadata = this.rng.int(2) === 0 ? { ...old.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } : { ...old.metadata, labels: { app: ['a', 'b', 'c'][this.rng.int(3)] } };
      this.pods[i] = { ...old, metadata };
      this.cache.updatePod(old, this.pods[i]);
    } else if (this.pods.length > 0) {
      const [pod] = this.pods.splice(this.rng.int(this.pods.length), 1);
      this.cache.removePod(pod);
    }
    this.cache.updateSnapshot(this.snapshot);
  }
}

