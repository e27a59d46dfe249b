/**
 * Each built-in scenario, played by the scenario runner, shows what its description promises.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { builtinScenario } from '../scenario/builtins';
import { ScenarioRunner, scenarioLayout } from './scenario-runner';
import { condition, getJson, isReady, listItems, testSimulation } from './sim-testkit';
import type { Simulation } from './simulation';

type Pod = KubeObject & {
  spec: { nodeName?: string; containers: { image: string }[] };
  status?: { phase?: string; containerStatuses?: { restartCount: number; state?: { waiting?: { reason: string } } }[] };
};
type Event = KubeObject & { reason: string; message: string; involvedObject: { name: string } };

async function play(id: string): Promise<{ sim: Simulation; runner: ScenarioRunner; at: (ms: number) => Promise<void> }> {
  const s = builtinScenario(id)!;
  const sim = await testSimulation({ seed: s.seed, layout: scenarioLayout(s) });
  const runner = await ScenarioRunner.start(sim, s);
  return { sim, runner, at: (ms) => sim.driver.advanceTo(runner.startMs + ms) };
}

async function done(sim: Simulation, runner: ScenarioRunner): Promise<void> {
  expect(runner.failures).toEqual([]);
  runner.close();
  await sim.close();
}

const pods = (sim: Simulation, selector = '') => listItems<Pod>(sim, `/api/v1/namespaces/default/pods${selector ? `?labelSelector=${encodeURIComponent(selector)}` : ''}`);
const live = (list: Pod[]) => list.filter((p) => !p.metadata.deletionTimestamp);
const nodesOf = (list: Pod[]) => [...new Set(list.map((p) => p.spec.nodeName ?? ''))].sort();
const waiting = (p: Pod) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason;

describe('built-in scenarios, played', () => {
  it('hello nginx: 3 ready Pods over both workers, all behind the Service', async () => {
    const { sim, runner, at } = await play('hello-nginx');
    await at(30_000);
    const list = await pods(sim, 'app=nginx');
    expect(list.filter(isReady)).toHaveLength(3);
    expect(nodesOf(list)).toEqual(['worker-1', 'worker-2']);
    const slices = await listItems<KubeObject & { endpoints: { conditions: { ready: boolean } }[] }>(sim, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dnginx');
    expect(slices.flatMap((s) => s.endpoints).filter((e) => e.conditions.ready)).toHaveLength(3);
    await done(sim, runner);
  }, 60_000);

  it('scale up and down: 2, then 6 ready Pods, then 1', async () => {
    const { sim, runner, at } = await play('scale-up-and-down');
    await at(19_000);
    expect((await pods(sim)).filter(isReady)).toHaveLength(2);
    await at(45_000);
    const six = await pods(sim);
    expect(six.filter(isReady)).toHaveLength(6);
    expect(nodesOf(six)).toEqual(['worker-1', 'worker-2']);
    await at(90_000);
    expect(await pods(sim)).toHaveLength(1);
    await done(sim, runner);
  }, 60_000);

  it('rolling update and rollback: revision 2 rolls out, then revision 1 comes back as revision 3', async () => {
    const { sim, runner, at } = await play('rolling-update-and-rollback');
    await at(85_000);
    expect(live(await pods(sim)).map((p) => p.spec.containers[0].image)).toEqual(Array(4).fill('nginx:1.28'));
    await at(150_000);
    const list = live(await pods(sim));
    expect(list.filter(isReady).map((p) => p.spec.containers[0].image)).toEqual(Array(4).fill('nginx:1.27'));
    const rs = await listItems<KubeObject & { spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }>(sim, '/apis/apps/v1/namespaces/default/replicasets');
    const summary = rs.map((r) => [r.spec.template.spec.containers[0].image, r.metadata.annotations?.['deployment.kubernetes.io/revision'], r.spec.replicas]).sort();
    expect(summary).toEqual([
      ['nginx:1.27', '3', 4],
      ['nginx:1.28', '2', 0],
    ]);
    await done(sim, runner);
  }, 60_000);

  it('node failure and self-healing: worker-2 goes Unknown, its Pods are replaced elsewhere, it comes back Ready', async () => {
    const { sim, runner, at } = await play('node-failure-and-self-healing');
    await at(19_000);
    expect(nodesOf(await pods(sim))).toContain('worker-2');
    await at(150_000);
    expect(condition(await getJson(sim, '/api/v1/nodes/worker-2'), 'Ready')?.status).toBe('Unknown');
    const healed = live(await pods(sim)).filter((p) => p.spec.nodeName !== 'worker-2');
    expect(healed.filter(isReady)).toHaveLength(4);
    const evictions = await listItems<Event>(sim, '/api/v1/namespaces/default/events');
    expect(evictions.some((e) => e.reason === 'TaintManagerEviction')).toBe(true);
    await at(240_000);
    expect(condition(await getJson(sim, '/api/v1/nodes/worker-2'), 'Ready')?.status).toBe('True');
    await done(sim, runner);
  }, 60_000);

  it('pod that does not fit: one big Pod and huge stay Pending (Insufficient cpu) until a worker joins; then only huge', async () => {
    const { sim, runner, at } = await play('pod-that-does-not-fit');
    await at(35_000);
    const pending = (await pods(sim)).filter((p) => !p.spec.nodeName).map((p) => p.metadata.name);
    expect(pending).toHaveLength(2);
    expect(pending).toContain('huge');
    const events = await listItems<Event>(sim, '/api/v1/namespaces/default/events');
    const failed = events.filter((e) => e.reason === 'FailedScheduling' && e.involvedObject.name === 'huge').map((e) => e.message);
    expect(failed).toContain('0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
    await at(80_000);
    const list = await pods(sim);
    expect(list.filter((p) => !p.spec.nodeName).map((p) => p.metadata.name)).toEqual(['huge']);
    expect(list.filter((p) => p.spec.nodeName === 'worker-3')).toHaveLength(1);
    await done(sim, runner);
  }, 60_000);

  it('taints, tolerations and node affinity: trainer on gpu-1, db on worker-1, web never on gpu-1', async () => {
    const { sim, runner, at } = await play('taints-tolerations-and-node-affinity');
    await at(40_000);
    expect(nodesOf(await pods(sim, 'app=trainer'))).toEqual(['gpu-1']);
    expect(nodesOf(await pods(sim, 'app=db'))).toEqual(['worker-1']);
    const web = await pods(sim, 'app=web');
    expect(web.filter(isReady)).toHaveLength(4);
    expect(nodesOf(web)).toEqual(['worker-1', 'worker-2']);
    await done(sim, runner);
  }, 60_000);

  it('service load balancing: the unready Pod is listed but not ready, scaled Pods join the rotation', async () => {
    const { sim, runner, at } = await play('service-load-balancing');
    type Slice = KubeObject & { endpoints: { conditions: { ready: boolean }; targetRef?: { name: string } }[] };
    const endpoints = async () =>
      (await listItems<Slice>(sim, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dfrontend')).flatMap((s) => s.endpoints);
    await at(25_000);
    let eps = await endpoints();
    expect(eps).toHaveLength(4);
    expect(eps.filter((e) => e.conditions.ready)).toHaveLength(3);
    expect(eps.find((e) => e.targetRef?.name === 'not-ready')?.conditions.ready).toBe(false);
    await at(60_000);
    eps = await endpoints();
    expect(eps.filter((e) => e.conditions.ready)).toHaveLength(5);
    const svc = await getJson<KubeObject & { spec: { clusterIP: string } }>(sim, '/api/v1/namespaces/default/services/frontend');
    const answered = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = await sim.sendTraffic({ node: 'worker-1' }, `${svc.spec.clusterIP}:80`);
      if (r.endpoint?.pod) answered.add(r.endpoint.pod.name);
    }
    expect(answered.has('not-ready')).toBe(false);
    expect(answered.size).toBeGreaterThan(1);
    await done(sim, runner);
  }, 60_000);

  it('crash loop and image pull back-off: CrashLoopBackOff and ImagePullBackOff, then the fixed image runs', async () => {
    const { sim, runner, at } = await play('crash-loop-and-image-pull-back-off');
    await at(60_000);
    const crasher = await getJson<Pod>(sim, '/api/v1/namespaces/default/pods/crasher');
    expect(crasher.status?.containerStatuses?.[0].restartCount).toBeGreaterThanOrEqual(2);
    const web = await pods(sim, 'app=web');
    expect(web.map(waiting)).toEqual(['ImagePullBackOff', 'ImagePullBackOff']);
    let seenCrashLoop = false;
    for (let t = 60_000; t < 90_000 && !seenCrashLoop; t += 1_000) {
      await at(t);
      seenCrashLoop = waiting(await getJson<Pod>(sim, '/api/v1/namespaces/default/pods/crasher')) === 'CrashLoopBackOff';
    }
    expect(seenCrashLoop).toBe(true);
    await at(150_000);
    const fixed = live(await pods(sim, 'app=web'));
    expect(fixed.filter(isReady).map((p) => p.spec.containers[0].image)).toEqual(['nginx:1.27', 'nginx:1.27']);
    await done(sim, runner);
  }, 60_000);
});
