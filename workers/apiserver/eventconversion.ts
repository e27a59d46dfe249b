/**
 * events.k8s.io/v1 Events share storage with core v1 Events, as upstream: both groups read and write
 * the same objects, so `kubectl get events` sees what new-style recorders write and vice versa.
 */
import type { KubeObject } from '../api/types';

type Obj = Record<string, unknown>;

/** Core field <-> events.k8s.io field, for the fields that only moved. */
const renamed: [core: string, events: string][] = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['reportingComponent', 'reportingController'],
];
const shared = ['metadata', 'reason', 'type', 'eventTime', 'series', 'related', 'action', 'reportingInstance'];

function copyFields(from: Obj, to: Obj, pairs: [string, string][]): void {
  for (const [a, b] of pairs) if (from[a] !== undefined) to[b] = from[a];
}

/** A core v1 Event as events.k8s.io/v1 shows it. */
export function coreEventToEventsV1(e: KubeObject): KubeObject {
  const src = e as Obj;
  const out: Obj = { apiVersion: 'events.k8s.io/v1', kind: 'Event' };
  copyFields(src, out, shared.map((k) => [k, k]));
  copyFields(src, out, renamed);
  const source = src.source as Obj | undefined;
  if (source && (source.component || source.host)) out.deprecatedSource = { ...source };
  if (src.series) out.series = { count: (src.series as Obj).count, lastObservedTime: (src.series as Obj).lastObservedTime };
  return out as KubeObject;
}

/** An events.k8s.io/v1 Event in its core v1 storage form. */
export function eventsV1ToCoreEvent(e: KubeObject): KubeObject {
  const src = e as Obj;
  const out: Obj = { apiVersion: 'v1', kind: 'Event' };
  copyFields(src, out, shared.map((k) => [k, k]));
  copyFields(src, out, renamed.map(([a, b]) => [b, a]));
  const source = src.deprecatedSource as Obj | undefined;
  out.source = source ? { ...source } : {};
  return out as KubeObject;
}
