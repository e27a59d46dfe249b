/**
 * The architecture view's feed (issue 5, section 1): every API request (with the pipeline stages it
 * passed and where it stopped) and every watch event sent to a component, as messages between boxes
 * with a one-line explanation in both languages. The cluster worker takes a batch per tick; at high
 * traffic a batch carries the newest messages plus counts per arrow for all of them, so the view
 * aggregates instead of lagging. Details (bodies) are kept for the newest messages only.
 */
import type { TraceRecord, TraceStage, WatchTraceRecord } from '../apiserver/trace';
import { componentOf, explainRequest, explainWatch } from '../explain/explain';
import { explanationText } from '../explain/explain-text';
import type { Cluster } from './cluster';

/** One message for the view. */
export interface TraceMessage {
  seq: number;
  /** Virtual ms since the epoch. */
  at: number;
  kind: 'request' | 'watch';
  /** The box it leaves and the box it reaches: `kube-scheduler`, `kubelet:worker-1`, `kube-apiserver`... */
  from: string;
  to: string;
  verb?: string;
  path?: string;
  code?: number;
  stages?: TraceStage[];
  /** The stage that refused it (403, 422, 409...). */
  stoppedAt?: string;
  /** The etcd revision it wrote (requests) or carries (watch events). */
  revision?: string;
  text: { en: string; 'zh-CN': string };
}

/** What the worker posts per tick. */
export interface TraceBatch {
  messages: TraceMessage[];
  /** Messages per arrow (`from>to`) in this batch, including those not sent one by one. */
  counts: Record<string, number>;
  /** Messages made since the last batch that were not sent one by one. */
  omitted: number;
}

/** A message with what the page shows when it is clicked. */
export interface TraceDetail {
  message: TraceMessage;
  user: string;
  impersonatedUser?: string;
  request?: unknown;
  response?: unknown;
}

/** The view's box for a user name. */
export function boxOf(user: string): string {
  const c = componentOf(user);
  if (c.component === 'kubelet') return `kubelet:${c.detail}`;
  if (c.component === 'user') return `user:${c.detail}`;
  return c.component;
}

const DEFAULT_MAX_PER_BATCH = 200;
const DETAILS_KEPT = 500;

export class TraceStream {
  private seq = 0;
  private queued: TraceMessage[] = [];
  private counts = new Map<string, number>();
  private omitted = 0;
  private readonly details = new Map<number, TraceDetail>();
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly maxPerBatch = DEFAULT_MAX_PER_BATCH,
  ) {}

  /** Messages made since the feed started (a step can wait for the next one). */
  get produced(): number {
    return this.seq;
  }

  get running(): boolean {
    return this.unsubscribe.length > 0;
  }

  start(): void {
    if (this.running) return;
    this.cluster.apiserver.traceBodies(true);
    this.unsubscribe.push(this.cluster.trace.subscribe((e) => this.onRequest(e.record)));
    this.unsubscribe.push(this.cluster.watchTrace().subscribe((e) => this.onWatch(e.record)));
  }

  stop(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.cluster.apiserver.traceBodies(false);
    this.cluster.stopWatchTrace();
    this.queued = [];
    this.counts.clear();
    this.details.clear();
  }

  /** The messages since the last call (undefined when there were none). */
  take(): TraceBatch | undefined {
    if (this.queued.length === 0 && this.omitted === 0) return undefined;
    const batch: TraceBatch = { messages: this.queued, counts: Object.fromEntries(this.counts), omitted: this.omitted };
    this.queued = [];
    this.counts.clear();
    this.omitted = 0;
    return batch;
  }

  /** A recent message with its request and response, or undefined once it fell out. */
  detail(seq: number): TraceDetail | undefined {
    return this.details.get(seq);
  }

  private push(m: TraceMessage, detail: TraceDetail): void {
    const arrow = `${m.from}>${m.to}`;
    this.counts.set(arrow, (this.counts.get(arrow) ?? 0) + 1);
    this.queued.push(m);
    if (this.queued.length > this.maxPerBatch) {
      this.queued.shift();
      this.omitted++;
    }
    this.details.set(m.seq, detail);
    if (this.details.size > DETAILS_KEPT) this.details.delete(this.details.keys().next().value as number);
  }

  private onRequest(r: TraceRecord): void {
    const e = explainRequest(r);
    const stopped = r.code >= 400 ? r.stages.find((s) => s.outcome === 'denied' || s.outcome === 'error') : undefined;
    const m: TraceMessage = {
      seq: ++this.seq,
      at: r.timeMs,
      kind: 'request',
      from: boxOf(r.user),
      to: 'kube-apiserver',
      verb: r.verb,
      path: r.path,
      code: r.code,
      stages: r.stages,
      text: { en: explanationText(e, 'en'), 'zh-CN': explanationText(e, 'zh-CN') },
    };
    if (stopped) m.stoppedAt = stopped.stage;
    if (r.resourceVersion) m.revision = r.resourceVersion;
    const detail: TraceDetail = { message: m, user: r.user, request: r.request, response: r.response };
    if (r.impersonatedUser) detail.impersonatedUser = r.impersonatedUser;
    this.push(m, detail);
  }

  private onWatch(r: WatchTraceRecord): void {
    const e = explainWatch(r);
    const m: TraceMessage = {
      seq: ++this.seq,
      at: r.timeMs,
      kind: 'watch',
      from: 'kube-apiserver',
      to: boxOf(r.user),
      revision: r.resourceVersion,
      text: { en: explanationText(e, 'en'), 'zh-CN': explanationText(e, 'zh-CN') },
    };
    this.push(m, { message: m, user: r.user, response: { type: r.type, resource: r.resource, namespace: r.namespace, name: r.name, resourceVersion: r.resourceVersion } });
  }
}
