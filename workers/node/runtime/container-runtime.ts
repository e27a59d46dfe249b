/**
 * The node's container runtime (containerd behind the CRI, simulated): pod sandboxes with their IPs,
 * an image store filled by serial pulls, and containers that start, log, and exit by their plan, all
 * in virtual time. It tells its owner (the kubelet) about every change through `onChange(podUid)`.
 * Faults and traffic reach containers here too: `killContainer` (exit 137) and `appendLog`.
 */
import type { Clock, Rng, TimerId, Timers } from '../../sim/types';
import { containerPlan, type ContainerInput, type ContainerPlan } from './behaviour';
import { parseImageRef } from './image-ref';
import { accessLogLine, type SimulatedRequest } from './log-lines';
import { hex64, sharedPull, type ResolvedImage } from './images';
import { HostLocalIpam } from './ipam';

/** Times of the runtime's own operations, ms. */
export const SANDBOX_CREATE_MS = 350;
export const CONTAINER_CREATE_MS = 60;
export const CONTAINER_START_MS = 90;
/** A pull of an image already stored (only the manifest is fetched). */
export const MANIFEST_CHECK_MS = 240;
/** Time until a pull of a missing image fails. */
export const FAILED_PULL_MS = 800;
/** Lines appended at run time (access logs) kept per container, as log rotation would bound them. */
export const MAX_APPENDED_LOG_LINES = 1000;

/** A pod sandbox (the pause container and its network namespace). */
export interface Sandbox {
  id: string;
  podUid: string;
  ip: string;
  createdAtMs: number;
}

/** Why a container stopped, as its status will say. */
export type ExitReason = 'Completed' | 'Error' | 'OOMKilled';

/** One container instance (one attempt). */
export interface RuntimeContainer {
  id: string;
  podUid: string;
  name: string;
  /** 0 for the first run of this container name in this pod, then 1, 2... */
  attempt: number;
  image: ResolvedImage;
  plan: ContainerPlan;
  state: 'created' | 'running' | 'exited';
  createdAtMs: number;
  startedAtMs?: number;
  finishedAtMs?: number;
  exitCode?: number;
  reason?: ExitReason;
  /** The stop asked for (SIGTERM then SIGKILL at the deadline). */
  stopping?: boolean;
  timers: TimerId[];
  /** Lines written at run time (access logs), offsets from the start like plan.logs; bounded. */
  appendedLogs: { atMs: number; line: string }[];
}

/** What a pull gave. */
export type PullResult = { ok: true; image: ResolvedImage; pullMs: number; totalMs: number } | { ok: false; error: string };

export interface RuntimeOptions {
  clock: Clock;
  timers: Timers;
  rng: Rng;
  /** The node's pod range; absent until the Node gets one (setPodCIDR). */
  podCIDR?: string;
  /** Called when a container exits by itself or is stopped (the PLEG's ContainerDied); the caller knows of its own starts. */
  onChange: (podUid: string) => void;
  /** Images present before anything runs (kind nodes ship the pause and control-plane images). */
  preloaded?: string[];
}

/** The simulated containerd of one node. */
export class ContainerRuntime {
  /** The CNI's IPAM; undefined until the node has a podCIDR (the network is not ready). */
  ipam?: HostLocalIpam;
  private readonly images = new Map<string, ResolvedImage>();
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly containers = new Map<string, RuntimeContainer>();
  /** The same containers by pod, each list in the order of `containers` (oldest first). */
  private readonly byPod = new Map<string, RuntimeContainer[]>();
  private readonly attempts = new Map<string, number>();
  private pullQueueFreeAtMs = 0;
  /** Images a queued pull will have stored by then: a later pull of one only checks the manifest. */
  private readonly queuedPulls = new Set<string>();

  constructor(private readonly opts: RuntimeOptions) {
    if (opts.podCIDR) this.ipam = new HostLocalIpam(opts.podCIDR);
    for (const ref of opts.preloaded ?? []) {
      const r = sharedPull(ref);
      if (r.ok) this.images.set(r.image.ref.fullName, r.image);
    }
  }

