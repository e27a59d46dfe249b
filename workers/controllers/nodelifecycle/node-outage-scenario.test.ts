import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newControllerTestbed } from '../controller-testkit';
import type { Endpoints } from '../endpoints/desired-endpoints';
import { EndpointsController } from '../endpoints/endpoints-controller';
import { SharedInformerSource } from '../informer-set';
import { NodeLifecycleController } from './node-lifecycle-controller';
import { createPodOn, createReadyNode, renewLease } from './node-testing';
import { TaintEvictionController } from './taint-eviction-controller';

const PODS = { group: '', version: 'v1', resource: 'pods' };
const SERVICES = { group: '', version: 'v1', resource: 'services' };
const EP = { group: '', version: 'v1', resource: 'endpoints' };

describe('a node outage, end to end through three controllers', () => {
  it('pods leave the Service endpoints when the node turns Unknown, and are evicted 300 s after the taint', async () => {
    const bed = await newControllerTestbed();
    await createReadyNode(bed, 'lost');
    await createReadyNode(bed, 'healthy');
    for (const [name, node] of [['a', 'lost'], ['b', 'healthy']]) {
      await createPodOn(bed, name, node);
      await bed.admin.resource(PODS, 'default').patch(name, 'merge', { metadata: { labels: { app: 'web' } } });
    }
    await bed.admin.resource(SERVICES, 'default').create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    const shared = new SharedInformerSource(bed.ctx);
    const parts = [
      new NodeLifecycleController(bed.ctx, { informers: shared }),
      new TaintEvictionController(bed.ctx, { informers: shared }),
      new EndpointsController(bed.ctx, { informers: shared }),
    ];
    for (const p of parts) p.start();
    const ready = async () => ((await bed.admin.resource<Endpoints>(EP, 'default').get('web')).subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.targetRef?.name));
    const alive = async () => (await bed.admin.resource(PODS, 'default').list()).items.filter((p: KubeObject) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name);
    let unknownAt = 0;
    let goneAt = 0;
    for (let t = 0; t < 400_000 && !goneAt; t += 5_000) {
      await bed.advance(5_000);
      await renewLease(bed, 'healthy');
      if (!unknownAt && (await ready()).join() === 'b') unknownAt = t + 5_000;
      if (!(await alive()).includes('a')) goneAt = t + 5_000;
    }
    // NotReady (Unknown) 40-50 s after the last heartbeat; the NoExecute taint one pass later; eviction 300 s after that.
    expect(unknownAt).toBeGreaterThan(40_000);
    expect(unknownAt).toBeLessThanOrEqual(50_000);
    expect(goneAt - unknownAt).toBeGreaterThanOrEqual(300_000);
    expect(goneAt - unknownAt).toBeLessThanOrEqual(315_000);
    expect(await alive()).toEqual(['b']);
    expect(bed.recorder.events).toContain('Normal TaintManagerEviction Marking for deletion Pod default/a');
    for (const p of parts) p.stop();
    shared.stop();
  });
});
