/**
 * Watch: a stream of ADDED/MODIFIED/DELETED events from a resourceVersion on, with upstream's start
 * semantics (unset or "0": the current state as synthetic ADDED events, then live; N: history after
 * N; below the compaction floor: one ERROR event carrying a 410 Expired Status), selector filtering
 * that turns objects leaving or entering the selection into DELETED / ADDED, bookmarks and timeouts.
 */
import { internalError, tooOldResourceVersion } from '../../api/errors';
import type { KubeObject, WatchEvent } from '../../api/types';
import { StoreError, type StoreEvent } from '../../store/types';
import type { TimerId } from '../../sim/types';
import { fromStorage } from '../conversion';
import { keyPrefix } from '../keys';
import type { WatchTraceRecord } from '../trace';
import type { WatchResponse, WatchStream } from '../types';
import { requestNamespace } from './common';
import type { RestContext } from './context';
import { selectorPredicate, watchIndexFor } from './fieldfilter';
import type { WatchIndex } from '../../store/watch-hub';
import { parseResourceVersion } from './list';
import { partialObject, tableOptions, type Rendering } from './negotiate';
import { printTable } from '../printers';

/** How often a watch that allows bookmarks gets one, in virtual time (upstream: about a minute). */
export const BOOKMARK_INTERVAL_MS = 60_000;

const initialEventsEndAnnotation = 'k8s.io/initial-events-end';

interface WatchPlan {
  prefix: string;
  fromRevision: number;
  sendInitial: boolean;
  bookmarks: boolean;
  timeoutMs?: number;
  predicate?: (o: KubeObject) => boolean;
  index?: WatchIndex;
}

function planWatch(ctx: RestContext): WatchPlan {
  const q = ctx.query;
  const query = { ...q };
  if (ctx.ri.name) query.fieldSelector = [q.fieldSelector, `metadata.name=${ctx.ri.name}`].filter(Boolean).join(',');
  const rv = q.resourceVersion ?? '';
  const sendInitialParam = q.sendInitialEvents;
  const sendInitial = sendInitialParam === 'true' || (sendInitialParam !== 'false' && (rv === '' || rv === '0'));
  const timeout = q.timeoutSeconds !== undefined ? Number(q.timeoutSeconds) : undefined;
  return {
    prefix: keyPrefix(ctx.info, requestNamespace(ctx)),
    fromRevision: rv === '' || rv === '0' ? -1 : parseResourceVersion(rv),
    sendInitial,
    bookmarks: q.allowWatchBookmarks === 'true' || q.allowWatchBookmarks === '1',
    timeoutMs: timeout !== undefined && Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : undefined,
    predicate: selectorPredicate(ctx.info, query),
    index: watchIndexFor(ctx.info, query),
  };
}

/** Maps one store event through the selector, as upstream's filtered watch does. */
function filterEvent(e: StoreEvent, predicate?: (o: KubeObject) => boolean): WatchEvent['type'] | undefined {
  if (!predicate) return e.type;
  const now = predicate(e.object);
  if (e.type !== 'MODIFIED') return now ? e.type : undefined;
  const before = e.prevObject ? predicate(e.prevObject) : false;
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  if (before) return 'DELETED';
  return undefined;
}

/** One running watch: initial state, live store events, bookmarks and the timeout. */
class WatchSession implements WatchStream {
  private watcher?: { cancel(): void };
  private readonly timerIds: TimerId[] = [];
  private closed = false;
  private onClose?: () => void;
  private sink: (e: WatchEvent) => void = () => {};
  private firstTable = true;
  private lastRV: number;

  constructor(
    private readonly ctx: RestContext,
    private readonly p: WatchPlan,
    private readonly rendering: Rendering,
  ) {
    this.lastRV = p.fromRevision;
  }

  private render(obj: KubeObject): KubeObject {
    const out = fromStorage(obj, this.ctx.info);
    if (this.rendering === 'partial') return partialObject(out);
    if (this.rendering !== 'table') return out;
    const opts = tableOptions(this.ctx.query, this.ctx.deps.clock.now());
    const table = printTable(this.ctx.info, [out], opts, { resourceVersion: out.metadata.resourceVersion }) as unknown as Record<string, unknown>;
    // Column definitions go with the first event only: upstream's watch encoder then converts with
    // NoHeaders, whose Table carries `"columnDefinitions": null` (kubectl reuses the first ones).
    if (!this.firstTable) table.columnDefinitions = null;
    this.firstTable = false;
    return table as unknown as KubeObject;
  }

