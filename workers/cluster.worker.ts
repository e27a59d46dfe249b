/**
 * The cluster worker: kernel, store, apiserver and control plane in one Web Worker, with the nodes
 * in node workers it starts itself, exposed to the page through Comlink. Thin by design: it wires
 * modules to transports.
 */
import * as Comlink from 'comlink';
import type { ApiRequest, ApiResponse, UserInfo } from './apiserver/types';
import { statusFailure } from './api/errors';
import { DEFAULT_EPOCH_MS } from './cluster/cluster';
import { defaultLayout } from './cluster/cluster-layout';
import { performAction, type ScriptAction } from './cluster/script-actions';
import { ScenarioRunner, scenarioLayout, type RunnableScenario } from './cluster/scenario-runner';
import {
  builtinSummaries,
  defaultScenario,
  deleteObject,
  describeScenario,
  problemOf,
  readScenario,
  resumeLayout,
  shareableScenario,
  shareFragment,
  type ScenarioSource,
} from './cluster/scenario-session';
import { Simulation } from './cluster/simulation';
import { NodeWorkers, TabLock } from './cluster/browser-host';
import { ObjectFeed } from './cluster/object-feed';
import { SessionMeta, type ScenarioRecord } from './cluster/session-meta';
import type { BootInfo, BootRefusal, ClockState, ClusterWorkerApi, DeltaBatch, ScenarioLoad, Speed, WatchPortMessage } from './cluster/protocol';
import { DexiePersistence } from './store/dexie-persistence';
import { applyManifests } from './kubectl/apply';
import { Classroom, classroomApi } from './cluster/classroom';

const DB_NAME = 'kubesim-cluster';
/** The most simulation events "Next message" runs looking for one that talks to the apiserver. */
const MAX_SILENT_STEPS = 1_000;
/** The dashboard acts as the cluster admin, as kubectl with kubeadm's admin.conf does. */
const dashboardUser: UserInfo = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };

let sim: Simulation | undefined;
let runner: ScenarioRunner | undefined;
/** The built-in scenario the session started from, if any. */
let builtin: string | undefined;
const nodeWorkers = new NodeWorkers();
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
/** Posts the architecture view's messages made since the last tick (a paused cluster has no ticks). */
function flushTrace(): void {
  const trace = sim ? classroom.takeTrace() : undefined;
  if (!trace || !sim) return;
  for (const port of ports) port.postMessage({ clock: clockState(), revision: sim.cluster.store.revision, deltas: [], trace } satisfies DeltaBatch);
}
const meta = new SessionMeta(DB_NAME + '-session');
/** The lesson being followed and the architecture view's feed, on whichever cluster runs. */
const classroom = new Classroom();
const tabLock = new TabLock();

