import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newControllerTestbed } from '../controller-testkit';
import { newControllerRef } from '../shared/controller-ref';
import { GarbageCollector } from './garbage-collector';

const DEPLOY = { group: 'apps', version: 'v1', resource: 'deployments' };
const RS = { group: 'apps', version: 'v1', resource: 'replicasets' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };

/** A Deployment, its ReplicaSet and two pods, linked as the controllers link them. */
async function chain(bed: Awaited<ReturnType<typeof newControllerTestbed>>) {
  const d = await bed.admin.resource(DEPLOY, 'default').create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template } });
  const rs = await bed.admin.resource(RS, 'default').create({
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', ownerReferences: [newControllerRef(d)] }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
  });
  for (const name of ['web-1-a', 'web-1-b']) {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' }, ownerReferences: [newControllerRef(rs)] }, spec: template.spec };
    await bed.admin.resource(PODS, 'default').create(pod);
  }
}

async function names(bed: Awaited<ReturnType<typeof newControllerTestbed>>): Promise<string[]> {
  const out: string[] = [];
  for (const [gvr, kind] of [[DEPLOY, 'deployment'], [RS, 'replicaset'], [PODS, 'pod']] as const) {
    for (const o of (await bed.admin.resource(gvr, 'default').list()).items) out.push(`${kind}/${o.metadata.name}${o.metadata.deletionTimestamp ? ' (deleting)' : ''}`);
  }
  return out;
}

describe('GarbageCollector cascades', () => {
  it('deleting a Deployment (background) removes its ReplicaSet and then its pods', async () => {
    const bed = await newControllerTestbed();
    await chain(bed);
    const gc = new GarbageCollector(bed.ctx);
    gc.start();
    await bed.advance(2_000);
    await bed.admin.resource(DEPLOY, 'default').delete('web');
    await bed.advance(5_000);
    expect(await names(bed)).toEqual([]);
    gc.stop();
  });

  it('foreground: the Deployment stays, deleting, until its ReplicaSet and pods are gone', async () => {
    const bed = await newControllerTestbed();
    await chain(bed);
    const gc = new GarbageCollector(bed.ctx);
    gc.start();
    await bed.advance(2_000);
    // Keep one pod around with a finalizer, so the chain has to wait for it.
    await bed.admin.resource(PODS, 'default').patch('web-1-b', 'merge', { metadata: { finalizers: ['example.com/hold'] } });
    await bed.admin.resource(DEPLOY, 'default').delete('web', { propagationPolicy: 'Foreground' });
    await bed.advance(5_000);
    expect(await names(bed)).toEqual(['deployment/web (deleting)', 'replicaset/web-1 (deleting)', 'pod/web-1-b (deleting)']);
    await bed.admin.resource(PODS, 'default').patch('web-1-b', 'merge', { metadata: { finalizers: null } });
    await bed.advance(5_000);
    expect(await names(bed)).toEqual([]);
    gc.stop();
  });

  it('orphan: the ReplicaSet stays without its owner reference', async () => {
    const bed = await newControllerTestbed();
    await chain(bed);
    const gc = new GarbageCollector(bed.ctx);
    gc.start();
    await bed.advance(2_000);
    await bed.admin.resource(DEPLOY, 'default').delete('web', { propagationPolicy: 'Orphan' });
    await bed.advance(5_000);
    expect(await names(bed)).toEqual(['replicaset/web-1', 'pod/web-1-a', 'pod/web-1-b']);
    expect((await bed.admin.resource(RS, 'default').get('web-1')).metadata.ownerReferences).toBeUndefined();
    gc.stop();
  });
});