  private newId(): string {
    return this.opts.rng.string(64, '0123456789abcdef');
  }

  private after(ms: number): Promise<void> {
    return new Promise((resolve) => this.opts.timers.after(ms, resolve, 'runtime'));
  }

  /** The stored image for a reference, if pulled. */
  imageStatus(image: string): ResolvedImage | undefined {
    const ref = parseImageRef(image);
    return ref ? this.images.get(ref.fullName) : undefined;
  }

  /** Every image on the node (for Node status.images). */
  listImages(): ResolvedImage[] {
    return [...this.images.values()];
  }

  /** Pulls an image; pulls are serial (the kubelet's default serializeImagePulls), so one may wait. */
  async pullImage(image: string): Promise<PullResult> {
    const outcome = sharedPull(image);
    const now = this.opts.clock.now();
    const startMs = Math.max(now, this.pullQueueFreeAtMs);
    // A stored image only needs its manifest checked again (imagePullPolicy Always).
    const stored = outcome.ok && (this.images.has(outcome.image.ref.fullName) || this.queuedPulls.has(outcome.image.ref.fullName));
    if (outcome.ok && !stored) this.queuedPulls.add(outcome.image.ref.fullName);
    const pullMs = outcome.ok ? (stored ? MANIFEST_CHECK_MS : outcome.image.pullMs) : FAILED_PULL_MS;
    this.pullQueueFreeAtMs = startMs + pullMs;
    await this.after(startMs + pullMs - now);
    if (!outcome.ok) return outcome;
    this.queuedPulls.delete(outcome.image.ref.fullName);
    this.images.set(outcome.image.ref.fullName, outcome.image);
    return { ok: true, image: outcome.image, pullMs, totalMs: startMs + pullMs - now };
  }

  /**
   * Creates the pod's sandbox and gives it an IP from the node's podCIDR, or the node's own address
   * (`hostIP`) for a hostNetwork pod, which gets no network namespace; the same sandbox again if it
   * exists. Throws the CNI's error when the range is exhausted.
   */
  async runPodSandbox(podUid: string, hostIP?: string): Promise<Sandbox> {
    const existing = this.sandboxes.get(podUid);
    if (existing) return existing;
    await this.after(SANDBOX_CREATE_MS);
    const again = this.sandboxes.get(podUid);
    if (again) return again;
    const sb: Sandbox = { id: this.newId(), podUid, ip: hostIP ?? this.podIPAM().allocate(podUid), createdAtMs: this.opts.clock.now() };
    this.sandboxes.set(podUid, sb);
    return sb;
  }

  /** The CNI gets its range (kubelet's updatePodCIDR); a later change keeps the first, as a running node does. */
  setPodCIDR(cidr: string): void {
    this.ipam ??= new HostLocalIpam(cidr);
  }

  /** True once pod networking can hand out addresses. */
  get networkReady(): boolean {
    return this.ipam !== undefined;
  }

  private podIPAM(): HostLocalIpam {
    if (!this.ipam) throw new Error('cni plugin not initialized');
    return this.ipam;
  }

  /** The pod's sandbox, if any. */
  sandbox(podUid: string): Sandbox | undefined {
    return this.sandboxes.get(podUid);
  }

  /** Removes the sandbox, its containers and its IP. */
  removePodSandbox(podUid: string): void {
    for (const c of this.podContainers(podUid)) this.removeContainer(c.id);
    this.sandboxes.delete(podUid);
    this.ipam?.release(podUid);
    for (const k of this.attempts.keys()) if (k.startsWith(`${podUid}/`)) this.attempts.delete(k);
  }

