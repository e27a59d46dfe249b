import { describe, expect, it } from 'vitest';
import { SchedulerCache } from '../framework/cache';
import { CycleState, type FilterPlugin, type ScorePlugin } from '../framework/interfaces';
import { newPodInfo } from '../framework/pod-info';
import { Snapshot } from '../framework/snapshot';
import type { Node, Pod } from '../framework/types';
import { makeNode, makePod } from '../testing/builders';
import { BalancedAllocation } from './balanced-allocation';
import { ImageLocality } from './image-locality';
import { NodeName } from './node-name';
import { NodeResourcesFit } from './node-resources-fit';
import { NodeUnschedulable } from './node-unschedulable';
import { TaintToleration } from './taint-toleration';

// Nodes and pods covering what the column shortcuts look at: flags, free room, slots, images.
const nodes: Node[] = [
  makeNode('plain', { cpu: '4', memory: '8Gi' }),
  makeNode('small', { cpu: '1', memory: '1Gi', pods: 2 }),
  makeNode('cordoned', { unschedulable: true }),
  makeNode('hard', { taints: [{ key: 'k', effect: 'NoSchedule' }] }),
  makeNode('soft', { taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }] }),
  makeNode('images', { images: [{ names: ['nginx:latest'], sizeBytes: 300 * 1024 * 1024 }] }),
  makeNode('big', { cpu: '64', memory: '256Gi', ephemeralStorage: '1Ti' }),
];
const bound: Pod[] = [
  makePod({ name: 'b1', cpu: '500m', memory: '512Mi', nodeName: 'small' }),
  makePod({ name: 'b2', cpu: '3', memory: '6Gi', nodeName: 'plain' }),
  makePod({ name: 'b3', nodeName: 'big' }),
];
const pods: Pod[] = [
  makePod(),
  makePod({ cpu: '500m', memory: '256Mi' }),
  makePod({ cpu: '2', memory: '4Gi' }),
  makePod({ cpu: '100', memory: '1Ti' }),
  makePod({ nodeName: 'plain' }),
  makePod({ tolerations: [{ operator: 'Exists' }] }),
  makePod({ images: ['nginx', 'busybox'], cpu: '10m' }),
];

function snapshotOf(): Snapshot {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addNode(n);
  for (const p of bound) cache.addPod(p);
  const s = new Snapshot();
  cache.updateSnapshot(s);
  return s;
}

describe('column shortcuts never change an outcome', () => {
  const snapshot = snapshotOf();
  const filters: FilterPlugin[] = [new NodeUnschedulable(), new NodeName(), new TaintToleration(), new NodeResourcesFit()];
  const scores: ScorePlugin[] = [new NodeResourcesFit(), new BalancedAllocation(), new TaintToleration(), new ImageLocality(() => nodes.length)];

  it.each(filters.map((p) => [p.name, p] as const))('%s filterFast implies Success', (_name, p) => {
    let fast = 0;
    for (const pod of pods) {
      const pi = newPodInfo(pod);
      for (const ni of snapshot.nodeInfoList) {
        const state = new CycleState();
        if (!p.filterFast!(state, pi, snapshot.columns, ni.row)) continue;
        fast++;
        expect(p.filter(state, pi, ni).isSuccess(), `${pod.metadata.name} on ${ni.name}`).toBe(true);
      }
    }
    expect(fast).toBeGreaterThan(0);
  });

  it.each(filters.map((p) => [p.name, p] as const))('%s filterFastRows clears exactly where filterFast is false', (_name, p) => {
    const rows = Int32Array.from(snapshot.nodeInfoList.map((ni) => ni.row).reverse());
    for (const pod of pods) {
      const pi = newPodInfo(pod);
      const state = new CycleState();
      const pass = new Uint8Array(rows.length).fill(1);
      pass[0] = 0;
      p.filterFastRows!(state, pi, snapshot.columns, rows, pass);
      const want = [...rows].map((row, i) => (i > 0 && p.filterFast!(state, pi, snapshot.columns, row) ? 1 : 0));
      expect([...pass], pod.metadata.name).toEqual(want);
    }
  });

  it.each(scores.map((p) => [p.name, p] as const))('%s scoreFast equals score', (_name, p) => {
    for (const pod of pods) {
      const pi = newPodInfo(pod);
      const state = new CycleState();
      (p as Partial<{ preScore: (s: CycleState, pi: unknown, n: unknown) => unknown }>).preScore?.(state, pi, snapshot.nodeInfoList);
      for (const ni of snapshot.nodeInfoList) {
        const fast = p.scoreFast!(state, pi, snapshot.columns, ni.row);
        if (fast >= 0) expect(fast, `${pod.metadata.name} on ${ni.name}`).toBe(p.score(state, pi, ni));
      }
    }
  });

  it.each(scores.map((p) => [p.name, p] as const))('%s scoreFastRows equals scoreFast row by row', (_name, p) => {
    const rows = Int32Array.from(snapshot.nodeInfoList.map((ni) => ni.row).reverse());
    for (const pod of pods) {
      const pi = newPodInfo(pod);
      const state = new CycleState();
      (p as Partial<{ preScore: (s: CycleState, pi: unknown, n: unknown) => unknown }>).preScore?.(state, pi, snapshot.nodeInfoList);
      const out = new Float64Array(rows.length);
      p.scoreFastRows!(state, pi, snapshot.columns, rows, out);
      expect([...out], pod.metadata.name).toEqual([...rows].map((row) => p.scoreFast!(state, pi, snapshot.columns, row)));
    }
  });

  it('rows follow in-place updates of the snapshot', () => {
    const cache = new SchedulerCache();
    for (const n of nodes) cache.addNode(n);
    const s = new Snapshot();
    cache.updateSnapshot(s);
    const plain = s.get('plain')!;
    cache.assumePod(makePod({ name: 'x', cpu: '3500m' }), 'plain');
    cache.updateSnapshot(s);
    expect(s.columns.reqMilliCPU[plain.row]).toBe(3500);
    expect(new NodeResourcesFit().filterFast(new CycleState(), newPodInfo(makePod({ cpu: '1' })), s.columns, plain.row)).toBe(false);
  });
});
