import { describe, expect, it } from 'vitest';
import { newControllerTestbed } from '../controller-testkit';
import { ServiceAccountsController } from './serviceaccounts-controller';

const NS = { group: '', version: 'v1', resource: 'namespaces' };
const SA = { group: '', version: 'v1', resource: 'serviceaccounts' };

async function setup() {
  const bed = await newControllerTestbed();
  const ctrl = new ServiceAccountsController(bed.ctx);
  return { bed, ctrl };
}

describe('ServiceAccountsController', () => {
  it('creates default in every existing namespace at start', async () => {
    const { bed, ctrl } = await setup();
    ctrl.start();
    await bed.advance(1000);
    const sas = await bed.admin.resource(SA).list();
    const names = sas.items.map((s) => `${s.metadata.namespace}/${s.metadata.name}`).sort();
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) expect(names).toContain(`${ns}/default`);
    ctrl.stop();
  });

  it('one sync of a namespace without default creates exactly that account', async () => {
    const { bed, ctrl } = await setup();
    await bed.admin.resource(NS).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    ctrl.namespaces.run();
    ctrl.serviceAccounts.run();
    await bed.advance(10);
    bed.clearActions();
    await ctrl.sync('team-a');
    expect(bed.actions).toEqual(['POST /api/v1/namespaces/team-a/serviceaccounts']);
    const sa = await bed.admin.resource(SA, 'team-a').get('default');
    expect(sa.metadata.name).toBe('default');
  });

  it.each([
    ['missing namespace', 'nope', []],
    ['terminating namespace', 'doomed', []],
  ])('%s: no action', async (_name, key, want) => {
    const { bed, ctrl } = await setup();
    await bed.admin.resource(NS).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed', finalizers: [] } });
    // The namespace keeps its `kubernetes` spec finalizer, so the delete leaves it Terminating.
    await bed.admin.resource(NS).delete('doomed');
    ctrl.namespaces.run();
    ctrl.serviceAccounts.run();
    await bed.advance(10);
    bed.clearActions();
    await ctrl.sync(key);
    expect(bed.actions).toEqual(want);
  });

  it('recreates default after it is deleted', async () => {
    const { bed, ctrl } = await setup();
    ctrl.start();
    await bed.advance(1000);
    const before = await bed.admin.resource(SA, 'default').get('default');
    await bed.admin.resource(SA, 'default').delete('default');
    await bed.advance(1000);
    const after = await bed.admin.resource(SA, 'default').get('default');
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    ctrl.stop();
  });
});
