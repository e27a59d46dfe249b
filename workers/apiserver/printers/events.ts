/**
 * Events (core v1 and events.k8s.io/v1, which upstream prints through the same internal type):
 * LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME.
 */
import type { KubeObject } from '../../api/types';
import { timestampSince } from '../age';
import { apiDoc, col, doc, nameOf, num, str, type KindPrinter, type PrintContext, type PrintedRow } from './format';

/** The fields the printer reads, whichever API version the event came in. */
interface EventView {
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count: number;
  series?: { count: number; lastObservedTime?: string };
  kind: string;
  name: string;
  fieldPath: string;
  type: string;
  reason: string;
  message: string;
  component: string;
  host: string;
  reportingController: string;
  reportingInstance: string;
}

const optional = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function seriesOf(v: unknown): EventView['series'] {
  if (!v || typeof v !== 'object') return undefined;
  const s = v as Record<string, unknown>;
  return { count: typeof s.count === 'number' ? s.count : 0, lastObservedTime: optional(s.lastObservedTime) };
}

/** Reads either shape into one view (events.k8s.io renames involvedObject, message, source...). */
function viewOf(e: KubeObject): EventView {
  const modern = e.apiVersion?.startsWith('events.k8s.io/');
  const ref = modern ? 'regarding' : 'involvedObject';
  const source = modern ? 'deprecatedSource' : 'source';
  return {
    firstTimestamp: optional(e[modern ? 'deprecatedFirstTimestamp' : 'firstTimestamp']),
    lastTimestamp: optional(e[modern ? 'deprecatedLastTimestamp' : 'lastTimestamp']),
    eventTime: optional(e.eventTime),
    count: num(e, [modern ? 'deprecatedCount' : 'count']),
    series: seriesOf(e.series),
    kind: str(e, ref, 'kind'),
    name: str(e, ref, 'name'),
    fieldPath: str(e, ref, 'fieldPath'),
    type: str(e, 'type'),
    reason: str(e, 'reason'),
    message: str(e, modern ? 'note' : 'message'),
    component: str(e, source, 'component'),
    host: str(e, source, 'host'),
    reportingController: str(e, modern ? 'reportingController' : 'reportingComponent'),
    reportingInstance: str(e, 'reportingInstance'),
  };
}

/** formatEventSource: `component, host`, falling back to the reporting controller and instance. */
function eventSource(v: EventView): string {
  const component = v.component || v.reportingController;
  const instance = v.host || v.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

function printEvent(e: KubeObject, ctx: PrintContext): PrintedRow {
  const v = viewOf(e);
  const first = v.firstTimestamp ? timestampSince(v.firstTimestamp, ctx.nowMs) : timestampSince(v.eventTime, ctx.nowMs);
  let last = v.lastTimestamp ? timestampSince(v.lastTimestamp, ctx.nowMs) : first;
  let count = v.count;
  if (v.series) {
    last = timestampSince(v.series.lastObservedTime, ctx.nowMs);
    count = v.series.count;
  } else if (count === 0) {
    // Singleton events carry no count in the events.k8s.io API.
    count = 1;
  }
  const target = v.name ? `${v.kind.toLowerCase()}/${v.name}` : v.kind.toLowerCase();
  const message = v.message.trim();
  if (!ctx.wide) return { cells: [last, v.type, v.reason, target, message] };
  return { cells: [last, v.type, v.reason, target, v.fieldPath, eventSource(v), message, first, count, nameOf(e)] };
}

const eventDoc = (f: string) => apiDoc('core.v1.Event', f);
const objectMetaName = doc('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'name');

/** The events table, for both event APIs. */
export const eventPrinter: KindPrinter = {
  columns: [
    col('Last Seen', 'string', eventDoc('lastTimestamp')),
    col('Type', 'string', eventDoc('type')),
    col('Reason', 'string', eventDoc('reason')),
    col('Object', 'string', eventDoc('involvedObject')),
    col('Subobject', 'string', apiDoc('core.v1.ObjectReference', 'fieldPath'), 1),
    col('Source', 'string', eventDoc('source'), 1),
    col('Message', 'string', eventDoc('message')),
    col('First Seen', 'string', eventDoc('firstTimestamp'), 1),
    col('Count', 'string', eventDoc('count'), 1),
    col('Name', 'string', objectMetaName, 1, 'name'),
  ],
  print: printEvent,
};

