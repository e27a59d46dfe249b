/**
 * The simulated kubelet of one node: registers the Node and keeps its Lease, watches the pods bound
 * to it (field selector spec.nodeName) and runs one worker per pod over the node's container runtime,
 * creates mirror pods for its static pods, and serves container logs. Stopping it is a node fault:
 * heartbeats and status updates stop while containers keep running.
 */
import { ApiError, statusFailure } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import type { LogOptions } from '../../apiserver/rest/context';
import type { Component, ComponentContext } from '../../client/component';
import { objectOfDelete, SharedInformer } from '../../client/informer';
import { isAlreadyExists, isNotFound } from '../../controllers/api-errors';
import { ContainerRuntime } from '../runtime/container-runtime';
import type { SimulatedRequest } from '../runtime/log-lines';
import { resolvePull, type ResolvedImage } from '../runtime/images';
import { Backoff } from './backoff';
import { ConfigSource } from './config-refs';
import { containerLogs } from './container-logs';
import { ImagePuller } from './image-puller';
import { NodeHeartbeat } from './node-heartbeat';
import type { NodeConfig } from './node-object';
import type { PodWorkerDeps } from './pod-worker';
import { restorePod } from './pod-restore';
import { CONFIG_MIRROR_ANNOTATION, isMirrorPod, mirrorPod } from './static-pods';
import { StatusManager } from './status-manager';
import { TerminatingPodWorker } from './terminating-pod-worker';

const PODS = { group: '', version: 'v1', resource: 'pods' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };
/** A kubelet's pod workers, its pod cache and the runtime's image cache (plain data for the page). */
export interface KubeletInternals {
  podWorkers: {
    pod: string;
    uid: string;
    state: 'syncing' | 'terminating';
    sandboxIP?: string;
    containers: { name: string; id: string; attempt: number; state: 'created' | 'running' | 'exited'; image: string }[];
  }[];
  /** Pods bound to this node in the kubelet's informer cache. */
  cachedPods: number;
  images: { name: string; sizeBytes: number }[];
}

/** How soon a resumed kubelet asks for its Node again when the apiserver did not answer. */
const RESUME_RETRY_MS = 1000;

/** Images a kind node image ships with. */
export const PRELOADED_IMAGES = [
  'registry.k8s.io/pause:3.10',
  'registry.k8s.io/etcd:3.5.16-0',
  'registry.k8s.io/kube-apiserver:v1.32.0',
  'registry.k8s.io/kube-controller-manager:v1.32.0',
  'registry.k8s.io/kube-scheduler:v1.32.0',
  'registry.k8s.io/kube-proxy:v1.32.0',
  'registry.k8s.io/coredns/coredns:v1.11.3',
  'docker.io/kindest/kindnetd:v20241108-5c6d2daf',
  'docker.io/kindest/local-path-provisioner:v20241108-5c6d2daf',
];

/** A kubelet's configuration. */
export interface KubeletConfig extends NodeConfig {
  /** Static pod manifests (the node's /etc/kubernetes/manifests). */
  staticPods?: KubeObject[];
  /** Images present at boot; PRELOADED_IMAGES when absent. */
  preloadedImages?: string[];
  /**
   * Set when this machine ran before the cluster was persisted and is now resumed (a reloaded tab):
   * the store revision it resumes at. The kubelet then carries on instead of booting: it reads its
   * Node and its pods back from the apiserver and rebuilds the runtime from them (pod-restore.ts).
   */
  resumedAtRevision?: number;
}

/** One node's kubelet. */
export class Kubelet implements Component {
  readonly runtime: ContainerRuntime;
  readonly pods: SharedInformer;
  readonly heartbeat: NodeHeartbeat;
  readonly statuses: StatusManager;
  private readonly workers = new Map<string, TerminatingPodWorker>();
  /** One callback for every worker (a closure per worker costs its own context). */
  private readonly workerFinished = (uid: string): void => {
    this.workers.delete(uid);
  };
  /** Static pods by config hash: the runtime key of the worker running each. */
  private readonly staticPods = new Map<string, string>();
  /** API UIDs of recreated mirror pods to the runtime key of their static pod. */
  private readonly runtimeKeys = new Map<string, string>();
  private readonly deps: PodWorkerDeps;
  private running = false;
  /** The next start carries on from the API (a resumed machine) instead of booting. */
  private resumePending: boolean;
  /** The pods of the first list after resuming are taken back, not started. */
  private resumed = false;
  /** Counts stops, so a resume interrupted by one knows it. */
  private incarnation = 0;

