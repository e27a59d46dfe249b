/**
 * The cluster worker: kernel, store and apiserver in one Web Worker, exposed to the page through
 * Comlink. Thin by design: it wires modules to the transport.
 */
import * as Comlink from 'comlink';
import type { ApiRequest, ApiResponse, UserInfo } from './apiserver/types';
import { statusFailure } from './api/errors';
import { Cluster, DEFAULT_EPOCH_MS } from './cluster/cluster';
import { ObjectFeed } from './cluster/object-feed';
import { SessionMeta } from './cluster/session-meta';
import type { BootInfo, BootRefusal, ClockState, ClusterWorkerApi, DeltaBatch, Speed } from './cluster/protocol';
import { DexiePersistence } from './store/dexie-persistence';
import { applyManifests } from './kubectl/apply';

const DB_NAME = 'kubesim-cluster';
const LOCK_NAME = 'kubesim-cluster-owner';
/** The dashboard acts as the cluster admin, as kubectl with kubeadm's admin.conf does. */
const dashboardUser: UserInfo = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };

let cluster: Cluster | undefined;
let feeds: ObjectFeed[] = [];
const meta = new SessionMeta(DB_NAME + '-session');
let releaseLock: (() => void) | undefined;

function clockState(): ClockState {
  const k = cluster!.kernel;
  return { nowMs: k.now(), speed: k.speed as Speed, paused: k.paused };
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
  cluster = await Cluster.open({
    seed: saved?.seed ?? seed,
    epochMs: DEFAULT_EPOCH_MS,
    persistence: new DexiePersistence(DB_NAME),
    resumeAtMs: saved?.nowMs,
  });
  if (!saved) await meta.save({ seed, nowMs: cluster.kernel.now() });
  cluster.kernel.onTick(() => void meta.save({ seed: saved?.seed ?? seed, nowMs: cluster!.kernel.now() }));
  cluster.kernel.start();
  return { resumed: cluster.resumed, revision: cluster.store.revision, clock: clockState() };
}

const api: ClusterWorkerApi = {
  async boot(opts = {}): Promise<BootInfo | BootRefusal> {
    if (cluster) return { resumed: cluster.resumed, revision: cluster.store.revision, clock: clockState() };
    if (!(await acquireLock(opts.takeOver ?? false))) {
      return { refused: true, reason: 'This cluster is running in another tab. Only one tab can run it at a time.' };
    }
    return open(opts.seed ?? 1);
  },

  async request(req: ApiRequest): Promise<ApiResponse> {
    if (!cluster) return { kind: 'response', status: 503, headers: {}, body: statusFailure(503, 'ServiceUnavailable', 'the cluster is not running') };
    const res = await cluster.handle({ ...req, user: dashboardUser });
    if (res.kind === 'watch') {
      res.stream.close();
      return { kind: 'response', status: 400, headers: {}, body: statusFailure(400, 'BadRequest', 'use watchObjects for watches') };
    }
    return res;
  },

  async watchObjects(port: MessagePort): Promise<void> {
    if (!cluster) return;
    const feed = new ObjectFeed(cluster, dashboardUser, (deltas) => {
      const batch: DeltaBatch = { clock: clockState(), revision: cluster!.store.revision, deltas };
      port.postMessage(batch);
    });
    feeds.push(feed);
    await feed.start();
    // Keep the page's clock moving even when nothing changes.
    cluster.kernel.onTick(() => port.postMessage({ clock: clockState(), revision: cluster!.store.revision, deltas: [] } satisfies DeltaBatch));
  },

  async apply(text, opts = {}) {
    if (!cluster) return [];
    return applyManifests(cluster, text, { dryRun: opts.dryRun, user: dashboardUser });
  },

  async setSpeed(speed) {
    cluster!.kernel.setSpeed(speed);
    return clockState();
  },
  async pause() {
    cluster!.kernel.pause();
    return clockState();
  },
  async play() {
    cluster!.kernel.start();
    return clockState();
  },
  async step() {
    cluster!.kernel.step();
    return clockState();
  },

  async reset(): Promise<BootInfo> {
    for (const f of feeds) f.close();
    feeds = [];
    const seed = (await meta.load())?.seed ?? 1;
    if (cluster) await cluster.close();
    cluster = undefined;
    await new DexiePersistence(DB_NAME).clear();
    await meta.clear();
    return open(seed);
  },
};

addEventListener('unload', () => releaseLock?.());
Comlink.expose(api);
