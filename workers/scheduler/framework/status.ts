/**
 * Plugin results as upstream's framework.Status: a code, reasons (each counted in the
 * FailedScheduling message), and the plugin that failed. FitError renders upstream's message.
 */

/** Upstream's framework.Code values. */
export enum Code {
  Success = 0,
  Error = 1,
  Unschedulable = 2,
  UnschedulableAndUnresolvable = 3,
  Wait = 4,
  Skip = 5,
  Pending = 6,
}

/** The outcome of one plugin call. */
export class Status {
  /** The plugin that produced a failure, set by the framework. */
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
  ) {}

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  isSkip(): boolean {
    return this.code === Code.Skip;
  }

  /** Unschedulable or UnschedulableAndUnresolvable. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }

  /** The reasons joined as upstream's Status.Message. */
  message(): string {
    return this.reasons.join(', ');
  }

  withPlugin(name: string): Status {
    this.plugin = name;
    return this;
  }
}

/** The shared Success status (never mutated). */
export const SUCCESS = Object.freeze(new Status(Code.Success)) as Status;
/** The shared Skip status. */
export const SKIP = Object.freeze(new Status(Code.Skip)) as Status;

/** A new failure status. */
export function newStatus(code: Code, ...reasons: string[]): Status {
  return new Status(code, reasons);
}

/** Upstream's NoNodeAvailableMsg. */
export const NO_NODE_AVAILABLE_MSG = '0/%v nodes are available';

/** Why a pod fits nowhere: the per-node statuses and what the pre- and post-filters said. */
export interface Diagnosis {
  nodeToStatus: Map<string, Status>;
  /** Plugins that rejected the pod (drive the queue's event-based requeue). */
  unschedulablePlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

/** A new empty diagnosis. */
export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new Map(), unschedulablePlugins: new Set(), preFilterMsg: '', postFilterMsg: '' };
}

/** The reasons across nodes as "<count> <reason>" strings, sorted as strings (upstream's histogram). */
export function reasonHistogram(nodeToStatus: Map<string, Status>): string[] {
  const counts = new Map<string, number>();
  for (const status of nodeToStatus.values()) {
    for (const r of status.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const lines = [...counts].map(([reason, n]) => `${n} ${reason}`);
  // Go's sort.Strings compares bytes; the default JS sort compares UTF-16 units, same for ASCII.
  return lines.sort();
}

/** Upstream's FitError: "0/N nodes are available: <reasons>. <post-filter message>." */
export class FitError {
  constructor(
    readonly podKey: string,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  get message(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis);
  }
}

/** The FitError text for a diagnosis over `numAllNodes` nodes. */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
  else {
    const reasons = reasonHistogram(d.nodeToStatus);
    if (reasons.length > 0) msg += ` ${reasons.join(', ')}.`;
  }
  // The PostFilter message ends its own sentence (upstream stopped doubling the period in v1.28).
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}
