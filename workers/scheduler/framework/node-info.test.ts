import { describe, expect, it } from 'vitest';
import { TestRng } from '../../apiserver/testkit';
import { makeNode, makePod } from '../testing/builders';
import { NodeInfo } from './node-info';
import { newPodInfo } from './pod-info';
import type { Pod } from './types';

const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'a' } } }] } };
const preferred = { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: { topologyKey: 'zone', labelSelector: { matchLabels: { app: 'a' } } } }] } };

function randomPod(rng: TestRng, i: number): Pod {
  const kind = rng.int(4);
  return makePod({
    name: `p${i}`,
    cpu: `${1 + rng.int(5)}00m`,
    nodeName: 'n',
    ...(kind === 1 ? { affinity: anti } : kind === 2 ? { affinity: preferred } : {}),
    ...(rng.int(3) === 0 ? { hostPorts: [8080 + rng.int(3)] } : {}),
  });
}

// What the node info must hold for its pods, computed afresh.
function facts(ni: NodeInfo) {
  return {
    pods: ni.pods.map((p) => p.pod.metadata.name),
    affinity: ni.podsWithAffinity.map((p) => p.pod.metadata.name),
    anti: ni.podsWithRequiredAntiAffinity.map((p) => p.pod.metadata.name),
    ports: [...ni.usedPorts].sort(),
    cpu: ni.requested.milliCPU,
    podCount: ni.podCount,
  };
}

describe('NodeInfo', () => {
  it.each([1, 2, 3])('after seeded random adds and removes equals a node info rebuilt from its pods (seed %i)', (seed) => {
    const rng = new TestRng(seed);
    const ni = new NodeInfo(makeNode('n'));
    const on: Pod[] = [];
    for (let i = 0; i < 300; i++) {
      if (on.length === 0 || rng.int(3) > 0) {
        const pod = randomPod(rng, i);
        on.push(pod);
        ni.addPod(newPodInfo(pod));
      } else {
        const [pod] = on.splice(rng.int(on.length), 1);
        const before = ni.generation;
        expect(ni.removePod(pod)).toBe(true);
        expect(ni.generation).toBeGreaterThan(before);
      }
      const rebuilt = new NodeInfo(makeNode('n'));
      for (const p of ni.pods) rebuilt.addPod(p);
      expect(facts(ni), `seed ${seed}, step ${i}`).toEqual(facts(rebuilt));
    }
  });
});
