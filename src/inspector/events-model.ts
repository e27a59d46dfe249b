/** Events as rows for the Events tab and the inspector (type, reason, object, message, count, age). */
import type { KubeObject } from '../../workers/api/types';

export interface InvolvedObject {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

export interface EventRow {
  uid: string;
  namespace: string;
  type: string;
  reason: string;
  /** `kind/name`, as `kubectl get events` prints the object. */
  object: string;
  involved: InvolvedObject;
  message: string;
  count: number;
  /** Virtual time of the last occurrence, in ms. */
  lastMs: number;
}

export interface EventFilter {
  namespace: string;
  /** Text matched against `kind/name` (case-insensitive). */
  object: string;
  /** 'Normal', 'Warning' or '' for both. */
  type: string;
}

interface EventFields {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  firstTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  involvedObject?: Partial<InvolvedObject>;
  regarding?: Partial<InvolvedObject>;
  note?: string;
}

function parseMs(...times: (string | undefined)[]): number | undefined {
  for (const t of times) {
    if (!t) continue;
    const ms = Date.parse(t);
    if (!Number.isNaN(ms)) return ms;
  }
  return undefined;
}

/** One core/v1 (or events.k8s.io) Event as a row; undefined for anything else. */
export function eventRow(obj: KubeObject): EventRow | undefined {
  if (obj.kind !== 'Event') return undefined;
  const e = obj as unknown as EventFields;
  const io = e.involvedObject ?? e.regarding ?? {};
  const involved: InvolvedObject = { kind: io.kind ?? '', namespace: io.namespace || undefined, name: io.name ?? '', uid: io.uid || undefined };
  return {
    uid: obj.metadata.uid ?? '',
    namespace: obj.metadata.namespace ?? '',
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    object: `${involved.kind.toLowerCase()}/${involved.name}`,
    involved,
    message: e.message ?? e.note ?? '',
    count: e.series?.count ?? e.count ?? 1,
    lastMs: parseMs(e.series?.lastObservedTime, e.lastTimestamp, e.eventTime, e.firstTimestamp, obj.metadata.creationTimestamp) ?? 0,
  };
}

/** Every Event among `objects`, newest first (ties by name, for a stable order). */
export function eventRows(objects: Iterable<KubeObject>): EventRow[] {
  const rows: EventRow[] = [];
  for (const o of objects) {
    const r = eventRow(o);
    if (r) rows.push(r);
  }
  return rows.sort((a, b) => b.lastMs - a.lastMs || (a.uid < b.uid ? -1 : 1));
}

export function filterEvents(rows: readonly EventRow[], f: EventFilter): EventRow[] {
  const text = f.object.trim().toLowerCase();
  return rows.filter((r) => (!f.namespace || r.namespace === f.namespace) && (!f.type || r.type === f.type) && (!text || r.object.toLowerCase().includes(text)));
}

/** Whether an Event is about `obj` (by uid when the Event has one, else by kind, namespace and name). */
export function isAbout(row: EventRow, obj: KubeObject): boolean {
  if (row.involved.uid && obj.metadata.uid) return row.involved.uid === obj.metadata.uid;
  return row.involved.kind === obj.kind && row.involved.name === obj.metadata.name && (row.involved.namespace ?? '') === (obj.metadata.namespace ?? '');
}
