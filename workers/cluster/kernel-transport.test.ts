import { describe, expect, it } from 'vitest';
import { Kernel } from '../sim/kernel';
import { SeededRng } from '../sim/rng';
import { Store } from '../store/store';
import { ApiServer } from '../apiserver/apiserver';
import type { WatchEvent } from '../api/types';
import { KernelTransport } from './kernel-transport';

const admin = { username: 'kubernetes-admin', groups: ['system:masters'] };

async function setup() {
  const kernel = new Kernel({ epochMs: 0 });
  const store = await Store.open();
  const api = new ApiServer({ store, clock: kernel, rng: new SeededRng(1), timers: kernel });
  api.bootstrap();
  return { kernel, store, transport: new KernelTransport(api, kernel, { requestLatencyMs: 2, watchLatencyMs: 3 }) };
}

describe('KernelTransport', () => {
  it('applies a request after the request latency and answers after the response latency', async () => {
    const { kernel, store, transport } = await setup();
    const before = store.revision;
    let answered = false;
    const p = transport
      .handle({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', user: admin, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } })
      .then((r) => {
        answered = true;
        return r;
      });
    kernel.runUntil(1);
    expect(store.revision).toBe(before);
    kernel.runUntil(2);
    expect(store.revision).toBe(before + 1);
    await Promise.resolve();
    expect(answered).toBe(false);
    kernel.runUntil(4);
    const res = await p;
    expect(res.kind === 'response' && res.status).toBe(201);
  });

  it('delivers watch events one hop after the write, in order, and stops on close', async () => {
    const { kernel, store, transport } = await setup();
    const p = transport.handle({
      method: 'GET',
      path: '/api/v1/namespaces/default/configmaps',
      query: { watch: 'true', resourceVersion: String(store.revision) },
      user: admin,
    });
    kernel.runUntil(4);
    const res = await p;
    if (res.kind !== 'watch') throw new Error('expected a watch');
    const got: { t: number; e: WatchEvent }[] = [];
    res.stream.start((e) => got.push({ t: kernel.now(), e }));
    const body = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    void transport.handle({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', user: admin, body: body('x') });
    void transport.handle({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', user: admin, body: body('y') });
    kernel.runUntil(6);
    expect(got).toHaveLength(0);
    kernel.runUntil(9);
    expect(got.map((g) => [g.t, g.e.type, g.e.object.metadata.name])).toEqual([
      [9, 'ADDED', 'x'],
      [9, 'ADDED', 'y'],
    ]);
    res.stream.close();
    void transport.handle({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', user: admin, body: body('z') });
    kernel.runUntil(20);
    expect(got).toHaveLength(2);
  });
});
