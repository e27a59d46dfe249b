import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newControllerTestbed } from '../controller-testkit';
import { GC_CHECK_PERIOD_MS, PodGCController } from './pod-gc-controller';

const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };
const pod = (name: string, nodeName?: string, phase?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx:1.27' }] },
  ...(phase ? { status: { phase } } : {}),
});

async function bed() {
  const b = await newControllerTestbed();
  await b.admin.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'alive' } });
  return b;
}

describe('pod GC', () => {
  it('force-deletes pods of a node gone for the quarantine, after marking them DisruptionTarget and Failed', async () => {
    const b = await bed();
    await b.admin.resource(PODS, 'default').create(pod('on-alive', 'alive'));
    await b.admin.resource(PODS, 'default').create(pod('orphan', 'gone'));
    const c = new PodGCController(b.ctx);
    c.start();
    await b.advance(GC_CHECK_PERIOD_MS + 1);
    expect(b.actions).toEqual([]);
    await b.advance(GC_CHECK_PERIOD_MS * 2);
    expect(b.actions).toEqual(['PATCH /api/v1/namespaces/default/pods/orphan/status', 'DELETE /api/v1/namespaces/default/pods/orphan']);
    const left = await b.admin.resource(PODS, 'default').list();
    expect(left.items.map((p) => p.metadata.name)).toEqual(['on-alive']);
    c.stop();
  });

  it('force-deletes a terminating pod that was never scheduled', async () => {
    const b = await bed();
    // A pending pod deleted gracefully is removed at once by the apiserver (no node to wait for);
    // one held by a finalizer stays terminating, and podgc force-deletes it once the finalizer goes.
    await b.admin.resource(PODS, 'default').create({ ...pod('held'), metadata: { name: 'held', namespace: 'default', finalizers: ['example.com/hold'] } });
    await b.admin.resource(PODS, 'default').delete('held');
    const c = new PodGCController(b.ctx);
    c.start();
    await b.advance(GC_CHECK_PERIOD_MS + 1);
    expect(b.actions).toEqual(['DELETE /api/v1/namespaces/default/pods/held']);
    c.stop();
  });

  it('deletes the oldest terminated pods beyond the threshold', async () => {
    const b = await bed();
    for (const name of ['a', 'b', 'c']) {
      await b.admin.resource(PODS, 'default').create(pod(name, 'alive'));
      await b.advance(1_000);
    }
    for (const name of ['a', 'b', 'c']) await b.admin.resource(PODS, 'default').patch(name, 'merge', { status: { phase: 'Succeeded' } }, { subresource: 'status' });
    const c = new PodGCController(b.ctx, { terminatedPodThreshold: 1 });
    c.start();
    await b.advance(GC_CHECK_PERIOD_MS + 1);
    expect(b.actions).toEqual(['DELETE /api/v1/namespaces/default/pods/a', 'DELETE /api/v1/namespaces/default/pods/b']);
    c.stop();
  });
});