  constructor(
    private readonly ctx: ComponentContext,
    readonly config: KubeletConfig,
  ) {
    const rng = ctx.rng.fork(`kubelet/${config.nodeName}`);
    this.runtime = new ContainerRuntime({
      clock: ctx.clock,
      timers: ctx.timers,
      rng: rng.fork('runtime'),
      podCIDR: config.podCIDR,
      preloaded: config.preloadedImages ?? PRELOADED_IMAGES,
      onChange: (uid) => this.workers.get(uid)?.onRuntimeChange(),
    });
    this.statuses = new StatusManager(ctx.client);
    this.heartbeat = new NodeHeartbeat(ctx, config, () => this.runtime.listImages(), {
      ready: () => this.runtime.networkReady,
      setPodCIDR: (cidr) => {
        this.runtime.setPodCIDR(cidr);
        for (const w of this.workers.values()) w.schedule(0);
      },
    });
    this.deps = {
      clock: ctx.clock,
      timers: ctx.timers,
      rng,
      runtime: this.runtime,
      recorder: ctx.recorder,
      puller: new ImagePuller(this.runtime, new Backoff(ctx.clock), ctx.recorder, ctx.clock),
      crashBackoff: new Backoff(ctx.clock),
      statuses: this.statuses,
      config: new ConfigSource(ctx.client),
      hostIP: config.internalIP,
      active: () => this.running,
    };
    this.pods = new SharedInformer(ctx.client.resource(PODS), { timers: ctx.timers, fieldSelector: `spec.nodeName=${config.nodeName}`, name: `kubelet:${config.nodeName}:pods` });
    this.resumePending = config.resumedAtRevision !== undefined;
    this.pods.addEventHandler({
      onAdd: (p, initial) => this.podChanged(p, initial && this.resumed),
      onUpdate: (_o, p) => this.podChanged(p),
      onDelete: (x) => this.podDeleted(objectOfDelete(x)),
    });
  }