  /** Creates a container from a pulled image. */
  async createContainer(podUid: string, spec: ContainerInput, image: ResolvedImage, annotations: Record<string, string>): Promise<RuntimeContainer> {
    await this.after(CONTAINER_CREATE_MS);
    const key = `${podUid}/${spec.name}`;
    const attempt = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attempt + 1);
    const c: RuntimeContainer = {
      id: this.newId(),
      podUid,
      name: spec.name,
      attempt,
      image,
      plan: containerPlan(image, spec, annotations),
      state: 'created',
      createdAtMs: this.opts.clock.now(),
      // Set later; present from the start so the record keeps every field inline.
      startedAtMs: undefined,
      finishedAtMs: undefined,
      exitCode: undefined,
      reason: undefined,
      stopping: undefined,
      timers: [],
      appendedLogs: [],
    };
    this.putContainer(c);
    return c;
  }

  /** Starts a created container; its exit (if its plan has one) is scheduled. */
  async startContainer(id: string): Promise<void> {
    await this.after(CONTAINER_START_MS);
    const c = this.containers.get(id);
    if (!c || c.state !== 'created') return;
    c.state = 'running';
    c.startedAtMs = this.opts.clock.now();
    this.scheduleExit(c);
  }

  /** Schedules a running container's planned exit, counted from its start (never in the past). */
  private scheduleExit(c: RuntimeContainer): void {
    const exit = c.plan.exit;
    if (!exit) return;
    const reason: ExitReason = exit.reason === 'OOMKilled' ? 'OOMKilled' : exit.code === 0 ? 'Completed' : 'Error';
    const inMs = Math.max(0, c.startedAtMs! + exit.atMs - this.opts.clock.now());
    c.timers.push(this.opts.timers.after(inMs, () => this.exited(c, exit.code, reason), `container-exit ${c.name}`));
  }

  // --- Resuming: the machine's state read back from what the API shows of it ----------------------

  /** Puts an image back into the store (a resumed node's Node status lists it). */
  adoptImage(image: ResolvedImage): void {
    if (!this.images.has(image.ref.fullName)) this.images.set(image.ref.fullName, image);
  }

  /**
   * Puts a pod's sandbox back with the address its pod shows. The sandbox id never reaches the API:
   * it is derived from the pod's UID, so it needs no draw. False (and nothing adopted) when a pod
   * address is outside the node's range or another pod already holds it.
   */
  adoptSandbox(podUid: string, ip: string, createdAtMs: number, hostNetwork: boolean): boolean {
    if (this.sandboxes.has(podUid)) return true;
    if (!hostNetwork && !this.ipam?.reserve(podUid, ip)) return false;
    this.sandboxes.set(podUid, { id: hex64(`sandbox/${podUid}`), podUid, ip, createdAtMs });
    return true;
  }

  /**
   * Puts a container instance back as its status shows it: a running one goes on with its plan
   * counted from its original start (its exit, if planned, is scheduled again); an exited one stays
   * as the kubelet's record of it. The next attempt of that container name follows it.
   */
  adoptContainer(c: Omit<RuntimeContainer, 'plan' | 'timers' | 'appendedLogs'>, spec: ContainerInput, annotations: Record<string, string>): RuntimeContainer {
    const adopted: RuntimeContainer = { ...c, plan: containerPlan(c.image, spec, annotations), timers: [], appendedLogs: [] };
    this.putContainer(adopted);
    const key = `${c.podUid}/${c.name}`;
    this.attempts.set(key, Math.max(this.attempts.get(key) ?? 0, c.attempt + 1));
    if (adopted.state === 'running') this.scheduleExit(adopted);
    return adopted;
  }

  /** Stops a container: SIGTERM, then SIGKILL (exit 137) when the grace period runs out. Resolves on exit. */
  stopContainer(id: string, gracePeriodMs: number): Promise<void> {
    const c = this.containers.get(id);
    if (!c || c.state === 'exited') return Promise.resolve();
    if (c.state === 'created') {
      this.exited(c, 0, 'Completed');
      return Promise.resolve();
    }
    c.stopping = true;
    const termMs = c.plan.termExitMs;
    return new Promise((resolve) => {
      const finish = (code: number) => {
        if (c.state !== 'exited') this.exited(c, code, code === 0 ? 'Completed' : 'Error');
        resolve();
      };
      if (termMs !== undefined && termMs <= gracePeriodMs) c.timers.push(this.opts.timers.after(termMs, () => finish(0), 'sigterm'));
      else c.timers.push(this.opts.timers.after(gracePeriodMs, () => finish(137), 'sigkill'));
    });
  }

  /**
   * Kills the running container of that name as `kill -9` would (a fault): it exits 137 with reason
   * Error, and the kubelet restarts it as the pod's restartPolicy says. False when none runs.
   */
  killContainer(podUid: string, name: string): boolean {
    const c = this.container(podUid, name);
    if (!c || c.state !== 'running') return false;
    this.exited(c, 137, 'Error');
    return true;
  }

  /** Appends a line to the log of the running container of that name; false when none runs. */
  appendLog(podUid: string, name: string, line: string): boolean {
    const c = this.container(podUid, name);
    if (!c || c.state !== 'running' || c.startedAtMs === undefined) return false;
    c.appendedLogs.push({ atMs: this.opts.clock.now() - c.startedAtMs, line });
    if (c.appendedLogs.length > MAX_APPENDED_LOG_LINES) c.appendedLogs.splice(0, c.appendedLogs.length - MAX_APPENDED_LOG_LINES);
    return true;
  }

  /**
   * A simulated request reached the pod on `port`: the running container listening there writes its
   * access-log line (nginx, httpd). Returns the container's name, or undefined when nobody listens.
   */
  serveRequest(podUid: string, port: number, req: SimulatedRequest): string | undefined {
    const now = this.opts.clock.now();
    for (const c of this.podContainers(podUid)) {
      if (c.state !== 'running' || c.startedAtMs === undefined) continue;
      if (!c.plan.ports.includes(port) || now - c.startedAtMs < c.plan.readyAfterMs) continue;
      const line = accessLogLine(c.image.program, req, now);
      if (line !== undefined) this.appendLog(podUid, c.name, line);
      return c.name;
    }
    return undefined;
  }

  private exited(c: RuntimeContainer, code: number, reason: ExitReason): void {
    if (c.state === 'exited') return;
    for (const t of c.timers) this.opts.timers.cancel(t);
    c.timers = [];
    c.state = 'exited';
    c.finishedAtMs = this.opts.clock.now();
    c.exitCode = code;
    c.reason = reason;
    this.opts.onChange(c.podUid);
  }

  /** Removes a container record (its timers die with it). */
  removeContainer(id: string): void {
    const c = this.containers.get(id);
    if (!c) return;
    for (const t of c.timers) this.opts.timers.cancel(t);
    this.dropContainer(c);
  }

  private putContainer(c: RuntimeContainer): void {
    const list = this.byPod.get(c.podUid);
    const known = this.containers.get(c.id);
    this.containers.set(c.id, c);
    // A record replaced under its id keeps its place, as in the Map.
    if (known && list) list[list.indexOf(known)] = c;
    else if (list) list.push(c);
    else this.byPod.set(c.podUid, [c]);
  }

  private dropContainer(c: RuntimeContainer): void {
    this.containers.delete(c.id);
    const list = this.byPod.get(c.podUid);
    if (!list) return;
    const i = list.indexOf(c);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byPod.delete(c.podUid);
  }

  /** A container by its id (64 hex characters). */
  containerById(id: string): RuntimeContainer | undefined {
    return this.containers.get(id);
  }

  /** Every container of a pod, oldest first. */
  podContainers(podUid: string): RuntimeContainer[] {
    return [...(this.byPod.get(podUid) ?? [])];
  }

  /** The newest container of that name in the pod, or the one before it (`previous`). */
  container(podUid: string, name: string, previous = false): RuntimeContainer | undefined {
    const list = this.podContainers(podUid).filter((c) => c.name === name);
    return list[list.length - (previous ? 2 : 1)];
  }

  /** Drops exited attempts beyond the two newest per container (the kubelet keeps one dead one). */
  pruneExited(podUid: string): void {
    const byName = new Map<string, RuntimeContainer[]>();
    for (const c of this.podContainers(podUid)) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
    for (const list of byName.values()) for (const c of list.slice(0, -2)) if (c.state === 'exited') this.dropContainer(c);
  }
}
