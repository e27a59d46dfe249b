/**
 * The event recorder (client-go tools/record): components report what they did as core/v1 Events.
 * As upstream's EventCorrelator, each event passes a per-object spam filter (a token bucket of 25,
 * one token back every 5 minutes), an aggregator (more than 10 distinct messages with the same
 * object, type and reason within 10 minutes become one "(combined from similar events): ..." event),
 * and a logger that turns a repeat of a known event into a PATCH of its count and lastTimestamp.
 * Writes are sent one after another, off the caller's path, as upstream's broadcaster goroutine.
 */
import { isApiError } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { Clock } from '../sim/types';
import type { Client } from './client';
import { StringInterner } from '../api/bounded-memo';

/** The recorder every component gets: fire-and-forget events about an object. */
export interface EventRecorder {
  /** Records an event; `type` is Normal or Warning. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
  /** Records an event whose message is a Go-style format (`%s`, `%d`, `%v`, `%q`) over `args`. */
  eventf(obj: KubeObject, type: EventType, reason: string, format: string, ...args: unknown[]): void;
}

/** core/v1 event types. */
export type EventType = 'Normal' | 'Warning';

/** core/v1 ObjectReference, as an event's involvedObject. */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** The core/v1 Event shape the recorder writes. */
export interface CoreEvent extends KubeObject {
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  source: { component?: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: EventType;
  reportingComponent: string;
  reportingInstance: string;
}

/** Distinct messages of one kind within the window before they are combined (upstream's EventCorrelator default). */
export const EVENT_AGGREGATE_MAX_EVENTS = 10;
/** The aggregation window. */
export const EVENT_AGGREGATE_INTERVAL_MS = 600_000;
/** Events per source and object before the spam filter drops them. */
export const EVENT_SPAM_BURST = 25;
/** One more event allowed per this long. */
export const EVENT_SPAM_REFILL_MS = 300_000;
/** Upstream's broadcaster queue length: events beyond it are dropped. */
export const EVENT_QUEUE_LIMIT = 1000;
/** Upstream's LRU cache size for the aggregator and the logger. */
const CACHE_LIMIT = 4096;
const AGGREGATE_PREFIX = '(combined from similar events): ';

const EVENTS = { group: '', version: 'v1', resource: 'events' };

// Events come in bursts within one virtual second: the last formatted second is kept.
let lastSecond = NaN;
let lastSecondText = '';

/** RFC 3339 at whole seconds, as metav1.Time serializes (`2026-01-01T00:00:00Z`). */
export function rfc3339Seconds(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastSecondText;
  const text = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  lastSecond = second;
  lastSecondText = text;
  return text;
}

/** A subset of Go's fmt verbs, enough for the messages components send. */
export function sprintf(format: string, ...args: unknown[]): string {
  let i = 0;
  return format.replace(/%([%sdvq])/g, (m, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (verb === 'q') return JSON.stringify(String(a));
    if (verb === 'd') return String(typeof a === 'number' ? Math.trunc(a) : a);
    if (a instanceof Error) return a.message;
    return typeof a === 'object' && a !== null ? JSON.stringify(a) : String(a);
  });
}

/** The involvedObject of an event about `obj`. */
export function objectReference(obj: KubeObject): ObjectReference {
  const m = obj.metadata;
  const ref: ObjectReference = { kind: obj.kind, name: m.name };
  if (m.namespace) ref.namespace = m.namespace;
  if (m.uid) ref.uid = m.uid;
  ref.apiVersion = obj.apiVersion;
  if (m.resourceVersion) ref.resourceVersion = m.resourceVersion;
  return ref;
}

/** Where a ClientEventRecorder writes and as whom it reports. */
export interface EventRecorderOptions {
  client: Client;
  clock: Clock;
  /** source.component and reportingComponent, e.g. `replicaset-controller`. */
  component: string;
  /** source.host and reportingInstance (kubelets give their node name). */
  host?: string;
}

interface LoggedEvent {
  name: string;
  count: number;
  message: string;
  firstTimestamp: string;
}

/** The distinct messages of one aggregate key: most keys only ever see one, kept without a Set. */
interface AggregateRecord {
  /** The key this record is stored under (longer keys are built on it rather than copied). */
  key: string;
  first: string;
  more?: Set<string>;
  lastMs: number;
}

interface SpamBucket {
  /** The object's key, shared by the aggregate and logger keys of its events. */
  key: string;
  tokens: number;
  lastMs: number;
}


/**
 * Writes Events through a Client, with upstream's spam filter, aggregation and dedup.
 *
 * The caches' keys leave out source and reporting component and host: they are the same for every
 * event of one recorder. A key is built on its object's key (kept by the spam filter) and a shared
 * `type`/`reason` part, so that thousands of cached keys share their text rather than each holding
 * a copy of it.
 */
export class ClientEventRecorder implements EventRecorder {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private lastNanos = 0n;
  private readonly logged = new Map<string, LoggedEvent>();
  private readonly aggregates = new Map<string, AggregateRecord>();
  private readonly buckets = new Map<string, SpamBucket>();
  /** Distinct `type`/`reason` key parts kept as shared strings. */
  private readonly suffixes = new StringInterner(1024);
  /** Events dropped by the spam filter or a full queue, and writes that failed. */
  dropped = 0;
  failed = 0;

