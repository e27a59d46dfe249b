/**
 * Resuming a persisted cluster (a reloaded tab, `Simulation.open({ persistence, resumeAtMs })`):
 * the machines carry on where they were. Running containers keep their ids and start times, pods
 * their IPs and restart counts, a crash loop its back-off; nothing is started again, the CNI hands
 * a new pod a fresh address, Services still answer, and a resumed run is deterministic.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { DexiePersistence } from '../store/dexie-persistence';
import type { PersistedState, Persistence, StoreEvent } from '../store/types';
import { apply, getJson, isReady, listItems, runUntil, testSimulation } from './sim-testkit';
import type { Simulation } from './simulation';

const MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27", readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: crash}
spec:
  containers: [{name: app, image: "busybox:1.36", command: [sh, -c, "sleep 2; exit 1"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: shell, image: "busybox:1.36", command: [sleep, "3600"]}]
`;

interface ContainerStatusLite {
  name: string;
  containerID?: string;
  restartCount: number;
  ready: boolean;
  state: { running?: { startedAt: string }; waiting?: { reason: string; message?: string }; terminated?: { finishedAt: string } };
  lastState: { terminated?: { containerID: string; finishedAt: string } };
}
type PodLite = KubeObject & { spec: { nodeName?: string }; status: { podIP?: string; startTime?: string; containerStatuses?: ContainerStatusLite[] } };
type EventLite = KubeObject & { reason: string; involvedObject: { name: string }; count: number };

const pods = (sim: Simulation) => listItems<PodLite>(sim, '/api/v1/pods');
const events = (sim: Simulation) => listItems<EventLite>(sim, '/api/v1/events');

/** What the nodes' machines hold of each pod, as the API shows it. */
function machineView(list: PodLite[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of list) {
    out[`${p.metadata.namespace}/${p.metadata.name}`] = {
      node: p.spec.nodeName,
      podIP: p.status.podIP,
      startTime: p.status.startTime,
      containers: (p.status.containerStatuses ?? []).map((c) => ({ name: c.name, id: c.containerID, restarts: c.restartCount, state: c.state, ready: c.ready })),
    };
  }
  return out;
}

/** A persisted state handed out as a fresh copy on every load; what the resumed run writes is dropped. */
class FrozenPersistence implements Persistence {
  constructor(private readonly state: PersistedState) {}
  async load(): Promise<PersistedState> {
    return structuredClone(this.state);
  }
  append(_events: readonly StoreEvent[]): void {}
  async flush(): Promise<void> {}
  async clear(): Promise<void> {}
  async close(): Promise<void> {}
}

/** SHA-256 over every revision written from now on, and how many there were. */
function hashFrom(sim: Simulation): () => { digest: string; revisions: number } {
  const hash = createHash('sha256');
  let revisions = 0;
  const w = sim.cluster.store.watch('/', sim.cluster.store.revision, (e: StoreEvent) => {
    hash.update(`${e.revision} ${e.type} ${e.key} ${JSON.stringify(e.object)}\n`);
    revisions++;
  });
  return () => {
    w.cancel();
    return { digest: hash.digest('hex'), revisions };
  };
}

/** Boots a cluster, runs the workload into a crash loop, and persists it; returns the resume time. */
async function persistedCluster(dbName: string): Promise<number> {
  const sim = await testSimulation({ seed: 77, persistence: new DexiePersistence(dbName), shardCount: 2 });
  // A machine joined after boot is one of the cluster's machines too.
  await sim.addNodes([{ name: 'worker-3', labels: { disk: 'ssd' } }]);
  await apply(sim, MANIFESTS);
  await runUntil(sim, 'web ready', async () => (await pods(sim)).filter((p) => p.metadata.name!.startsWith('web-') && isReady(p)).length === 3, 30_000);
  await runUntil(sim, 'crash loop', async () => {
    const crash = await getJson<PodLite>(sim, '/api/v1/namespaces/default/pods/crash');
    const c = crash.status.containerStatuses?.[0];
    return (c?.restartCount ?? 0) >= 3 && c?.state.waiting?.reason === 'CrashLoopBackOff';
  }, 120_000);
  const nowMs = sim.now();
  await sim.close();
  return nowMs;
}

