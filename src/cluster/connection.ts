/**
 * The page's connection to the cluster worker: boots it (opening a share link in the address, if
 * any), streams object deltas into the store, and exposes the worker's API (requests, apply, time
 * controls, scenarios) to components.
 */
import * as Comlink from 'comlink';
import type { BootInfo, BootRefusal, ClusterWorkerApi, DeltaBatch, WatchPortMessage } from '../../workers/cluster/protocol';
import { useClusterStore } from '../state/cluster-store';
import { useUiStore } from '../state/ui-store';
import { useScenarioStore } from '../scenarios/scenario-store';
import { noteFailedSteps } from '../scenarios/scenario-commands';
import { useLessonStore } from '../lessons/lesson-store';
import { openLessonInLocation } from '../lessons/lesson-link-open';
import { useTraceStore } from '../architecture/trace-store';
import { useControlPlane } from '../inspector/control-plane-store';

let connection: Promise<Comlink.Remote<ClusterWorkerApi>> | undefined;
/** Bumped on every (re)subscription: batches from an older port belong to a cluster that is gone. */
let generation = 0;

/** Starts the cluster worker once (idempotent: React StrictMode runs effects twice). */
export function connectCluster(): Promise<Comlink.Remote<ClusterWorkerApi>> {
  connection ??= start();
  return connection;
}

/** The share link in the address (`#s=...`), if the page was opened with one. */
export function linkInLocation(): string | undefined {
  const hash = location.hash.slice(1);
  return hash.split('&').some((p) => p.startsWith('s=')) ? location.hash : undefined;
}

/** Takes the link out of the address once it was read, so a reload keeps the cluster rather than reloading the link. */
function clearLinkFromLocation(): void {
  history.replaceState(history.state, '', location.pathname + location.search);
}

/** What boot said about a share link: shown in the banner when it could not be opened. */
function noteLink(info: BootInfo): void {
  clearLinkFromLocation();
  if (info.linkProblem) useScenarioStore.getState().showProblem({ key: 'scenario.linkFailed' }, info.linkProblem);
  else noteFailedSteps(info.scenario);
}

async function start(): Promise<Comlink.Remote<ClusterWorkerApi>> {
  const worker = new Worker(new URL('../../workers/cluster.worker.ts', import.meta.url), { type: 'module', name: 'cluster' });
  const api = Comlink.wrap<ClusterWorkerApi>(worker);
  const store = useClusterStore.getState();
  const link = linkInLocation();
  const info = await api.boot(link ? { link } : {});
  if (isRefusal(info)) {
    store.setRefused(info.reason);
    return api;
  }
  if (link) noteLink(info);
  useScenarioStore.getState().setCurrent(info.scenario);
  store.setBooted(info);
  await subscribe(api);
  void openLessonInLocation(api);
  return api;
}

async function subscribe(api: Comlink.Remote<ClusterWorkerApi>): Promise<void> {
  const gen = ++generation;
  const channel = new MessageChannel();
  let pending: DeltaBatch[] = [];
  let scheduled = false;
  // Coalesce batches per animation frame: the worker may post many per frame at high speed.
  channel.port1.onmessage = (e: MessageEvent<WatchPortMessage>) => {
    if (gen !== generation) {
      channel.port1.close();
      return;
    }
    if ('lost' in e.data) {
      // Another tab runs the cluster now: this page stops showing it and offers to take it back.
      generation++;
      channel.port1.close();
      useClusterStore.getState().setRefused(e.data.lost);
      return;
    }
    pending.push(e.data);
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const batches = pending;
      pending = [];
      if (gen !== generation) return;
      useClusterStore.getState().applyBatches(batches);
      routeTeaching(batches);
    });
  };
  await api.watchObjects(Comlink.transfer(channel.port2, [channel.port2]));
}

/** The lesson's newest view and the architecture view's messages that rode along with the batches. */
function routeTeaching(batches: DeltaBatch[]): void {
  let lesson;
  for (const b of batches) {
    if (b.lesson) lesson = b.lesson;
    if (b.trace) useTraceStore.getState().applyBatch(b.trace, performance.now());
  }
  if (lesson && useLessonStore.getState().view?.id === lesson.id) useLessonStore.getState().setView(lesson);
}

/**
 * Shows a cluster the worker has just replaced (a scenario loaded, a reset, taken back from another
 * tab): the page forgets every object it showed and streams the cluster from scratch.
 */
export async function showNewCluster(info: BootInfo): Promise<void> {
  const api = await connectCluster();
  generation++;
  useClusterStore.setState({ objects: new Map(), graphObjects: new Map() });
  useUiStore.getState().select(undefined);
  useUiStore.getState().collapseGroups();
  useTraceStore.getState().clear();
  useLessonStore.getState().setView(undefined);
  void api.controlPlane().then((cp) => cp && useControlPlane.setState(cp));
  useScenarioStore.getState().setCurrent(info.scenario);
  useClusterStore.getState().setBooted(info);
  await subscribe(api);
}

/** Takes the cluster over from another tab (opening the share link in the address, if any). */
export async function takeOver(): Promise<void> {
  const api = await connectCluster();
  const link = linkInLocation();
  const info = await api.boot({ takeOver: true, ...(link ? { link } : {}) });
  if (isRefusal(info)) return;
  if (link) noteLink(info);
  await showNewCluster(info);
}

function isRefusal(x: BootInfo | BootRefusal): x is BootRefusal {
  return (x as BootRefusal).refused === true;
}
