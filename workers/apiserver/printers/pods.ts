/**
 * Pods as `kubectl get pods` prints them: READY, the aggregate STATUS (init progress, waiting and
 * terminated reasons, Terminating, Unknown for lost nodes), RESTARTS with when the last one happened.
 */
import type { KubeObject } from '../../api/types';
import { humanDuration, parseTimestamp } from '../age';
import { ageColumn, ageOf, apiDoc, arr, col, containerCells, field, formatLabels, map, nameColumn, nameOf, str, type Cell, type KindPrinter, type PrintContext, type PrintedRow, type RowCondition } from './format';

type Obj = Record<string, unknown>;

/** The reason the node lifecycle controller sets on pods of an unreachable node. */
const nodeUnreachablePodReason = 'NodeLost';

const succeededConditions: RowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const failedConditions: RowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

function hasCondition(pod: KubeObject, type: string, status = 'True'): boolean {
  return arr(pod, 'status', 'conditions').some((c) => c.type === type && c.status === status);
}

/** The first matching condition decides, as isPodInitializedConditionTrue. */
function initializedConditionTrue(pod: KubeObject): boolean {
  const c = arr(pod, 'status', 'conditions').find((x) => x.type === 'Initialized');
  return c?.status === 'True';
}

/** Restart totals and the most recent restart, accumulated over container statuses. */
interface Restarts {
  count: number;
  lastMs: number;
}

function noteRestarts(acc: Restarts, status: Obj): void {
  acc.count += typeof status.restartCount === 'number' ? status.restartCount : 0;
  const finished = parseTimestamp(field(status, 'lastState', 'terminated', 'finishedAt'));
  if (finished !== undefined && finished > acc.lastMs) acc.lastMs = finished;
}

interface PodSummary {
  reason: string;
  ready: number;
  total: number;
  restarts: Restarts;
}

/** Walks the init containers in order; returns true while initialization is still under way. */
function scanInitContainers(pod: KubeObject, s: PodSummary, sidecarRestarts: Restarts): boolean {
  const specs = arr(pod, 'spec', 'initContainers');
  const restartable = new Set(specs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name as string));
  const statuses = arr(pod, 'status', 'initContainerStatuses');
  for (let i = 0; i < statuses.length; i++) {
    const c = statuses[i];
    noteRestarts(s.restarts, c);
    const sidecar = restartable.has(c.name as string);
    if (sidecar) noteRestarts(sidecarRestarts, c);
    const terminated = field(c, 'state', 'terminated') as Obj | undefined;
    const waitingReason = str(c, 'state', 'waiting', 'reason');
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready === true) s.ready++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        s.reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        s.reason = `Init:${terminated.reason}`;
      }
    } else if (waitingReason && waitingReason !== 'PodInitializing') {
      s.reason = `Init:${waitingReason}`;
    } else {
      s.reason = `Init:${i}/${specs.length}`;
    }
    return true;
  }
  return false;
}

/** The app containers, walked from last to first so the first container's state wins. */
function scanContainers(pod: KubeObject, s: PodSummary): void {
  let hasRunning = false;
  const statuses = arr(pod, 'status', 'containerStatuses');
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    noteRestarts(s.restarts, c);
    const waitingReason = str(c, 'state', 'waiting', 'reason');
    const terminated = field(c, 'state', 'terminated') as Obj | undefined;
    if (waitingReason) {
      s.reason = waitingReason;
    } else if (terminated && terminated.reason) {
      s.reason = terminated.reason as string;
    } else if (terminated) {
      s.reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
    } else if (c.ready === true && field(c, 'state', 'running') !== undefined) {
      hasRunning = true;
      s.ready++;
    }
  }
  // A container still running keeps the pod Running (or NotReady) even if another completed.
  if (s.reason === 'Completed' && hasRunning) s.reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
}

/** The STATUS, READY and RESTARTS summary of a pod, as upstream's printPod computes it. */
export function summarizePod(pod: KubeObject): PodSummary {
  const phase = str(pod, 'status', 'phase');
  const s: PodSummary = { reason: str(pod, 'status', 'reason') || phase, ready: 0, total: 0, restarts: { count: 0, lastMs: 0 } };
  if (arr(pod, 'status', 'conditions').some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    s.reason = 'SchedulingGated';
  }
  s.total = arr(pod, 'spec', 'containers').length + arr(pod, 'spec', 'initContainers').filter((c) => c.restartPolicy === 'Always').length;
  const sidecarRestarts: Restarts = { count: 0, lastMs: 0 };
  const initializing = scanInitContainers(pod, s, sidecarRestarts);
  if (!initializing || initializedConditionTrue(pod)) {
    // Once initialized, only restartable (sidecar) init containers count toward restarts.
    s.restarts = sidecarRestarts;
    scanContainers(pod, s);
  }
  const deleting = pod.metadata.deletionTimestamp !== undefined;
  if (deleting && str(pod, 'status', 'reason') === nodeUnreachablePodReason) s.reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') s.reason = 'Terminating';
  return s;
}

function readinessGates(pod: KubeObject): string {
  const gates = arr(pod, 'spec', 'readinessGates');
  if (gates.length === 0) return '<none>';
  const conditions = arr(pod, 'status', 'conditions');
  const ok = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${ok}/${gates.length}`;
}

function printPod(pod: KubeObject, ctx: PrintContext): PrintedRow {
  const s = summarizePod(pod);
  let restarts = String(s.restarts.count);
  if (s.restarts.count !== 0 && s.restarts.lastMs !== 0) {
    restarts = `${s.restarts.count} (${humanDuration(ctx.nowMs - s.restarts.lastMs)} ago)`;
  }
  const cells: Cell[] = [nameOf(pod), `${s.ready}/${s.total}`, s.reason, restarts, ageOf(pod, ctx)];
  if (ctx.wide) {
    const ips = arr(pod, 'status', 'podIPs');
    cells.push(
      str(ips[0], 'ip') || '<none>',
      str(pod, 'spec', 'nodeName') || '<none>',
      str(pod, 'status', 'nominatedNodeName') || '<none>',
      readinessGates(pod),
    );
  }
  const phase = str(pod, 'status', 'phase');
  const row: PrintedRow = { cells };
  if (phase === 'Succeeded') row.conditions = succeededConditions;
  else if (phase === 'Failed') row.conditions = failedConditions;
  return row;
}

/** Pods: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES. */
export const podPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn(),
    col('IP', 'string', apiDoc('core.v1.PodStatus', 'podIP'), 1),
    col('Node', 'string', apiDoc('core.v1.PodSpec', 'nodeName'), 1),
    col('Nominated Node', 'string', apiDoc('core.v1.PodStatus', 'nominatedNodeName'), 1),
    col('Readiness Gates', 'string', apiDoc('core.v1.PodSpec', 'readinessGates'), 1),
  ],
  print: printPod,
};

/** PodTemplates: NAME CONTAINERS IMAGES POD LABELS. */
export const podTemplatePrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Containers', 'string', 'Names of each container in the template.'),
    col('Images', 'string', 'Images referenced by each container in the template.'),
    col('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  print(obj) {
    const [names, images] = containerCells(arr(obj, 'template', 'spec', 'containers'));
    return { cells: [nameOf(obj), names, images, formatLabels(map(obj, 'template', 'metadata', 'labels'))] };
  },
};
