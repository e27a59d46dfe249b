import { describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../api/types';
import { newControllerTestbed } from '../controller-testkit';
import { GarbageCollector } from './garbage-collector';

const CM = { group: '', version: 'v1', resource: 'configmaps' };

type Bed = Awaited<ReturnType<typeof newControllerTestbed>>;

function cm(name: string, owners?: OwnerReference[], finalizers?: string[]): KubeObject {
  const metadata: KubeObject['metadata'] = { name };
  if (owners) metadata.ownerReferences = owners;
  if (finalizers) metadata.finalizers = finalizers;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata };
}

function ref(owner: KubeObject, extra: Partial<OwnerReference> = {}): OwnerReference {
  return { apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name!, uid: owner.metadata.uid!, ...extra };
}

async function names(bed: Bed): Promise<string[]> {
  return (await bed.admin.resource(CM, 'default').list()).items.map((o) => o.metadata.name!).filter((n) => n !== 'kube-root-ca.crt').sort();
}

async function setup() {
  const bed = await newControllerTestbed();
  const create = (o: KubeObject) => bed.admin.resource(CM, 'default').create(o);
  const gc = new GarbageCollector(bed.ctx);
  return { bed, gc, create };
}

describe('GarbageCollector', () => {
  it('background: dependents go once the owner is gone', async () => {
    const { bed, gc, create } = await setup();
    const owner = await create(cm('owner'));
    await create(cm('a', [ref(owner)]));
    await create(cm('b', [ref(owner)]));
    await create(cm('unrelated'));
    gc.start();
    await bed.advance(2_000);
    expect(await names(bed)).toEqual(['a', 'b', 'owner', 'unrelated']);
    await bed.admin.resource(CM, 'default').delete('owner');
    await bed.advance(2_000);
    expect(await names(bed)).toEqual(['unrelated']);
    gc.stop();
  });

  it('a reference whose UID does not match the live owner is dangling', async () => {
    const { bed, gc, create } = await setup();
    const owner = await create(cm('owner'));
    await create(cm('stale', [{ ...ref(owner), uid: 'not-the-owner-uid' }]));
    await create(cm('good', [ref(owner)]));
    await create(cm('mixed', [ref(owner), { ...ref(owner), name: 'gone', uid: 'gone-uid' }]));
    gc.start();
    await bed.advance(2_000);
    expect(await names(bed)).toEqual(['good', 'mixed', 'owner']);
    const mixed = await bed.admin.resource(CM, 'default').get('mixed');
    expect(mixed.metadata.ownerReferences).toEqual([ref(owner)]);
    gc.stop();
  });

  it('one sync of a dependent whose owner is gone deletes it with its UID as precondition', async () => {
    const { bed, gc, create } = await setup();
    const child = await create(cm('child', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'ghost-uid' }]));
    for (const i of gc.informers) i.run();
    await bed.advance(10);
    // Drain what the informers queued so only our sync acts.
    bed.clearActions();
    await gc.sync(`delete/${child.metadata.uid}`);
    expect(bed.actions).toEqual(['DELETE /api/v1/namespaces/default/configmaps/child']);
  });

  it('foreground: the owner waits for its blocking dependents, then goes', async () => {
    const { bed, gc, create } = await setup();
    const owner = await create(cm('owner'));
    await create(cm('held', [ref(owner, { blockOwnerDeletion: true })], ['example.com/hold']));
    await create(cm('free', [ref(owner, { blockOwnerDeletion: true })]));
    gc.start();
    await bed.advance(2_000);
    await bed.admin.resource(CM, 'default').delete('owner', { propagationPolicy: 'Foreground' });
    await bed.advance(2_000);
    // `free` is gone; `held` is terminating behind its own finalizer, so the owner still waits.
    expect(await names(bed)).toEqual(['held', 'owner']);
    const waiting = await bed.admin.resource(CM, 'default').get('owner');
    expect(waiting.metadata.finalizers).toEqual(['foregroundDeletion']);
    await bed.admin.resource(CM, 'default').patch('held', 'merge', { metadata: { finalizers: null } });
    await bed.advance(2_000);
    expect(await names(bed)).toEqual([]);
    gc.stop();
  });

  it('orphan: dependents lose the reference and stay', async () => {
    const { bed, gc, create } = await setup();
    const owner = await create(cm('owner'));
    const other = await create(cm('other'));
    await create(cm('a', [ref(owner)]));
    await create(cm('b', [ref(owner), ref(other)]));
    gc.start();
    await bed.advance(2_000);
    await bed.admin.resource(CM, 'default').delete('owner', { propagationPolicy: 'Orphan' });
    await bed.advance(2_000);
    expect(await names(bed)).toEqual(['a', 'b', 'other']);
    expect((await bed.admin.resource(CM, 'default').get('a')).metadata.ownerReferences).toBeUndefined();
    expect((await bed.admin.resource(CM, 'default').get('b')).metadata.ownerReferences).toEqual([ref(other)]);
    gc.stop();
  });

  it('an owner reference into another namespace is dangling, with a Warning', async () => {
    const { bed, gc } = await setup();
    await bed.admin.resource({ group: '', version: 'v1', resource: 'namespaces' }).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    const owner = await bed.admin.resource(CM, 'other').create(cm('owner'));
    const child = await bed.admin.resource(CM, 'default').create(cm('child', [ref(owner)]));
    for (const i of gc.informers) i.run();
    await bed.advance(10);
    bed.clearActions();
    await gc.sync(`delete/${child.metadata.uid}`);
    expect(bed.actions).toEqual(['DELETE /api/v1/namespaces/default/configmaps/child']);
    expect(bed.recorder.events).toEqual([
      `Warning OwnerRefInvalidNamespace ownerRef [v1/ConfigMap, namespace: default, name: owner, uid: ${owner.metadata.uid}] does not exist in namespace "default"`,
    ]);
  });

  it('one sync of an object with a live and a gone owner patches the gone one away', async () => {
    const { bed, gc, create } = await setup();
    const owner = await create(cm('owner'));
    const child = await create(cm('child', [ref(owner), { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'ghost-uid' }]));
    for (const i of gc.informers) i.run();
    await bed.advance(10);
    bed.clearActions();
    await gc.sync(`delete/${child.metadata.uid}`);
    expect(bed.actions).toEqual(['PATCH /api/v1/namespaces/default/configmaps/child']);
    expect((await bed.admin.resource(CM, 'default').get('child')).metadata.ownerReferences).toEqual([ref(owner)]);
  });

  it('a cluster-scoped object naming a namespaced owner is left alone', async () => {
    const { bed, gc, create } = await setup();
    const owner = await create(cm('owner'));
    const ns = await bed.admin.resource({ group: '', version: 'v1', resource: 'namespaces' }).create({
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'odd', ownerReferences: [ref(owner)] },
    });
    for (const i of gc.informers) i.run();
    await bed.advance(10);
    bed.clearActions();
    await gc.sync(`delete/${ns.metadata.uid}`);
    expect(bed.actions).toEqual([]);
  });
});
