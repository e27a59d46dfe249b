import { describe, expect, it } from 'vitest';
import { selectorFromSet } from '../../api/selectors';
import { CycleState } from '../framework/interfaces';
import type { NodeInfo } from '../framework/node-info';
import { newPodInfo } from '../framework/pod-info';
import { Code } from '../framework/status';
import type { Pod } from '../framework/types';
import { makeNode, makeNodeInfo, makePod } from '../testing/builders';
import { InterPodAffinity } from './inter-pod-affinity';
import { PodTopologySpread } from './pod-topology-spread';

const zone = (name: string, z: string, ...pods: Pod[]) => makeNodeInfo(makeNode(name, { labels: { 'topology.kubernetes.io/zone': z } }), ...pods);
const web = () => makePod({ labels: { app: 'web' } });

function filterAll(p: InterPodAffinity | PodTopologySpread, pod: Pod, nodes: NodeInfo[]): string[] {
  const state = new CycleState();
  const pi = newPodInfo(pod);
  const pre = p.preFilter(state, pi, nodes);
  if (pre.isSkip()) return nodes.map(() => 'Success');
  return nodes.map((n) => {
    const s = p.filter(state, pi, n);
    return s.isSuccess() ? 'Success' : `${Code[s.code]}: ${s.message()}`;
  });
}

describe('PodTopologySpread filter', () => {
  const constraint = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } };
  it('rejects the domain that would exceed maxSkew, and nodes without the key', () => {
    const nodes = [zone('a1', 'a', web(), web()), zone('b1', 'b', web()), makeNodeInfo(makeNode('x'))];
    const pod = makePod({ labels: { app: 'web' }, topologySpreadConstraints: [constraint] });
    expect(filterAll(new PodTopologySpread(), pod, nodes)).toEqual([
      "Unschedulable: node(s) didn't match pod topology spread constraints",
      'Success',
      "UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)",
    ]);
  });
  it('recounts a node whose pods changed (per-node counts are cached by generation)', () => {
    const a1 = zone('a1', 'a', web());
    const b1 = zone('b1', 'b', web());
    const pod = makePod({ labels: { app: 'web' }, topologySpreadConstraints: [constraint] });
    expect(filterAll(new PodTopologySpread(), pod, [a1, b1])).toEqual(['Success', 'Success']);
    b1.addPod(newPodInfo({ ...web(), spec: { ...web().spec, nodeName: 'b1' } }));
    expect(filterAll(new PodTopologySpread(), pod, [a1, b1])).toEqual(['Success', "Unschedulable: node(s) didn't match pod topology spread constraints"]);
    b1.removePod(b1.pods[1].pod);
    expect(filterAll(new PodTopologySpread(), pod, [a1, b1])).toEqual(['Success', 'Success']);
  });
  it('minDomains above the domain count makes the global minimum 0', () => {
    const nodes = [zone('a1', 'a', web()), zone('b1', 'b', web())];
    const pod = makePod({ labels: { app: 'web' }, topologySpreadConstraints: [{ ...constraint, minDomains: 3 }] });
    expect(filterAll(new PodTopologySpread(), pod, nodes)).toEqual([
      "Unschedulable: node(s) didn't match pod topology spread constraints",
      "Unschedulable: node(s) didn't match pod topology spread constraints",
    ]);
  });
});

