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
  stages: TraceStage[];
  code: number;
  /** The resourceVersion the request wrote, if it wrote. */
  resourceVersion?: string;
}

/** Where finished trace records go. */
export type TraceSink = (record: TraceRecord) => void;

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
