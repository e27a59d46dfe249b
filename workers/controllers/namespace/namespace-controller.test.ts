import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newControllerTestbed } from '../controller-testkit';
import { NamespaceController } from './namespace-controller';

const NS = { group: '', version: 'v1', resource: 'namespaces' };
const CM = { group: '', version: 'v1', resource: 'configmaps' };
const DEPLOY = { group: 'apps', version: 'v1', resource: 'deployments' };

function configMap(name: string, finalizers?: string[]): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(finalizers ? { finalizers } : {}) }, data: { a: '1' } };
}

const deployment: KubeObject = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
};

async function setup(objects: KubeObject[]) {
  const bed = await newControllerTestbed();
  await bed.admin.resource(NS).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
  for (const o of objects) {
    const gvr = o.kind === 'Deployment' ? DEPLOY : CM;
    await bed.admin.resource(gvr, 'team').create(o);
  }
  const ctrl = new NamespaceController(bed.ctx);
  return { bed, ctrl };
}

async function conditionsOf(bed: Awaited<ReturnType<typeof newControllerTestbed>>) {
  const ns = await bed.admin.resource(NS).get('team');
  return ((ns.status as { conditions?: { type: string; status: string; reason: string; message: string }[] }).conditions ?? []).map(
    (c) => `${c.type} ${c.status} ${c.reason}: ${c.message}`,
  );
}

describe('NamespaceController', () => {
  it('ignores a namespace that is not being deleted', async () => {
    const { bed, ctrl } = await setup([configMap('a')]);
    bed.clearActions();
    await ctrl.sync('team');
    expect(bed.actions).toEqual([]);
  });

  it('deletes the content, writes ok conditions and finalizes', async () => {
    const { bed, ctrl } = await setup([configMap('a'), configMap('b'), deployment]);
    await bed.admin.resource(NS).delete('team');
    bed.clearActions();
    await ctrl.sync('team');
    // The apiserver already set phase Terminating; the one status write is the conditions.
    expect(bed.actions.filter((a) => a.startsWith('PUT'))).toEqual(['PUT /api/v1/namespaces/team/status', 'PUT /api/v1/namespaces/team/finalize']);
    expect(bed.actions).toContain('DELETE /api/v1/namespaces/team/configmaps');
    expect(bed.actions).toContain('DELETE /apis/apps/v1/namespaces/team/deployments');
    expect(bed.actions.at(-1)).toBe('PUT /api/v1/namespaces/team/finalize');
    await expect(bed.admin.resource(NS).get('team')).rejects.toMatchObject({ reason: 'NotFound' });
    expect((await bed.admin.resource(CM, 'team').list()).items).toEqual([]);
  });

  it('reports remaining content and finalizers, then finishes once the finalizer goes', async () => {
    const { bed, ctrl } = await setup([configMap('held', ['example.com/hold'])]);
    await bed.admin.resource(NS).delete('team');
    ctrl.start();
    await bed.advance(6_000);
    const ns = await bed.admin.resource(NS).get('team');
    expect((ns.status as { phase: string }).phase).toBe('Terminating');
    expect(await conditionsOf(bed)).toEqual([
      'NamespaceDeletionDiscoveryFailure False ResourcesDiscovered: All resources successfully discovered',
      'NamespaceDeletionGroupVersionParsingFailure False ParsedGroupVersions: All legacy kube types successfully parsed',
      'NamespaceDeletionContentFailure False ContentDeleted: All content successfully deleted, may be waiting on finalization',
      'NamespaceContentRemaining True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances',
      'NamespaceFinalizersRemaining True SomeFinalizersRemain: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    ]);
    // The retry comes 15/2+1 = 8 s later; drop the finalizer before it.
    await bed.admin.resource(CM, 'team').patch('held', 'merge', { metadata: { finalizers: null } });
    await bed.advance(9_000);
    await expect(bed.admin.resource(NS).get('team')).rejects.toMatchObject({ reason: 'NotFound' });
    ctrl.stop();
  });
});