describe('InterPodAffinity filter', () => {
  const term = { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'topology.kubernetes.io/zone' };
  it.each([
    [
      'required affinity: only the zone with a match',
      makePod({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } }),
      ['Success', "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules"],
    ],
    [
      'required anti-affinity: not the zone with a match',
      makePod({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } }),
      ["Unschedulable: node(s) didn't match pod anti-affinity rules", 'Success'],
    ],
  ])('%s', (_n, pod, want) => {
    const nodes = [zone('a1', 'a', web()), zone('b1', 'b')];
    expect(filterAll(new InterPodAffinity(() => nodes, () => [], () => []), pod, nodes)).toEqual(want);
  });

  it("existing pods' anti-affinity keeps a matching pod out of their zone", () => {
    const guard = makePod({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } });
    const nodes = [zone('a1', 'a', guard), zone('b1', 'b')];
    const p = new InterPodAffinity(() => nodes, () => [nodes[0]], () => [nodes[0]]);
    expect(filterAll(p, web(), nodes)).toEqual(["Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules", 'Success']);
  });

  it('the first pod of a self-selecting group may go anywhere', () => {
    const pod = makePod({ labels: { app: 'web' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } });
    const nodes = [zone('a1', 'a'), zone('b1', 'b')];
    expect(filterAll(new InterPodAffinity(() => nodes), pod, nodes)).toEqual(['Success', 'Success']);
  });
});

function scoreAll(p: InterPodAffinity | PodTopologySpread, pod: Pod, nodes: NodeInfo[]): number[] {
  const state = new CycleState();
  const pi = newPodInfo(pod);
  if (p.preScore(state, pi, nodes).isSkip()) return [];
  const s = nodes.map((n) => p.score(state, pi, n));
  p.normalizeScore(state, pi, s, nodes);
  return s;
}

describe('PodTopologySpread score', () => {
  it('favours the emptier domain and zeroes nodes without the key', () => {
    const nodes = [zone('a1', 'a', web(), web()), zone('a2', 'a'), zone('b1', 'b', web()), makeNodeInfo(makeNode('x'))];
    const soft = { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } };
    const pod = makePod({ labels: { app: 'web' }, topologySpreadConstraints: [soft] });
    // Zone a holds 2, zone b 1; weight ln(2 + 2): raw round(2 x 1.386) = 3 and round(1.386) = 1.
    // Normalized: 100 x (3 + 1 - s) / 3 -> 33 for zone a, 100 for zone b; x is ignored (0).
    expect(scoreAll(new PodTopologySpread(() => nodes), pod, nodes)).toEqual([33, 33, 100, 0]);
    expect(scoreAll(new PodTopologySpread(() => nodes), makePod(), nodes)).toEqual([]);
  });

  it('spreads pods without constraints by hostname and zone when something selects them (system defaults)', () => {
    const nodes = [zone('a1', 'a', web(), web()), zone('a2', 'a'), zone('b1', 'b', web()), makeNodeInfo(makeNode('x'))];
    const sel = () => selectorFromSet({ app: 'web' });
    // hostname (maxSkew 3, weight ln(4 + 2)): a1 2 pods, b1 1; zone (maxSkew 5, weight ln(2 + 2)): a 2, b 1.
    // a1 = round(2 x 1.792 + 2 + 2 x 1.386 + 4) = 12, a2 = round(2 + 2.773 + 4) = 9, b1 = round(1.792 + 2 + 1.386 + 4) = 9,
    // x (no zone) = 2. Normalized 100 x (12 + 2 - s) / 12.
    expect(scoreAll(new PodTopologySpread(() => nodes, sel), web(), nodes)).toEqual([16, 41, 41, 100]);
  });
});

describe('InterPodAffinity score', () => {
  it('adds preferred affinity weights per topology domain and subtracts anti-affinity, min-max normalized', () => {
    const term = (weight: number) => ({ weight, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'topology.kubernetes.io/zone' } });
    const nodes = [zone('a1', 'a', web()), zone('a2', 'a'), zone('b1', 'b'), zone('c1', 'c', web(), web())];
    const p = new InterPodAffinity(() => nodes, () => [], () => []);
    // Affinity 10 per matching pod: a = 10, b = 0, c = 20.
    expect(scoreAll(p, makePod({ affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [term(10)] } } }), nodes)).toEqual([50, 50, 0, 100]);
    expect(scoreAll(p, makePod({ affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [term(10)] } } }), nodes)).toEqual([50, 50, 100, 0]);
    expect(scoreAll(p, makePod(), nodes)).toEqual([]);
  });
});