  private traceRecord(type: WatchTraceRecord['type'], e: StoreEvent): WatchTraceRecord {
    const { info, user } = this.ctx;
    const meta = e.object.metadata;
    const rec: WatchTraceRecord = {
      timeMs: this.ctx.deps.clock.now(),
      user: user.username,
      resource: info.group ? `${info.resource}.${info.group}` : info.resource,
      type,
      name: meta.name ?? '',
      resourceVersion: String(e.revision),
    };
    if (meta.namespace) rec.namespace = meta.namespace;
    return rec;
  }

  private bookmark(initialEnd: boolean): void {
    const info = this.ctx.info;
    const metadata: KubeObject['metadata'] = { resourceVersion: String(this.lastRV) };
    if (initialEnd) metadata.annotations = { [initialEventsEndAnnotation]: 'true' };
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    this.sink({ type: 'BOOKMARK', object: { kind: info.kind, apiVersion, metadata } });
  }

  private expire(requested: number): void {
    const status = tooOldResourceVersion(requested, this.ctx.deps.store.compactRevision).status;
    this.sink({ type: 'ERROR', object: status as unknown as KubeObject });
    this.close();
  }

  start(sink: (event: WatchEvent) => void, onClose?: () => void): void {
    this.sink = sink;
    this.onClose = onClose;
    const { store } = this.ctx.deps;
    const p = this.p;
    const explicitInitial = this.ctx.query.sendInitialEvents === 'true';
    if (p.fromRevision >= 0 && p.fromRevision < store.compactRevision) return this.expire(p.fromRevision);
    if (p.sendInitial) {
      const listed = store.list(p.prefix, { predicate: p.predicate });
      for (const obj of listed.items) sink({ type: 'ADDED', object: this.render(obj) });
      this.lastRV = Math.max(listed.revision, p.fromRevision);
      if (p.bookmarks && explicitInitial) this.bookmark(true);
    } else if (this.lastRV < 0) {
      this.lastRV = store.revision;
    }
    try {
      this.watcher = store.watch(p.prefix, this.lastRV, (e) => this.onStoreEvent(e), p.index);
    } catch (e) {
      if (!(e instanceof StoreError) || e.code !== 'Expired') throw e;
      return this.expire(this.lastRV);
    }
    this.scheduleTimers(explicitInitial);
  }

  /** Runs inside the store's write: a failure here must end this watch, never the writer's request. */
  private onStoreEvent(e: StoreEvent): void {
    if (this.closed) return;
    try {
      const type = filterEvent(e, this.p.predicate);
      this.lastRV = e.revision;
      if (!type) return;
      this.sink({ type, object: this.render(e.object) });
      const traceSink = this.ctx.deps.watchTrace;
      if (traceSink && type !== 'ERROR' && type !== 'BOOKMARK') {
        // After the write's own request record (published when the request ends), as people read it: the request, then who heard of it.
        const rec = this.traceRecord(type, e);
        queueMicrotask(() => traceSink(rec));
      }
    } catch (err) {
      const status = internalError(err instanceof Error ? err.message : 'watch delivery failed').status;
      try {
        this.sink({ type: 'ERROR', object: status as unknown as KubeObject });
      } finally {
        this.close();
      }
    }
  }

  private scheduleTimers(explicitInitial: boolean): void {
    const timers = this.ctx.deps.timers;
    if (timers && this.p.bookmarks) {
      const tick = () => {
        if (this.closed) return;
        this.bookmark(false);
        this.timerIds.push(timers.after(BOOKMARK_INTERVAL_MS, tick, 'watch-bookmark'));
      };
      this.timerIds.push(timers.after(BOOKMARK_INTERVAL_MS, tick, 'watch-bookmark'));
    } else if (this.p.bookmarks && !explicitInitial) {
      // Without virtual timers, one bookmark at the start tells the client where it stands.
      this.bookmark(false);
    }
    if (timers && this.p.timeoutMs !== undefined) this.timerIds.push(timers.after(this.p.timeoutMs, () => this.close(), 'watch-timeout'));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher?.cancel();
    for (const id of this.timerIds) this.ctx.deps.timers?.cancel(id);
    this.onClose?.();
  }
}

/** Opens a watch for the request. */
export function openWatch(ctx: RestContext, rendering: Rendering): WatchResponse {
  const session = new WatchSession(ctx, planWatch(ctx), rendering);
  return { kind: 'watch', status: 200, headers: { 'content-type': 'application/json' }, stream: session };
}