  /** True while the kubelet runs (not stopped as a fault). */
  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    if (this.resumePending) {
      this.resumePending = false;
      void this.resume();
      return;
    }
    this.running = true;
    this.statuses.enabled = true;
    this.heartbeat.start();
    this.pods.run();
    for (const w of this.workers.values()) w.schedule(0);
    this.ctx.timers.after(0, () => void this.syncStaticPods(), 'kubelet-static-pods');
  }

  stop(): void {
    this.incarnation++;
    this.running = false;
    this.statuses.enabled = false;
    this.heartbeat.stop();
    this.pods.stop();
  }

  /**
   * Carries on after the cluster was resumed: the process never stopped, so no start-up Events and
   * no registration. The Node gives back the image store and the pod range, the first pod list the
   * sandboxes and containers (podChanged with `restore`). A machine whose Node is gone boots anew.
   */
  private async resume(): Promise<void> {
    this.running = true;
    this.statuses.enabled = true;
    const incarnation = this.incarnation;
    let node: KubeObject | undefined;
    let unanswered = false;
    try {
      node = await this.ctx.client.resource(NODES).get(this.config.nodeName);
    } catch (err) {
      unanswered = !isNotFound(err);
    }
    if (incarnation !== this.incarnation) {
      // Stopped (a fault) before it could read anything back: the next start resumes instead.
      if (!this.running) this.resumePending = true;
      return;
    }
    if (unanswered) {
      // The apiserver did not answer: ask again a little later, still resuming.
      this.running = false;
      this.resumePending = true;
      this.ctx.timers.after(RESUME_RETRY_MS, () => {
        if (incarnation === this.incarnation) this.start();
      }, 'kubelet-resume');
      return;
    }
    if (!node) {
      this.running = false;
      this.start();
      return;
    }
    for (const image of nodeImages(node)) this.runtime.adoptImage(image);
    this.resumed = true;
    this.heartbeat.resume(node);
    this.pods.run();
    this.ctx.timers.after(0, () => void this.syncStaticPods(), 'kubelet-static-pods');
  }

  private podChanged(pod: KubeObject, restore = false): void {
    if (isMirrorPod(pod) && this.mirrorChanged(pod)) return;
    // A pod deleted before it ever started here still gets a worker: it owes the final delete.
    const existing = this.workers.get(this.runtimeKey(pod.metadata.uid!));
    // Status-only changes (mostly our own writes) do not trigger a sync, as in the kubelet's pod config.
    if (existing && sameSpec(existing.pod, pod)) {
      existing.pod = pod;
      return;
    }
    const w = existing ?? this.newWorker(pod);
    const restored = !existing && restore ? restorePod(pod, this.deps) : undefined;
    if (restored) w.resume(restored);
    else w.update(pod);
  }

  private newWorker(pod: KubeObject): TerminatingPodWorker {
    const w = new TerminatingPodWorker(pod, this.deps, this.ctx.client, this.workerFinished);
    this.workers.set(pod.metadata.uid!, w);
    return w;
  }

  private podDeleted(pod: KubeObject): void {
    if (isMirrorPod(pod)) {
      // The static pod runs on; only its reflection in the API is made again.
      this.runtimeKeys.delete(pod.metadata.uid!);
      if (this.running) this.ctx.timers.after(0, () => void this.syncStaticPods(), 'kubelet-static-pods');
      return;
    }
    const w = this.workers.get(pod.metadata.uid!);
    if (w) w.removed();
  }

  /**
   * Mirror pods (kubelet's mirror pod handling): deleting one never stops its static pod (the kubelet
   * removes it at once and creates a new one), and a new mirror takes over the running static pod.
   * True when the event is handled here.
   */
  private mirrorChanged(pod: KubeObject): boolean {
    const hash = pod.metadata.annotations![CONFIG_MIRROR_ANNOTATION];
    const m = pod.metadata;
    if (m.deletionTimestamp) {
      void this.ctx.client.resource(PODS, m.namespace).delete(m.name!, { gracePeriodSeconds: 0, preconditions: { uid: m.uid } }).catch(() => undefined);
      return true;
    }
    const key = this.staticPods.get(hash);
    const w = key ? this.workers.get(key) : undefined;
    if (!w) {
      this.staticPods.set(hash, m.uid!);
      return false;
    }
    if (w.pod.metadata.uid === m.uid) return false;
    this.runtimeKeys.set(m.uid!, w.uid);
    w.adopt(pod);
    return true;
  }

  /** The runtime's key for a pod UID from the API (a recreated mirror pod maps to its static pod). */
  runtimeKey(podUid: string): string {
    return this.runtimeKeys.get(podUid) ?? podUid;
  }

  /**
   * Creates the mirror pods that are missing. A resumed kubelet knows its pods first (its mirror
   * pods are there already: nothing to create).
   */
  private async syncStaticPods(): Promise<void> {
    const manifests = this.config.staticPods ?? [];
    if (!manifests.length || !this.running) return;
    if (!this.heartbeat.nodeUid || (this.resumed && !this.pods.hasSynced())) {
      this.ctx.timers.after(100, () => void this.syncStaticPods(), 'kubelet-static-pods');
      return;
    }
    for (const m of manifests) {
      const mirror = mirrorPod(m, this.config.nodeName, this.heartbeat.nodeUid, this.ctx.clock.now());
      if (this.resumed && this.pods.indexer.get(mirror.metadata.namespace!, mirror.metadata.name!)) continue;
      try {
        await this.ctx.client.resource(PODS, mirror.metadata.namespace).create(mirror);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
  }

  /** What this kubelet holds now, for the internals view: its pod workers and their containers, its images. */
  internals(): KubeletInternals {
    const podWorkers = [...this.workers.entries()]
      .map(([key, w]) => ({
        pod: `${w.pod.metadata.namespace ?? ''}/${w.pod.metadata.name ?? ''}`,
        uid: w.pod.metadata.uid ?? key,
        state: w.terminating ? ('terminating' as const) : ('syncing' as const),
        sandboxIP: this.runtime.sandbox(key)?.ip,
        containers: this.runtime.podContainers(key).map((c) => ({ name: c.name, id: c.id, attempt: c.attempt, state: c.state, image: c.image.ref.fullName })),
      }))
      .sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
    return {
      podWorkers,
      cachedPods: this.pods.indexer.size,
      images: this.runtime.listImages().map((i) => ({ name: i.ref.fullName, sizeBytes: i.sizeBytes })),
    };
  }

  /** The pod worker of a pod, if the kubelet runs it. */
  worker(uid: string): TerminatingPodWorker | undefined {
    return this.workers.get(this.runtimeKey(uid));
  }

  /**
   * Fault: kills the running container `name` of the pod (exit 137, reason Error, as `kill -9` in the
   * node); the kubelet restarts it as the restartPolicy says, even while stopped it is noticed on
   * start. False when no such container runs.
   */
  killContainer(podUid: string, name: string): boolean {
    return this.runtime.killContainer(this.runtimeKey(podUid), name);
  }

  /** Appends a line to a running container's log (what `kubectl logs` shows); false when none runs. */
  appendLog(podUid: string, containerName: string, line: string): boolean {
    return this.runtime.appendLog(this.runtimeKey(podUid), containerName, line);
  }

  /**
   * A simulated request reached this pod on `port` (after kube-proxy's rules picked it): the
   * container serving that port writes its access-log line (nginx: combined format). Returns the
   * container's name, or undefined when nothing listens there (yet).
   */
  serveRequest(podUid: string, port: number, req: SimulatedRequest): string | undefined {
    return this.runtime.serveRequest(this.runtimeKey(podUid), port, req);
  }

  /**
   * pods/log for a pod on this node (plug into ApiServer.setLogProvider). A stopped kubelet does
   * not answer: the apiserver's dial to port 10250 is refused, as kubectl then reports.
   */
  logs(pod: KubeObject, opts: LogOptions): string {
    if (!this.running) {
      const url = `https://${this.config.internalIP}:10250/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${opts.container}`;
      throw new ApiError(statusFailure(500, '', `Get "${url}": dial tcp ${this.config.internalIP}:10250: connect: connection refused`));
    }
    return containerLogs(this.runtime, pod, opts, this.ctx.clock.now(), this.runtimeKey(pod.metadata.uid!));
  }
}

/** The images a Node's status lists (a resumed kubelet's image store). */
function nodeImages(node: KubeObject): ResolvedImage[] {
  const listed = (node.status as { images?: { names?: string[] }[] } | undefined)?.images ?? [];
  const out: ResolvedImage[] = [];
  for (const i of listed) {
    const name = i.names?.find((n) => !n.includes('@')) ?? i.names?.[0];
    const r = name ? resolvePull(name) : undefined;
    if (r?.ok) out.push(r.image);
  }
  return out;
}

type SyncedMeta = { labels?: unknown; annotations?: unknown; deletionTimestamp?: string; deletionGracePeriodSeconds?: number };

/** The parts of a pod whose change makes the kubelet sync it. */
function specKey(pod: KubeObject): string {
  const m = pod.metadata as SyncedMeta;
  return JSON.stringify([pod.spec, m.labels, m.annotations, m.deletionTimestamp, m.deletionGracePeriodSeconds]);
}

/**
 * Whether two revisions of a pod agree on what makes the kubelet sync. The store shares unchanged
 * subtrees between revisions, so a status write usually leaves the very same spec, labels and
 * annotations: then no text is needed.
 */
function sameSpec(a: KubeObject, b: KubeObject): boolean {
  const ma = a.metadata as SyncedMeta;
  const mb = b.metadata as SyncedMeta;
  if (a.spec === b.spec && ma.labels === mb.labels && ma.annotations === mb.annotations && ma.deletionTimestamp === mb.deletionTimestamp && ma.deletionGracePeriodSeconds === mb.deletionGracePeriodSeconds) return true;
  return specKey(a) === specKey(b);
}
