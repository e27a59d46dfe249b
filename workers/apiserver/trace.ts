/**
 * Per-request trace records: which stages a request went through (authentication, authorization,
 * admission, validation, storage...) with each outcome, for the architecture view to animate.
 */

/** How a pipeline stage ended for one request. */
export type StageOutcome = 'ok' | 'denied' | 'error' | 'skipped';

/** One stage of the request pipeline as it ran. */
export interface TraceStage {
  stage: string;
  outcome: StageOutcome;
  detail?: string;
}

/** Everything that happened to one request, handed to the `trace` sink when it completes. */
export interface TraceRecord {
  requestId: string;
  /** Virtual time the request arrived (ms since epoch). */
  timeMs: number;
  user: string;
  /** Set when the request impersonated another user. */
  impersonatedUser?: string;
  verb: string;
  path: string;
  /** What the path names (RequestInfo), for resource requests: `pods`, `binding`, `default`, `web-1`. */
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  stages: TraceStage[];
  code: number;
  /** The resourceVersion the request wrote, if it wrote. */
  resourceVersion?: string;
  /** For a pods/binding request: the node the pod was bound to. */
  boundTo?: string;
  /** The request's query and body, kept only while bodies are traced (`traceBodies`). */
  request?: { query?: Record<string, string | undefined>; body?: unknown };
  /** The response body (a list is summarised), kept only while bodies are traced. */
  response?: unknown;
}

/** Where finished trace records go. */
export type TraceSink = (record: TraceRecord) => void;

/** One watch event the apiserver sent to one watcher (a component's informer, kubectl, the page). */
export interface WatchTraceRecord {
  /** Virtual time the event left the apiserver (ms since epoch). */
  timeMs: number;
  /** Who watches: the user the watch request acted as. */
  user: string;
  /** The resource watched, as `pods` or `deployments.apps`. */
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  namespace?: string;
  name: string;
  resourceVersion: string;
}

/** Where watch trace records go (set only while someone looks: one record per watcher per event). */
export type WatchTraceSink = (record: WatchTraceRecord) => void;

/** Collects the stages of one request. */
export class RequestTrace {
  readonly record: TraceRecord;
  constructor(requestId: string, timeMs: number, verb: string, path: string) {
    this.record = { requestId, timeMs, user: '', verb, path, stages: [], code: 0 };
  }
  /** Appends a stage outcome. */
  stage(stage: string, outcome: StageOutcome, detail?: string): void {
    this.record.stages.push(detail === undefined ? { stage, outcome } : { stage, outcome, detail });
  }
}

/** Runs one stage's check; when it throws, the stage is recorded as where the request stopped. */
export function denyOnThrow<T>(trace: RequestTrace, stage: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    trace.stage(stage, 'denied', e instanceof Error ? e.message : String(e));
    throw e;
  }
}