  constructor(private readonly opts: EventRecorderOptions) {}

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    // Upstream's EventCorrelate order: aggregate, observe (the count goes up even for an event
    // the spam filter then drops), filter.
    const ev = this.makeEvent(obj, type, reason, message);
    const objKey = this.objectKey(ev.involvedObject);
    const aggregated = this.aggregate(ev, objKey);
    const observed = this.observe(aggregated.event, aggregated.key);
    if (!this.allowed(objKey) || this.pending >= EVENT_QUEUE_LIMIT) {
      this.dropped++;
      return;
    }
    this.pending++;
    this.chain = this.chain.then(() => this.write(observed.event, observed.patch)).finally(() => {
      this.pending--;
    });
  }

  eventf(obj: KubeObject, type: EventType, reason: string, format: string, ...args: unknown[]): void {
    this.event(obj, type, reason, sprintf(format, ...args));
  }

  /** Resolves once every event recorded so far has been written (or has failed). */
  flush(): Promise<void> {
    return this.chain;
  }

  /** `<name>.<hex nanoseconds>`: unique per recorder even when two events share a millisecond. */
  private eventName(objName: string): string {
    let nanos = BigInt(Math.floor(this.opts.clock.now())) * 1_000_000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    return `${objName}.${nanos.toString(16)}`;
  }

