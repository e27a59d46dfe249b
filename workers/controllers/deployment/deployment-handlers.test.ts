import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { makePod } from '../shared/testing';
import { harness, makeDeployment, makeRS } from './testing-builders';

function drain(queue: { tryGet(): string | undefined; done(k: string): void }): string[] {
  const keys: string[] = [];
  for (let k = queue.tryGet(); k !== undefined; k = queue.tryGet()) {
    keys.push(k);
    queue.done(k);
  }
  return keys;
}

describe('DeploymentController handlers', () => {
  it('a ReplicaSet it controls queues the Deployment; a stale UID does not', () => {
    const d = makeDeployment(3);
    const { ctrl } = harness(d, []);
    drain(ctrl.queue);
    ctrl.replicaSets.add(makeRS(d, 3));
    expect(drain(ctrl.queue)).toEqual(['default/web']);
    const stale = makeRS({ ...d, metadata: { ...d.metadata, uid: 'old' } }, 3, { image: 'x' });
    ctrl.replicaSets.add(stale);
    expect(drain(ctrl.queue)).toEqual([]);
  });

  it('an orphan ReplicaSet queues the Deployments whose selector matches it', () => {
    const d = makeDeployment(3);
    const { ctrl } = harness(d, []);
    const orphan = makeRS(d, 1);
    delete orphan.metadata.ownerReferences;
    ctrl.replicaSets.add(orphan);
    expect(drain(ctrl.queue)).toEqual(['default/web']);
  });

  it('a deleted pod wakes a Recreate Deployment, not a rolling one', () => {
    for (const [type, want] of [['Recreate', ['default/web']], ['RollingUpdate', []]] as const) {
      const d = makeDeployment(1, { strategy: { type } });
      const rs = makeRS(d, 1);
      const { ctrl } = harness(d, [rs]);
      ctrl.pods.delete(makePod('web-1', { owner: rs as KubeObject }) as never);
      expect(drain(ctrl.queue)).toEqual(want);
    }
  });
});
