/**
 * The cluster worker: kernel, store, apiserver and control plane in one Web Worker, with the nodes
 * in node workers it starts itself, exposed to the page through Comlink. Thin by design: it wires
 * modules to transports.
 */
import * as Comlink from 'comlink';
import type { ApiRequest, ApiResponse, UserInfo } from './apiserver/types';
import { statusFailure } from './api/errors';
import { DEFAULT_EPOCH_MS } from './cluster/cluster';
import { performAction } from './cluster/script-actions';
import { Simulation } from './cluster/simulation';
import { ShardRpcClient } from './sim/shard-rpc';
import { ObjectFeed } from './cluster/object-feed';
import { SessionMeta } from './cluster/session-meta';
import type { BootInfo, BootRefusal, ClockState, ClusterWorkerApi, DeltaBatch, Speed } from './cluster/protocol';
import { DexiePersistence } from './store/dexie-persistence';
import { applyManifests } from './kubectl/apply';

const DB_NAME = 'kubesim-cluster';
const LOCK_NAME = 'kubesim-cluster-owner';
/** The dashboard acts as the cluster admin, as kubectl with kubeadm's admin.conf does. */
const dashboardUser: UserInfo = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };

let sim: Simulation | undefined;
let nodeWorkers: Worker[] = [];
let feeds: ObjectFeed[] = [];
/** The page's watch ports: clock changes are announced there too, after the page's own request. */
let ports: MessagePort[] = [];

/**
 * The clock as the page should now see it. The Comlink reply and the watch port are two channels
 * with no order between them: a batch posted just before a pause could land after the reply and show
 * the clock running again, so every clock change is also the newest word on the watch port.
 */
function announceClock(): ClockState {
  const clock = clockState();
  for (const port of ports) port.postMessage({ clock, revision: sim!.cluster.store.revision, deltas: [] } satisfies DeltaBatch);
  return clock;
}
const meta = new SessionMeta(DB_NAME + '-session');
let releaseLock: (() => void) | undefined;

function clockState(): ClockState {
  const d = sim!.driver;
  return { nowMs: sim!.now(), speed: d.speed as Speed, paused: d.paused };
}

/** How many node workers to run: the nodes' share of the machine's cores (the history is the same for any count). */
function nodeWorkerCount(): number {
  return Math.min(4, Math.max(1, Math.floor((navigator.hardwareConcurrency || 2) / 2)));
}

async function startNodeWorkers(seed: number, epochMs: number): Promise<ShardRpcClient[]> {
  const shards: ShardRpcClient[] = [];
  for (let i = 0; i < nodeWorkerCount(); i++) {
    const w = new Worker(new URL('./node.worker.ts', import.meta.url), { type: 'module', name: `kubesim-nodes-${i}` });
    const shard = new ShardRpcClient({ post: (m) => w.postMessage(m), listen: (fn) => w.addEventListener('message', (e) => fn(e.data)) });
    w.addEventListener('error', (e) => shard.fail(new Error(`node worker ${i}: ${e.message}`)));
    nodeWorkers.push(w);
    shards.push(shard);
  }
  await Promise.all(shards.map((s) => s.init({ seed, epochMs })));
  return shards;
}

/** Holds the Web Lock for as long as this worker runs the cluster, so two tabs never share it. */
async function acquireLock(wait: boolean): Promise<boolean> {
  if (!('locks' in navigator)) return true;
  return new Promise<boolean>((resolve) => {
    void navigator.locks.request(LOCK_NAME, { ifAvailable: !wait }, (lock) => {
      if (!lock) {
        resolve(false);
        return undefined;
      }
      resolve(true);
      return new Promise<void>((release) => (releaseLock = release));
    });
  });
}

