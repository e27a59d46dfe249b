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

describe('ResourceQuotaController', () => {
  it('writes hard and used, and follows pods coming and going', async () => {
    const bed = await newControllerTestbed();
    const hard = { pods: '10', 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '8', configmaps: '5', 'count/deployments.apps': '2' };
    await bed.admin.resource(QUOTAS, 'default').create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard } });
    await bed.admin.resource(PODS, 'default').create(pod('a', '100m', '64Mi'));
    await bed.admin.resource(PODS, 'default').create(pod('b', '250m', '64Mi'));
    await bed.admin.resource(CM, 'default').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    await bed.admin.resource(DEPLOY, 'default').create(deployment);
    const ctrl = new ResourceQuotaController(bed.ctx);
    ctrl.start();
    await bed.advance(1_000);
    const status = async () => ((await bed.admin.resource(QUOTAS, 'default').get('q')).status as { hard: Record<string, string>; used: Record<string, string> });
    expect((await status()).hard).toEqual(hard);
    // kube-root-ca.crt is a ConfigMap too when the publisher runs; here only ours exists.
    const cms = (await bed.admin.resource(CM, 'default').list()).items.length;
    expect((await status()).used).toEqual({
      pods: '2', 'requests.cpu': '350m', 'requests.memory': '128Mi', 'limits.cpu': '350m', configmaps: String(cms), 'count/deployments.apps': '1',
    });
    await bed.admin.resource(PODS, 'default').delete('a', { gracePeriodSeconds: 0 });
    await bed.advance(1_000);
    expect((await status()).used).toMatchObject({ pods: '1', 'requests.cpu': '250m', 'requests.memory': '64Mi' });
    bed.clearActions();
    await ctrl.sync('default/q');
    expect(bed.actions).toEqual([]);
    ctrl.stop();
  });
});
