import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { makePod } from '../shared/testing';
import { harness, makeReplicaSet } from './testing-builders';

const rs = makeReplicaSet('web', 3);
const other = { ...makeReplicaSet('api', 1), spec: { ...makeReplicaSet('api', 1).spec, selector: { matchLabels: { app: 'api' } } } };

function drain(queue: { tryGet(): string | undefined; done(k: string): void }): string[] {
  const keys: string[] = [];
  for (let k = queue.tryGet(); k !== undefined; k = queue.tryGet()) {
    keys.push(k);
    queue.done(k);
  }
  return keys;
}

type Pod = Parameters<ReturnType<typeof harness>['ctrl']['pods']['add']>[0];
const asPod = (o: KubeObject) => o as Pod;

describe('ReplicaSetController handlers', () => {
  it('a pod it created lowers the creation expectations and queues its owner', () => {
    const { ctrl } = harness([rs, other], []);
    ctrl.expectations.expectCreations('default/web', 2);
    ctrl.pods.add(asPod(makePod('web-1', { owner: rs })));
    expect(ctrl.expectations.getExpectations('default/web')?.add).toBe(1);
    expect(drain(ctrl.queue)).toEqual(['default/web']);
  });

  it('a controllerRef whose UID does not match the cached owner is ignored', () => {
    const { ctrl } = harness([rs], []);
    ctrl.pods.add(asPod(makePod('web-1', { owner: makeReplicaSet('web', 1, { uid: 'stale' }) })));
    expect(drain(ctrl.queue)).toEqual([]);
  });

  it('an orphan queues every owner whose selector matches it', () => {
    const { ctrl } = harness([rs, other], []);
    ctrl.pods.add(asPod(makePod('x', { labels: { app: 'api' } })));
    expect(drain(ctrl.queue)).toEqual(['default/api']);
  });

  it('a deleted pod counts only if its deletion was expected', () => {
    const { ctrl } = harness([rs], []);
    const p = makePod('web-1', { owner: rs });
    ctrl.pods.add(asPod(p));
    drain(ctrl.queue);
    ctrl.expectations.expectDeletionsOf('default/web', ['default/web-1', 'default/web-2']);
    ctrl.pods.delete(asPod(p));
    expect(ctrl.expectations.getExpectations('default/web')?.del).toBe(1);
    expect(drain(ctrl.queue)).toEqual(['default/web']);
  });

  it('a pod turning ready under minReadySeconds is looked at again minReadySeconds + 1 s later', () => {
    const slow = makeReplicaSet('web', 1, { minReadySeconds: 10 });
    const { ctrl, timers } = harness([slow], []);
    const before = makePod('web-1', { owner: slow });
    ctrl.pods.add(asPod(before));
    drain(ctrl.queue);
    const after = { ...makePod('web-1', { owner: slow, readySince: 0 }), metadata: { ...before.metadata, resourceVersion: '2' } };
    ctrl.pods.update(asPod(after));
    expect(drain(ctrl.queue)).toEqual(['default/web']);
    timers.advance(10_999);
    expect(drain(ctrl.queue)).toEqual([]);
    timers.advance(1);
    expect(drain(ctrl.queue)).toEqual(['default/web']);
  });

  it('a deleted owner forgets its expectations', () => {
    const { ctrl } = harness([rs], []);
    ctrl.expectations.expectCreations('default/web', 3);
    ctrl.owners.delete(ctrl.owners.indexer.get('default', 'web')!);
    expect(ctrl.expectations.getExpectations('default/web')).toBeUndefined();
    expect(drain(ctrl.queue)).toEqual(['default/web']);
  });
});
