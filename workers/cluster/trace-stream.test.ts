import { describe, expect, it } from 'vitest';
import { apply, testSimulation } from './sim-testkit';
import { boxOf, TraceStream } from './trace-stream';

describe('TraceStream', () => {
  it('turns an apply into requests through the pipeline and watch events to the components, with words', async () => {
    const sim = await testSimulation({ seed: 12 });
    await sim.advance(5_000);
    const stream = new TraceStream(sim.cluster, 10_000);
    stream.start();
    await apply(sim, 'apiVersion: v1\nkind: Pod\nmetadata: {name: solo}\nspec:\n  containers: [{name: c, image: nginx:1.27}]\n');
    await sim.advance(4_000);
    const batch = stream.take()!;
    const create = batch.messages.find((m) => m.kind === 'request' && m.verb === 'create' && m.path === '/api/v1/namespaces/default/pods');
    expect(create).toMatchObject({ from: 'kubectl', to: 'kube-apiserver', code: 201 });
    expect(create?.stages?.map((s) => s.stage)).toEqual(['authentication', 'audit', 'flowcontrol', 'authorization', 'decode', 'defaulting', 'mutating-admission', 'validation', 'validating-admission', 'storage']);
    expect(Number(create?.revision)).toBeGreaterThan(0);
    const bind = batch.messages.find((m) => m.path?.endsWith('/pods/solo/binding'));
    expect(bind?.from).toBe('kube-scheduler');
    expect(bind?.text.en).toMatch(/^kube-scheduler binds pod solo to worker-\d: POST \/api\/v1\/namespaces\/default\/pods\/solo\/binding$/);
    expect(bind?.text['zh-CN']).toMatch(/^kube-scheduler 把 Pod solo 绑定到 worker-\d：POST /);
    const toScheduler = batch.messages.find((m) => m.kind === 'watch' && m.to === 'kube-scheduler' && m.text.en.includes('pod solo was added'));
    expect(toScheduler?.from).toBe('kube-apiserver');
    // The request comes first, then who heard of what it wrote.
    expect(batch.messages.indexOf(create!)).toBeLessThan(batch.messages.indexOf(toScheduler!));
    expect(batch.counts['kube-scheduler>kube-apiserver']).toBeGreaterThan(0);
    const detail = stream.detail(create!.seq);
    expect((detail!.request as { body: { metadata: { name: string } } }).body.metadata.name).toBe('solo');
    expect((detail!.response as { metadata: { name: string } }).metadata.name).toBe('solo');
    expect(stream.take()).toBeUndefined();

    // A refused request shows where it stopped.
    await sim.request({ method: 'GET', path: '/api/v1/namespaces/default/secrets', headers: { 'impersonate-user': 'jane' } });
    const denied = stream.take()!.messages.find((m) => m.code === 403);
    expect(denied).toMatchObject({ from: 'kubectl', stoppedAt: 'authorization' });
    expect(denied?.text.en).toMatch(/^jane is refused at authorization \(403 Forbidden\)/);

    // An invalid object stops at validation (422), a second create of the same name at storage (409).
    await sim.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } } });
    await sim.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'twice' } } });
    await sim.request({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'twice' } } });
    const refused = stream.take()!.messages.filter((m) => (m.code ?? 0) >= 400);
    expect(refused.map((m) => [m.code, m.stoppedAt])).toEqual([
      [422, 'validation'],
      [409, 'storage'],
    ]);
    expect(refused[0].text.en).toMatch(/sent an invalid configmap \(422 Invalid\), stopped at validation: ConfigMap "Bad_Name" is invalid: metadata.name/);
    expect(refused[1].text.en).toMatch(/gets 409 Conflict for configmap at storage: configmaps "twice" already exists$/);
    stream.stop();
    await sim.close();
  }, 30_000);

  it('keeps the newest messages and counts the rest when traffic is high', async () => {
    const sim = await testSimulation({ seed: 13 });
    const stream = new TraceStream(sim.cluster, 5);
    stream.start();
    await sim.advance(3_000);
    const batch = stream.take()!;
    expect(batch.messages).toHaveLength(5);
    const total = Object.values(batch.counts).reduce((a, b) => a + b, 0);
    expect(total).toBe(batch.messages.length + batch.omitted);
    expect(batch.omitted).toBeGreaterThan(50);
    stream.stop();
    await sim.close();
  }, 30_000);

  it('names boxes after components', () => {
    expect(boxOf('system:node:worker-2')).toBe('kubelet:worker-2');
    expect(boxOf('system:serviceaccount:kube-system:deployment-controller')).toBe('kube-controller-manager');
    expect(boxOf('system:serviceaccount:dev:viewer')).toBe('user:system:serviceaccount:dev:viewer');
  });
});