describe('resuming a persisted cluster', () => {
  it('nodes carry on: same containers, IPs, restart counts and back-off; nothing starts again', async () => {
    const db = 'node-resume-carry-on';
    const resumeAtMs = await persistedCluster(db);
    const before = await (async () => {
      const probe = await testSimulation({ seed: 77, persistence: new FrozenPersistence((await new DexiePersistence(db).load())!), resumeAtMs, shardCount: 2 });
      const list = await pods(probe);
      const evs = await events(probe);
      await probe.close();
      return { list, evs };
    })();

    const sim = await testSimulation({ seed: 77, persistence: new DexiePersistence(db), resumeAtMs, shardCount: 1 });
    expect(sim.cluster.resumed).toBe(true);
    expect(sim.now()).toBe(resumeAtMs);
    expect(sim.gateway.nodeNames).toEqual(['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    const podWrites: string[] = [];
    sim.cluster.trace.subscribe((e) => {
      if (e.record.verb !== 'get' && e.record.verb !== 'list' && e.record.verb !== 'watch' && e.record.path.includes('/pods')) podWrites.push(`${e.record.user} ${e.record.verb} ${e.record.path}`);
    });
    await sim.advance(5_000);
    // The kubelets read their pods back and find nothing to write.
    expect(podWrites).toEqual([]);
    const after = await pods(sim);
    expect(machineView(after)).toEqual(machineView(before.list));
    const nodes = await listItems(sim, '/api/v1/nodes');
    expect(nodes.map((n) => `${n.metadata.name} ${(n.status as { addresses: { address: string }[] }).addresses[0].address}`)).toEqual(['control-plane 172.18.0.2', 'worker-1 172.18.0.3', 'worker-2 172.18.0.4', 'worker-3 172.18.0.5']);

    // No container was created or started again, and no kubelet says it started.
    const startedBefore = before.evs.filter((e) => e.reason === 'Started' || e.reason === 'Created' || e.reason === 'Pulling');
    const startedAfter = (await events(sim)).filter((e) => e.reason === 'Started' || e.reason === 'Created' || e.reason === 'Pulling');
    expect(startedAfter.map((e) => `${e.metadata.name} ${e.count}`)).toEqual(startedBefore.map((e) => `${e.metadata.name} ${e.count}`));
    const kubeletStarts = (list: EventLite[]) => list.filter((e) => e.reason === 'Starting').length;
    expect(kubeletStarts(await events(sim))).toBe(kubeletStarts(before.evs));

    // The crash loop goes on from its restart count, with a longer back-off.
    const crash0 = before.list.find((p) => p.metadata.name === 'crash')!.status.containerStatuses![0];
    await runUntil(sim, 'crash restarts again', async () => (await getJson<PodLite>(sim, '/api/v1/namespaces/default/pods/crash')).status.containerStatuses![0].restartCount > crash0.restartCount, 400_000);
    const crash1 = (await getJson<PodLite>(sim, '/api/v1/namespaces/default/pods/crash')).status.containerStatuses![0];
    expect(crash1.restartCount).toBe(crash0.restartCount + 1);
    expect(crash1.lastState.terminated?.containerID).toBe(crash0.lastState.terminated?.containerID);
    await runUntil(sim, 'crash in back-off again', async () => (await getJson<PodLite>(sim, '/api/v1/namespaces/default/pods/crash')).status.containerStatuses![0].state.waiting?.reason === 'CrashLoopBackOff', 60_000);
    const waiting = (await getJson<PodLite>(sim, '/api/v1/namespaces/default/pods/crash')).status.containerStatuses![0].state.waiting!;
    const backoffOf = (m?: string) => /back-off (\S+) restarting/.exec(m ?? '')?.[1];
    expect(backoffOf(waiting.message)).not.toBe(backoffOf(crash0.state.waiting?.message));

    // A new pod gets an address nobody holds.
    await sim.request({ method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/web/scale', body: { spec: { replicas: 5 } }, headers: { 'content-type': 'application/merge-patch+json' } });
    await runUntil(sim, 'web scaled', async () => (await pods(sim)).filter((p) => p.metadata.name!.startsWith('web-') && isReady(p)).length === 5, 30_000);
    const ips = (await pods(sim)).filter((p) => p.status.podIP && !p.status.podIP.startsWith('172.18.')).map((p) => p.status.podIP);
    expect(new Set(ips).size).toBe(ips.length);

    // The Service still answers from a pod that was running before the reload.
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await sim.sendTraffic({ pod: { namespace: 'default', name: 'client' } }, 'web:80'));
    expect(results.map((r) => r.outcome)).toEqual(Array(10).fill('connected'));
    await sim.close();
  }, 300_000);

  it('a machine whose kubelet was stopped comes back running: its pods turn Ready with the same containers', async () => {
    const db = 'node-resume-stopped-kubelet';
    const sim = await testSimulation({ seed: 78, persistence: new DexiePersistence(db) });
    await apply(sim, MANIFESTS);
    const web = async (s: Simulation) => (await pods(s)).filter((p) => p.metadata.name!.startsWith('web-'));
    await runUntil(sim, 'web ready', async () => (await web(sim)).filter(isReady).length === 3, 30_000);
    const victim = (await web(sim))[0];
    sim.stopKubelet(victim.spec.nodeName!);
    await runUntil(sim, 'marked not ready', async () => !isReady(await getJson<PodLite>(sim, `/api/v1/namespaces/default/pods/${victim.metadata.name}`)), 90_000);
    const resumeAtMs = sim.now();
    await sim.close();

    const resumed = await testSimulation({ seed: 78, persistence: new DexiePersistence(db), resumeAtMs });
    await runUntil(resumed, 'ready again', async () => isReady(await getJson<PodLite>(resumed, `/api/v1/namespaces/default/pods/${victim.metadata.name}`)), 30_000);
    const back = await getJson<PodLite>(resumed, `/api/v1/namespaces/default/pods/${victim.metadata.name}`);
    expect(back.status.podIP).toBe(victim.status.podIP);
    expect(back.status.containerStatuses![0].containerID).toBe(victim.status.containerStatuses![0].containerID);
    expect(back.status.containerStatuses![0].restartCount).toBe(0);
    await resumed.close();
  }, 300_000);

  it('two resumes of one persisted state have the same future', async () => {
    const db = 'node-resume-determinism';
    const resumeAtMs = await persistedCluster(db);
    const state = (await new DexiePersistence(db).load())!;
    const run = async (shardCount: number) => {
      const sim = await testSimulation({ seed: 77, persistence: new FrozenPersistence(state), resumeAtMs, shardCount });
      const digest = hashFrom(sim);
      await sim.advance(60_000);
      const out = digest();
      await sim.close();
      return out;
    };
    const first = await run(1);
    expect(first.revisions).toBeGreaterThan(20);
    expect(await run(1)).toEqual(first);
    expect(await run(3)).toEqual(first);
  }, 300_000);
});