/**
 * Everything that moves time or changes the cluster runs one at a time: a recorded action must land
 * between two windows with nothing else advancing the clock meanwhile, and a load must not race one.
 */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(fn: () => Promise<T>): Promise<T> {
  // Paused, no tick posts the architecture view's messages: each serialized call does, when it ends.
  const run = queue.then(fn).finally(flushTrace);
  queue = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

function clockState(): ClockState {
  const d = sim!.driver;
  return { nowMs: sim!.now(), speed: d.speed as Speed, paused: d.paused };
}

/** Another tab took the cluster over: stop running it here (the store stays for that tab) and tell the page. */
async function lostLock(): Promise<void> {
  const message: WatchPortMessage = { lost: 'Another tab took this cluster over. Only one tab can run it at a time.' };
  for (const port of ports) port.postMessage(message);
  await stopCluster();
}

function scenarioRecord(): ScenarioRecord {
  return { scenario: runner!.scenario(), startMs: runner!.startMs, recorded: runner!.recorded, ...(builtin ? { builtin } : {}) };
}

function bootInfo(): BootInfo {
  return { resumed: sim!.cluster.resumed, revision: sim!.cluster.store.revision, clock: clockState(), scenario: describeScenario(scenarioRecord(), runner!.failures) };
}

/**
 * Opens the cluster: a fresh one playing `fresh` (the store must be empty), or the persisted one with
 * the scenario it was playing, or, on a first visit, the default cluster.
 */
async function open(fresh?: { scenario: RunnableScenario; builtin?: string }): Promise<BootInfo> {
  nodeWorkers.spawn();
  const saved = fresh ? undefined : await meta.load();
  const savedScenario = fresh ? undefined : await meta.loadScenario();
  const scenario = fresh?.scenario ?? savedScenario?.scenario ?? defaultScenario(saved?.seed);
  const seed = saved?.seed ?? scenario.seed;
  const epochMs = saved?.nowMs ?? DEFAULT_EPOCH_MS;
  const layout = saved
    ? resumeLayout(scenario, savedScenario?.startMs ?? DEFAULT_EPOCH_MS, saved.nowMs, defaultLayout())
    : (scenarioLayout(scenario) ?? defaultLayout());
  const shards = await nodeWorkers.start(seed, epochMs);
  sim = await Simulation.open({
    seed,
    podSubnet: scenario.cluster?.podSubnet,
    epochMs: DEFAULT_EPOCH_MS,
    persistence: new DexiePersistence(DB_NAME),
    resumeAtMs: saved?.nowMs,
    layout,
    shards,
    onError: (err, label) => console.error(`kubesim: ${label}`, err),
  });
  const s = sim;
  builtin = fresh ? fresh.builtin : savedScenario?.builtin;
  runner = s.cluster.resumed
    ? ScenarioRunner.resume(s, scenario, savedScenario?.startMs ?? DEFAULT_EPOCH_MS, savedScenario?.recorded ?? 0)
    : await ScenarioRunner.start(s, scenario);
  runner.onChange = () => void meta.saveScenario(scenarioRecord());
  if (!saved) await meta.save({ seed, nowMs: s.now() });
  await meta.saveScenario(scenarioRecord());
  const speed = fresh?.scenario.settings?.speed;
  if (speed !== undefined) s.driver.setSpeed(speed);
  s.driver.onTick(() => void meta.save({ seed, nowMs: s.now() }));
  s.driver.onError((err) => console.error('kubesim: simulation stopped', err));
  s.warpBoot();
  s.driver.start();
  classroom.attach(s);
  return bootInfo();
}

/** Stops the cluster here: the feeds, the runner, the simulation (its buffered writes committed), the node workers. */
async function stopCluster(): Promise<void> {
  classroom.attach(undefined);
  for (const f of feeds) f.close();
  feeds = [];
  ports = [];
  runner?.close();
  runner = undefined;
  if (sim) await sim.close();
  sim = undefined;
  nodeWorkers.terminate();
}

/** Stops the cluster and forgets it: the store and the session too. */
async function discard(): Promise<void> {
  await stopCluster();
  await new DexiePersistence(DB_NAME).clear();
  await meta.clear();
}

/** Replaces the cluster with one playing the scenario, or leaves it untouched when the scenario is broken. */
function load(source: ScenarioSource): Promise<ScenarioLoad> {
  return serial(async () => {
    let read;
    try {
      read = await readScenario(source);
    } catch (e) {
      return { ok: false, problem: problemOf(e) };
    }
    await discard();
    return { ok: true, boot: await open(read) };
  });
}

/**
 * Performs one of the dashboard's actions and records it into the scenario with its virtual time,
 * its writes committed before the answer. Time stands still meanwhile, so the action lands between
 * two windows, where its replay will.
 */
function recorded<T>(action: ScriptAction, perform: (s: Simulation) => Promise<T>, idle: T): Promise<T> {
  return serial(async () => {
    const s = sim;
    const r = runner;
    if (!s || !r) return idle;
    const wasRunning = !s.driver.paused;
    s.driver.pause();
    await s.driver.idle();
    try {
      const result = await r.record(action, () => perform(s));
      // What the page is told happened survives a reload right after it (the next tick may be too late).
      await s.cluster.store.flush();
      return result;
    } finally {
      if (wasRunning) s.driver.start();
    }
  });
}

const notRunning = (): ApiResponse => ({ kind: 'response', status: 503, headers: {}, body: statusFailure(503, 'ServiceUnavailable', 'the cluster is not running') });

const api: ClusterWorkerApi = {
  async boot(opts = {}): Promise<BootInfo | BootRefusal> {
    if (sim) return bootInfo();
    if (!(await tabLock.acquire(opts.takeOver ?? false, () => void serial(lostLock)))) {
      return { refused: true, reason: 'This cluster is running in another tab. Only one tab can run it at a time.' };
    }
    return serial(async () => {
      if (opts.link !== undefined) {
        try {
          const read = await readScenario({ link: opts.link });
          await discard();
          return await open(read);
        } catch (e) {
          // The link is broken: the cluster opens as it was, and the page says why.
          return { ...(await open()), linkProblem: problemOf(e) };
        }
      }
      if (opts.seed !== undefined && !(await meta.load())) return open({ scenario: defaultScenario(opts.seed) });
      return open();
    });
  },

  async request(req: ApiRequest): Promise<ApiResponse> {
    if (!sim) return notRunning();
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
    // Keep the page's clock moving even when nothing changes; the lesson and the trace feed ride along.
    s.driver.onTick(() => {
      if (sim !== s) return;
      const trace = classroom.takeTrace();
      port.postMessage({ clock: clockState(), revision: s.cluster.store.revision, deltas: [], ...(trace ? { trace } : {}) } satisfies DeltaBatch);
      void classroom.lessonUpdate().then((lesson) => {
        if (lesson && sim === s) port.postMessage({ clock: clockState(), revision: s.cluster.store.revision, deltas: [], lesson } satisfies DeltaBatch);
      });
    });
  },

  async apply(text, opts = {}) {
    // A dry run changes nothing, so it is not part of the scenario.
    if (opts.dryRun) return sim ? applyManifests(sim.cluster, text, { dryRun: true, user: dashboardUser }) : [];
    return recorded({ type: 'apply', manifests: text }, (s) => applyManifests(s.cluster, text, { user: dashboardUser }), []);
  },

  async deleteObject(ref) {
    const action: ScriptAction = { type: 'delete', apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) };
    return recorded(action, (s) => deleteObject(s, ref), notRunning());
  },

  setSpeed: (speed) =>
    serial(async () => {
      sim!.driver.setSpeed(speed);
      return announceClock();
    }),
  pause: () =>
    serial(async () => {
      sim!.driver.pause();
      await sim!.driver.idle();
      return announceClock();
    }),
  play: () =>
    serial(async () => {
      sim!.driver.start();
      return announceClock();
    }),
  step: () =>
    serial(async () => {
      sim!.driver.pause();
      await sim!.driver.idle();
      await sim!.driver.step();
      return announceClock();
    }),

  stepToMessage: () =>
    serial(async () => {
      sim!.driver.pause();
      await sim!.driver.idle();
      // Timers that send nothing (a probe's period, a back-off) pass quietly; bounded so a silent cluster cannot hang.
      const before = classroom.traceProduced;
      for (let i = 0; i < MAX_SILENT_STEPS && classroom.traceProduced === before; i++) await sim!.driver.step();
      return announceClock();
    }),

  async schedulingResults(podKey) {
    return sim?.controlPlane.schedulingResults.latest(podKey);
  },

  async inspectNode(node, query) {
    if (!sim) throw new Error('the cluster is not running');
    return sim.gateway.inspect(node, query);
  },

  // Paused, a request drives time itself: it waits its turn like anything else that moves the clock.
  sendTraffic: (from, target) =>
    serial(async () => {
      if (!sim) throw new Error('the cluster is not running');
      return sim.sendTraffic(from, target);
    }),

  async perform(action) {
    return recorded(action, (s) => performAction(s, action), { ok: false, text: 'the cluster is not running' });
  },

  reset: () =>
    serial(async () => {
      await discard();
      return open({ scenario: defaultScenario() });
    }),

  async builtinScenarios() {
    return builtinSummaries();
  },
  loadScenario: (value) => load({ value }),
  loadBuiltinScenario: (id) => load({ builtin: id }),
  importScenario: (text) => load({ text }),
  openShareLink: (link) => load({ link }),

  async checkShareLink(link) {
    try {
      await readScenario({ link });
      return undefined;
    } catch (e) {
      return problemOf(e);
    }
  },

  async currentScenario() {
    return runner ? describeScenario(scenarioRecord(), runner.failures) : undefined;
  },

  async shareLink() {
    if (!runner) return { ok: false, problem: problemOf(new Error('the cluster is not running')) };
    try {
      return { ok: true, fragment: await shareFragment(runner.scenario()) };
    } catch (e) {
      return { ok: false, problem: problemOf(e) };
    }
  },

  ...classroomApi({
    classroom,
    sim: () => sim,
    serial,
    async loadFresh(scenario) {
      const res = await load({ value: scenario });
      if (!res.ok) throw new Error(res.problem.message);
      return res.boot;
    },
  }),

  async exportScenario() {
    if (!runner) return { ok: false, problem: problemOf(new Error('the cluster is not running')) };
    try {
      return { ok: true, json: `${JSON.stringify(shareableScenario(runner.scenario()), null, 2)}\n` };
    } catch (e) {
      return { ok: false, problem: problemOf(e) };
    }
  },
};

addEventListener('unload', () => tabLock.releaseNow());
Comlink.expose(api);
