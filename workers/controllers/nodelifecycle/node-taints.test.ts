import { describe, expect, it } from 'vitest';
import type { Taint } from '../tolerations';
import type { Node } from './node-health';
import { addOrUpdateTaints, ownedNoScheduleTaints, removeTaints, taintSetDiff, wantedNoScheduleTaints } from './node-taints';
import { minTolerationMs } from './taint-eviction-controller';

function node(conditions: [string, 'True' | 'False' | 'Unknown'][], taints?: Taint[], unschedulable = false): Node {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' },
    spec: { ...(taints ? { taints } : {}), ...(unschedulable ? { unschedulable } : {}) },
    status: { conditions: conditions.map(([type, status]) => ({ type, status })) },
  };
}

const fmt = (t: Taint[] | undefined) => t?.map((x) => `${x.key}:${x.effect}${x.timeAdded ? `@${x.timeAdded}` : ''}`);

describe('NoSchedule taints from conditions', () => {
  it.each([
    ['healthy node: none', node([['Ready', 'True'], ['MemoryPressure', 'False']]), [], []],
    ['not ready', node([['Ready', 'False']]), ['node.kubernetes.io/not-ready:NoSchedule'], []],
    ['unreachable replaces not-ready, foreign and NoExecute taints untouched',
      node([['Ready', 'Unknown']], [{ key: 'dedicated', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]),
      ['node.kubernetes.io/unreachable:NoSchedule'], ['node.kubernetes.io/not-ready:NoSchedule']],
    ['pressure and cordon', node([['Ready', 'True'], ['DiskPressure', 'True'], ['PIDPressure', 'True']], undefined, true),
      ['node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule'], []],
    ['uncordoned and recovered', node([['Ready', 'True']], [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), [], ['node.kubernetes.io/unschedulable:NoSchedule']],
  ])('%s', (_name, n, add, remove) => {
    const diff = taintSetDiff(wantedNoScheduleTaints(n), ownedNoScheduleTaints(n));
    expect([fmt(diff.add), fmt(diff.remove)]).toEqual([add, remove]);
  });

  it('adds, replaces by key and effect, and removes', () => {
    const have: Taint[] = [{ key: 'a', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: 'old' }];
    expect(fmt(addOrUpdateTaints(have, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: 'new' }]))).toEqual(['a:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute@new']);
    expect(addOrUpdateTaints(have, [{ key: 'a', effect: 'NoSchedule' }])).toBeUndefined();
    expect(fmt(removeTaints(have, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]))).toEqual(['a:NoSchedule']);
    expect(removeTaints(have, [{ key: 'b', effect: 'NoSchedule' }])).toBeUndefined();
  });
});

describe('minTolerationMs', () => {
  const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  const notReady = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
  it.each([
    ['no toleration: now', [unreachable], [], 0],
    ['default 300 s', [unreachable], [{ key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }], 300_000],
    ['without seconds: forever', [unreachable], [{ operator: 'Exists' }], Infinity],
    ['the first matching toleration decides', [unreachable], [{ key: unreachable.key, operator: 'Exists', tolerationSeconds: 300 }, { operator: 'Exists' }], 300_000],
    ['shortest over taints', [unreachable, notReady], [
      { key: unreachable.key, operator: 'Exists', tolerationSeconds: 30 }, { key: notReady.key, operator: 'Exists', tolerationSeconds: 60 }], 30_000],
    ['forever for one taint, 60 s for the other', [unreachable, notReady], [{ key: unreachable.key, operator: 'Exists' }, { key: notReady.key, operator: 'Exists', tolerationSeconds: 60 }], 60_000],
    ['one untolerated taint: now', [unreachable, notReady], [{ key: unreachable.key, operator: 'Exists' }], 0],
    ['zero seconds: now', [unreachable], [{ key: unreachable.key, operator: 'Exists', tolerationSeconds: 0 }], 0],
    ['Equal needs the value', [{ key: 'k', value: 'v', effect: 'NoExecute' }], [{ key: 'k', operator: 'Equal', value: 'w' }], 0],
  ])('%s', (_name, taints, tolerations, want) => {
    expect(minTolerationMs(taints, tolerations)).toBe(want);
  });
});
