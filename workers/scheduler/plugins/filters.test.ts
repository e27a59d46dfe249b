import { describe, expect, it } from 'vitest';
import { CycleState, type FilterPlugin, type PreFilterPlugin } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import { newPodInfo } from '../framework/pod-info';
import { Code } from '../framework/status';
import type { Pod } from '../framework/types';
import { makeNode, makeNodeInfo, makePod } from '../testing/builders';
import { NodeAffinity } from './node-affinity';
import { NodeName } from './node-name';
import { NodePorts } from './node-ports';
import { NodeResourcesFit } from './node-resources-fit';
import { NodeUnschedulable } from './node-unschedulable';
import { TaintToleration } from './taint-toleration';

/** Runs PreFilter (if any) then Filter; returns "Code: reasons" or "Success" / "Skip". */
function run(p: FilterPlugin & Partial<PreFilterPlugin>, pod: Pod, ni: NodeInfo): string {
  const state = new CycleState();
  const pi = newPodInfo(pod);
  const pre = p.preFilter?.(state, pi, [ni]);
  if (pre?.isSkip()) return 'Skip';
  const s = p.filter(state, pi, ni);
  return s.isSuccess() ? 'Success' : `${Code[s.code]}: ${s.reasons.join(' | ')}`;
}

const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

describe('NodeUnschedulable', () => {
  it.each([
    ['schedulable node', makePod(), makeNode('a'), 'Success'],
    ['cordoned node', makePod(), makeNode('a', { unschedulable: true }), 'UnschedulableAndUnresolvable: node(s) were unschedulable'],
    ['cordoned, tolerated', makePod({ tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }), makeNode('a', { unschedulable: true }), 'Success'],
  ])('%s', (_n, pod, node, want) => expect(run(new NodeUnschedulable(), pod, makeNodeInfo(node))).toBe(want));
});

describe('NodeName', () => {
  it.each([
    ['no nodeName', makePod(), 'Success'],
    ['matching', makePod({ nodeName: 'a' }), 'Success'],
    ['other node', makePod({ nodeName: 'b' }), "UnschedulableAndUnresolvable: node(s) didn't match the requested node name"],
  ])('%s', (_n, pod, want) => expect(run(new NodeName(), pod, makeNodeInfo(makeNode('a')))).toBe(want));
});

describe('TaintToleration filter', () => {
  it.each([
    ['untainted', makePod(), makeNode('a'), 'Success'],
    ['NoSchedule taint', makePod(), makeNode('a', { taints: [cp] }), 'UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    ['taint with value', makePod(), makeNode('a', { taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }] }), 'UnschedulableAndUnresolvable: node(s) had untolerated taint {k: v}'],
    ['PreferNoSchedule does not filter', makePod(), makeNode('a', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }), 'Success'],
    ['tolerated by Exists', makePod({ tolerations: [{ key: cp.key, operator: 'Exists' }] }), makeNode('a', { taints: [cp] }), 'Success'],
    ['empty key Exists tolerates all', makePod({ tolerations: [{ operator: 'Exists' }] }), makeNode('a', { taints: [cp] }), 'Success'],
    ['Equal with wrong value', makePod({ tolerations: [{ key: 'k', value: 'x', effect: 'NoSchedule' }] }), makeNode('a', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), 'UnschedulableAndUnresolvable: node(s) had untolerated taint {k: v}'],
  ])('%s', (_n, pod, node, want) => expect(run(new TaintToleration(), pod, makeNodeInfo(node))).toBe(want));
});

describe('NodeAffinity filter', () => {
  const zoneA = makeNode('a', { labels: { zone: 'a', disk: 'ssd' } });
  const req = (op: string, values: string[]) => ({
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: op, values }] }] } },
  });
  it.each([
    ['nothing asked', makePod(), 'Skip'],
    ['nodeSelector matches', makePod({ nodeSelector: { disk: 'ssd' } }), 'Success'],
    ['nodeSelector misses', makePod({ nodeSelector: { disk: 'hdd' } }), "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector"],
    ['required In', makePod({ affinity: req('In', ['a', 'b']) }), 'Success'],
    ['required NotIn', makePod({ affinity: req('NotIn', ['a']) }), "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector"],
  ])('%s', (_n, pod, want) => expect(run(new NodeAffinity(), pod, makeNodeInfo(zoneA))).toBe(want));
});

describe('NodePorts', () => {
  const busy = makeNodeInfo(makeNode('a'), makePod({ hostPorts: [8080] }));
  it.each([
    ['no host ports', makePod(), 'Skip'],
    ['free port', makePod({ hostPorts: [9090] }), 'Success'],
    ['taken port', makePod({ hostPorts: [8080] }), "Unschedulable: node(s) didn't have free ports for the requested pod ports"],
  ])('%s', (_n, pod, want) => expect(run(new NodePorts(), pod, busy)).toBe(want));
});

describe('NodeResourcesFit filter', () => {
  const node = makeNode('a', { cpu: '2', memory: '4Gi', pods: 2 });
  it.each([
    ['fits', makePod({ cpu: '1', memory: '1Gi' }), [], 'Success'],
    ['more cpu than free', makePod({ cpu: '1500m' }), [makePod({ cpu: '1' })], 'Unschedulable: Insufficient cpu'],
    ['more cpu than the whole node: unresolvable', makePod({ cpu: '3' }), [], 'UnschedulableAndUnresolvable: Insufficient cpu'],
    ['more memory than the whole node', makePod({ memory: '5Gi' }), [], 'UnschedulableAndUnresolvable: Insufficient memory'],
    ['cpu and memory', makePod({ cpu: '1500m', memory: '4Gi' }), [makePod({ cpu: '1', memory: '1Gi' })], 'Unschedulable: Insufficient cpu | Insufficient memory'],
    ['pod slots', makePod(), [makePod(), makePod()], 'Unschedulable: Too many pods'],
    ['best effort pod only needs a slot', makePod(), [makePod({ cpu: '2' })], 'Success'],
  ])('%s', (_n, pod, existing, want) => expect(run(new NodeResourcesFit(), pod, makeNodeInfo(node, ...existing))).toBe(want));
});