async function open(seed: number): Promise<BootInfo> {
  const saved = await meta.load();
  const useSeed = saved?.seed ?? seed;
  const epochMs = saved?.nowMs ?? DEFAULT_EPOCH_MS;
  const shards = await startNodeWorkers(useSeed, epochMs);
  sim = await Simulation.open({
    seed: useSeed,
    epochMs: DEFAULT_EPOCH_MS,
    persistence: new DexiePersistence(DB_NAME),
    resumeAtMs: saved?.nowMs,
    shards,
    onError: (err, label) => console.error(`kubesim: ${label}`, err),
  });
  const s = sim;
  if (!saved) await meta.save({ seed, nowMs: s.now() });
  s.driver.onTick(() => void meta.save({ seed: useSeed, nowMs: s.now() }));
  s.driver.onError((err) => console.error('kubesim: simulation stopped', err));
  s.driver.start();
  return { resumed: s.cluster.resumed, revision: s.cluster.store.revision, clock: clockState() };
}

const api: ClusterWorkerApi = {
  async boot(opts = {}): Promise<BootInfo | BootRefusal> {
    if (sim) return { resumed: sim.cluster.resumed, revision: sim.cluster.store.revision, clock: clockState() };
    if (!(await acquireLock(opts.takeOver ?? false))) {
      return { refused: true, reason: 'This cluster is running in another tab. Only one tab can run it at a time.' };
    }
    return open(opts.seed ?? 1);
  },

  async request(req: ApiRequest): Promise<ApiResponse> {
    if (!sim) return { kind: 'response', status: 503, headers: {}, body: statusFailure(503, 'ServiceUnavailable', 'the cluster is not running') };
    const res = await sim.cluster.handle({ ...req, user: dashboardUser });
    if (res.kind === 'watch') {
      res.stream.close();
      return { kind: 'response', status: 400, headers: {}, body: statusFailure(400, 'BadRequest', 'use watchObjects for watches') };
    }
    return res;
  },

  async watchObjects(port: MessagePort): Promise<void> {
    if (!sim) return;
    const s = sim;
    const feed = new ObjectFeed(s.cluster, dashboardUser, (deltas) => {
      const batch: DeltaBatch = { clock: clockState(), revision: s.cluster.store.revision, deltas };
      port.postMessage(batch);
    });
    feeds.push(feed);
    ports.push(port);
    await feed.start();
    // Keep the page's clock moving even when nothing changes.
    s.driver.onTick(() => port.postMessage({ clock: clockState(), revision: s.cluster.store.revision, deltas: [] } satisfies DeltaBatch));
  },

  async apply(text, opts = {}) {
    if (!sim) return [];
    return applyManifests(sim.cluster, text, { dryRun: opts.dryRun, user: dashboardUser });
  },

  async setSpeed(speed) {
    sim!.driver.setSpeed(speed);
    return announceClock();
  },
  async pause() {
    sim!.driver.pause();
    await sim!.driver.idle();
    return announceClock();
  },
  async play() {
    sim!.driver.start();
    return announceClock();
  },
  async step() {
    sim!.driver.pause();
    await sim!.driver.step();
    return announceClock();
  },

  async schedulingResults(podKey) {
    return sim?.controlPlane.schedulingResults.latest(podKey);
  },

  async inspectNode(node, query) {
    if (!sim) throw new Error('the cluster is not running');
    return sim.gateway.inspect(node, query);
  },

  async sendTraffic(from, target) {
    if (!sim) throw new Error('the cluster is not running');
    return sim.sendTraffic(from, target);
  },

  async perform(action) {
    if (!sim) return { ok: false, text: 'the cluster is not running' };
    return performAction(sim, action);
  },

  async reset(): Promise<BootInfo> {
    for (const f of feeds) f.close();
    feeds = [];
    ports = [];
    const seed = (await meta.load())?.seed ?? 1;
    if (sim) await sim.close();
    sim = undefined;
    for (const w of nodeWorkers) w.terminate();
    nodeWorkers = [];
    await new DexiePersistence(DB_NAME).clear();
    await meta.clear();
    return open(seed);
  },
};

addEventListener('unload', () => releaseLock?.());
Comlink.expose(api);
