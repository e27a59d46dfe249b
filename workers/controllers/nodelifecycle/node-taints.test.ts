import { describe, expect, it } from 'vitest';
import type { Node } from './node-health';
import { reconcileTaints } from './node-taints';
import { minTolerationMs } from './taint-eviction-controller';

function node(conditions: [string, 'True' | 'False' | 'Unknown'][], taints?: Node['spec'] extends infer S ? (S extends { taints?: infer T } ? T : never) : never, unschedulable = false): Node {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' },
    spec: { ...(taints ? { taints } : {}), ...(unschedulable ? { unschedulable } : {}) },
    status: { conditions: conditions.map(([type, status]) => ({ type, status })) },
  };
}

const NOW = '2026-01-01T00:01:00Z';
const fmt = (t: { key: string; effect: string; timeAdded?: string }[] | undefined) => t?.map((x) => `${x.key}:${x.effect}@${x.timeAdded ?? '-'}`);

describe('reconcileTaints', () => {
  it.each([
    ['healthy node: nothing', node([['Ready', 'True']]), undefined],
    ['not ready', node([['Ready', 'False']]), [`node.kubernetes.io/not-ready:NoSchedule@${NOW}`, `node.kubernetes.io/not-ready:NoExecute@${NOW}`]],
    ['pressure and cordon', node([['Ready', 'True'], ['DiskPressure', 'True'], ['MemoryPressure', 'False']], undefined, true),
      [`node.kubernetes.io/disk-pressure:NoSchedule@${NOW}`, `node.kubernetes.io/unschedulable:NoSchedule@${NOW}`]],
    ['unreachable replaces not-ready, keeps foreign taints',
      node([['Ready', 'Unknown']], [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: 'old' }]),
      ['dedicated:NoSchedule@-', `node.kubernetes.io/unreachable:NoSchedule@${NOW}`, `node.kubernetes.io/unreachable:NoExecute@${NOW}`]],
    ['recovered: owned taints removed', node([['Ready', 'True']], [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: 'old' }]), []],
    ['already right: no change', node([['Ready', 'False']], [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: 'old' }]), undefined],
  ])('%s', (_name, n, want) => {
    expect(fmt(reconcileTaints(n, NOW))).toEqual(want);
  });
});

describe('minTolerationMs', () => {
  const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  const notReady = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
  it.each([
    ['no toleration: now', [unreachable], [], 0],
    ['default 300 s', [unreachable], [{ key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }], 300_000],
    ['without seconds: forever', [unreachable], [{ operator: 'Exists' }], Infinity],
    ['shortest over taints', [unreachable, notReady], [
      { key: unreachable.key, operator: 'Exists', tolerationSeconds: 30 }, { key: notReady.key, operator: 'Exists', tolerationSeconds: 60 }], 30_000],
    ['one untolerated taint: now', [unreachable, notReady], [{ key: unreachable.key, operator: 'Exists' }], 0],
    ['Equal needs the value', [{ key: 'k', value: 'v', effect: 'NoExecute' }], [{ key: 'k', operator: 'Equal', value: 'w' }], 0],
  ])('%s', (_name, taints, tolerations, want) => {
    expect(minTolerationMs(taints, tolerations)).toBe(want);
  });
});

describe('reconcileTaints NoExecute modes', () => {
  const unknown = node([['Ready', 'Unknown']]);
  const wasNotReady = node([['Ready', 'Unknown']], [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: 'old' }]);
  it.each([
    ['defer holds back a fresh NoExecute taint', unknown, 'defer', [`node.kubernetes.io/unreachable:NoSchedule@${NOW}`]],
    ['defer still swaps not-ready for unreachable', wasNotReady, 'defer', [`node.kubernetes.io/unreachable:NoSchedule@${NOW}`, `node.kubernetes.io/unreachable:NoExecute@${NOW}`]],
    ['remove drops NoExecute taints (disruption mode)', wasNotReady, 'remove', [`node.kubernetes.io/unreachable:NoSchedule@${NOW}`]],
  ] as const)('%s', (_name, n, mode, want) => {
    expect(fmt(reconcileTaints(n, NOW, mode))).toEqual(want);
  });
});
