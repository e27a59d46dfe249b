import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newControllerTestbed } from '../controller-testkit';
import { ResourceQuotaController } from './resource-quota-controller';

const QUOTAS = { group: '', version: 'v1', resource: 'resourcequotas' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const CM = { group: '', version: 'v1', resource: 'configmaps' };
const DEPLOY = { group: 'apps', version: 'v1', resource: 'deployments' };

function pod(name: string, cpu: string, memory: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu, memory }, limits: { cpu, memory } } }] },
  };
}

const deployment: KubeObject = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
};

type Status = { hard: Record<string, string>; used: Record<string, string> };

async function setup(spec: Record<string, unknown>, before: KubeObject[] = []) {
  const bed = await newControllerTestbed();
  for (const p of before) await bed.admin.resource(PODS, 'default').create(p);
  await bed.admin.resource(QUOTAS, 'default').create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec });
  const ctrl = new ResourceQuotaController(bed.ctx);
  const status = async () => (await bed.admin.resource(QUOTAS, 'default').get('q')).status as Status;
  return { bed, ctrl, status };
}

describe('ResourceQuotaController', () => {
  it('one sync writes hard and used for the keys it knows; a second writes nothing', async () => {
    const hard = { pods: '10', 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '8', configmaps: '5', 'count/deployments.apps': '2', 'example.com/unknown': '3' };
    const { bed, ctrl, status } = await setup({ hard });
    await bed.admin.resource(PODS, 'default').create(pod('a', '100m', '64Mi'));
    await bed.admin.resource(PODS, 'default').create(pod('b', '250m', '64Mi'));
    await bed.admin.resource(CM, 'default').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    await bed.admin.resource(DEPLOY, 'default').create(deployment);
    ctrl.start();
    await bed.advance(1_000);
    ctrl.stop();
    expect((await status()).hard).toEqual(hard);
    const cms = (await bed.admin.resource(CM, 'default').list()).items.length;
    expect((await status()).used).toEqual({
      pods: '2', 'requests.cpu': '350m', 'requests.memory': '128Mi', 'limits.cpu': '350m', configmaps: String(cms), 'count/deployments.apps': '1',
    });
    const again = new ResourceQuotaController(bed.ctx);
    again.start();
    await bed.advance(1_000);
    bed.clearActions();
    await again.sync('default/q');
    expect(bed.actions).toEqual([]);
    again.stop();
  });

  it('follows pods going away, and a scoped quota counts only its pods', async () => {
    // Made before the quota: the admission plugin does not read scopes yet.
    const bestEffort = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'besteffort' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const { bed, ctrl, status } = await setup({ hard: { pods: '5', 'requests.cpu': '1' }, scopes: ['NotBestEffort'] }, [bestEffort]);
    await bed.admin.resource(PODS, 'default').create(pod('a', '100m', '64Mi'));
    await bed.admin.resource(PODS, 'default').create(pod('b', '250m', '64Mi'));
    ctrl.start();
    await bed.advance(1_000);
    expect((await status()).used).toEqual({ pods: '2', 'requests.cpu': '350m' });
    bed.clearActions();
    await bed.admin.resource(PODS, 'default').delete('a', { gracePeriodSeconds: 0 });
    await bed.advance(1_000);
    expect(bed.actions).toEqual(['PUT /api/v1/namespaces/default/resourcequotas/q/status']);
    expect((await status()).used).toEqual({ pods: '1', 'requests.cpu': '250m' });
    ctrl.stop();
  });
});
