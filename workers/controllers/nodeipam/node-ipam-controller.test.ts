import { describe, expect, it } from 'vitest';
import { newControllerTestbed } from '../controller-testkit';
import { CidrSet } from './cidr-set';
import { NodeIpamController } from './node-ipam-controller';

const NODES = { group: '', version: 'v1', resource: 'nodes' };

describe('CidrSet', () => {
  it('hands out /24s in order, skips occupied ones, and continues after the last one', () => {
    const set = new CidrSet('10.244.0.0/16', 24);
    expect(set.maxCidrs).toBe(256);
    expect(set.occupy('10.244.1.0/24')).toBe(true);
    expect(set.occupy('10.99.0.0/24')).toBe(false);
    expect([set.allocateNext(), set.allocateNext()]).toEqual(['10.244.0.0/24', '10.244.2.0/24']);
    set.release('10.244.0.0/24');
    expect(set.allocateNext()).toBe('10.244.3.0/24');
  });

  it('runs out', () => {
    const set = new CidrSet('10.0.0.0/30', 31);
    expect([set.allocateNext(), set.allocateNext(), set.allocateNext()]).toEqual(['10.0.0.0/31', '10.0.0.2/31', undefined]);
  });
});

describe('NodeIpamController', () => {
  it('assigns podCIDR and podCIDRs to each node, keeping existing assignments', async () => {
    const bed = await newControllerTestbed();
    await bed.admin.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'control-plane' } });
    await bed.admin.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'old' }, spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] } });
    await bed.admin.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker' } });
    const ctrl = new NodeIpamController(bed.ctx);
    ctrl.start();
    await bed.advance(1_000);
    const nodes = (await bed.admin.resource(NODES).list()).items;
    const cidrs = Object.fromEntries(nodes.map((n) => [n.metadata.name, (n.spec as { podCIDRs?: string[] }).podCIDRs]));
    expect(cidrs).toEqual({ 'control-plane': ['10.244.0.0/24'], old: ['10.244.1.0/24'], worker: ['10.244.2.0/24'] });
    expect(bed.actions.filter((a) => a.startsWith('PATCH'))).toEqual(['PATCH /api/v1/nodes/control-plane', 'PATCH /api/v1/nodes/worker']);
    ctrl.stop();
  });

  it('a sync the cache has not caught up with allocates nothing; a deleted node\'s range is reused', async () => {
    const bed = await newControllerTestbed();
    const create = (name: string) => bed.admin.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
    const cidrOf = async (name: string) => ((await bed.admin.resource(NODES).get(name)).spec as { podCIDR?: string }).podCIDR;
    await create('a');
    // Room for two ranges only.
    const ctrl = new NodeIpamController(bed.ctx, { clusterCidr: '10.0.0.0/30', nodeCidrMaskSize: 31 });
    ctrl.nodes.run();
    await bed.advance(10);
    bed.clearActions();
    await ctrl.sync('a');
    await ctrl.sync('a');
    expect(bed.actions).toEqual(['PATCH /api/v1/nodes/a']);
    ctrl.start();
    await create('b');
    await bed.advance(10);
    await create('c');
    await bed.advance(10);
    expect([await cidrOf('a'), await cidrOf('b'), await cidrOf('c')]).toEqual(['10.0.0.0/31', '10.0.0.2/31', undefined]);
    expect(bed.recorder.events).toContain('Normal CIDRNotAvailable Node c status is now: CIDRNotAvailable');
    await bed.admin.resource(NODES).delete('a');
    await bed.advance(30_000);
    expect(await cidrOf('c')).toBe('10.0.0.0/31');
    ctrl.stop();
  });
});