  private makeEvent(obj: KubeObject, type: EventType, reason: string, message: string): CoreEvent {
    const ref = objectReference(obj);
    const now = rfc3339Seconds(this.opts.clock.now());
    const host = this.opts.host ?? '';
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: this.eventName(ref.name ?? ''), namespace: ref.namespace || 'default' },
      involvedObject: ref,
      reason,
      message,
      source: host ? { component: this.opts.component, host } : { component: this.opts.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      reportingComponent: this.opts.component,
      reportingInstance: host,
    };
  }

  /** The involved object's key, the spam filter's copy when it has one. */
  private objectKey(o: ObjectReference): string {
    const key = [o.kind, o.namespace, o.name, o.uid, o.apiVersion].join('\u0000');
    return this.buckets.get(key)?.key ?? key;
  }

  /** `\0<type>\0<reason>\0`, shared between the keys that hold it. */
  private suffix(type: string, reason: string): string {
    return this.suffixes.intern(`\u0000${type}\u0000${reason}\u0000`);
  }

  /** Upstream's EventSourceObjectSpamFilter: one bucket per source and involved object. */
  private allowed(key: string): boolean {
    const now = this.opts.clock.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { key, tokens: EVENT_SPAM_BURST, lastMs: now };
      remember(this.buckets, key, b);
    }
    const refill = Math.floor((now - b.lastMs) / EVENT_SPAM_REFILL_MS);
    if (refill > 0) {
      b.tokens = Math.min(EVENT_SPAM_BURST, b.tokens + refill);
      b.lastMs += refill * EVENT_SPAM_REFILL_MS;
    }
    if (b.tokens >= EVENT_SPAM_BURST) b.lastMs = now;
    if (b.tokens <= 0) return false;
    b.tokens--;
    return true;
  }

  /**
   * Upstream's EventAggregator: the 11th distinct message of a kind within 10 minutes is combined.
   * The logger's key is the aggregate key and the message, or the aggregate key alone for a
   * combined event.
   */
  private aggregate(ev: CoreEvent, objKey: string): { event: CoreEvent; key: string } {
    const aggKey = objKey + this.suffix(ev.type, ev.reason);
    const now = this.opts.clock.now();
    let rec = this.aggregates.get(aggKey);
    if (!rec || now - rec.lastMs > EVENT_AGGREGATE_INTERVAL_MS) {
      rec = { key: aggKey, first: ev.message, lastMs: now };
      remember(this.aggregates, aggKey, rec);
    } else if (rec.more) rec.more.add(ev.message);
    else if (rec.first !== ev.message) rec.more = new Set([rec.first, ev.message]);
    rec.lastMs = now;
    const distinct = rec.more ? rec.more.size : 1;
    if (distinct < EVENT_AGGREGATE_MAX_EVENTS) return { event: ev, key: rec.key + ev.message };
    const combined: CoreEvent = { ...ev, message: AGGREGATE_PREFIX + ev.message };
    return { event: combined, key: `${objKey}\u0000${ev.type}\u0000${ev.reason}` };
  }

  /** Upstream's eventLogger: a repeat keeps the first event's name and timestamp and counts up. */
  private observe(ev: CoreEvent, key: string): { event: CoreEvent; patch?: Record<string, unknown> } {
    const seen = this.logged.get(key);
    if (!seen) {
      remember(this.logged, key, { name: ev.metadata.name!, count: 1, message: ev.message, firstTimestamp: ev.firstTimestamp });
      return { event: ev };
    }
    const count = seen.count + 1;
    const patch: Record<string, unknown> = { count, lastTimestamp: ev.lastTimestamp };
    if (seen.message !== ev.message) patch.message = ev.message;
    remember(this.logged, key, { ...seen, count, message: ev.message });
    const event: CoreEvent = { ...ev, metadata: { ...ev.metadata, name: seen.name }, count, firstTimestamp: seen.firstTimestamp };
    return { event, patch };
  }

  private async write(ev: CoreEvent, patch: Record<string, unknown> | undefined): Promise<void> {
    const events = this.opts.client.resource<CoreEvent>(EVENTS, ev.metadata.namespace);
    try {
      if (patch) {
        try {
          await events.patch(ev.metadata.name!, 'strategic', patch);
          return;
        } catch (err) {
          // As upstream: an event that vanished (TTL) is created afresh rather than patched.
          if (!isApiError(err) || err.status.code !== 404) throw err;
        }
      }
      await events.create(ev);
    } catch {
      this.failed++;
    }
  }
}

/** A Map used as a bounded LRU: touching re-inserts, the oldest entry goes first. */
function remember<V>(m: Map<string, V>, key: string, v: V): void {
  m.delete(key);
  m.set(key, v);
  if (m.size > CACHE_LIMIT) m.delete(m.keys().next().value as string);
}

/** Collects events as `"<type> <reason> <message>"` strings, as upstream's FakeRecorder. */
export class FakeEventRecorder implements EventRecorder {
  readonly events: string[] = [];

  event(_obj: KubeObject, type: EventType, reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
  }

  eventf(obj: KubeObject, type: EventType, reason: string, format: string, ...args: unknown[]): void {
    this.event(obj, type, reason, sprintf(format, ...args));
  }
}
