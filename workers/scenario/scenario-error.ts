/** Why a scenario (a file, a pasted text or a share link) could not be read. */

/** What kind of problem it is, for a UI that words its banner by cause. */
export type ScenarioErrorReason =
  | 'BadLink' // no `#s=` payload where one was expected
  | 'BadBase64'
  | 'BadCompression'
  | 'TooLarge'
  | 'BadJSON'
  | 'ForbiddenKey' // `__proto__`, `constructor` or `prototype`
  | 'BadYAML' // a manifests string that kubectl could not read
  | 'Invalid'; // well-formed JSON that is not a valid scenario

/** One problem, with the field path it is about (`script[2].action.node`, '' for the whole). */
export interface ScenarioCause {
  path: string;
  /** The full sentence, naming the path. */
  message: string;
}

/** Where in a text a problem is (1-based). */
export interface TextPosition {
  line: number;
  column: number;
  /** Set when the position is inside the YAML manifests string at `path`: its 0-based document. */
  document?: number;
}

/** The most causes one error carries; the rest are counted in the message. */
export const MAX_CAUSES = 100;

/**
 * A scenario that cannot be used. `message` names what is wrong and where; `path` is the first
 * problem's field path; `causes` lists every problem found (at most MAX_CAUSES). `line`/`column`
 * locate a syntax error in the scenario's JSON text or, when `document` is set, in the manifests
 * string at `path`.
 */
export class ScenarioError extends Error {
  readonly reason: ScenarioErrorReason;
  readonly path: string;
  readonly causes: readonly ScenarioCause[];
  readonly line?: number;
  readonly column?: number;
  readonly document?: number;

  constructor(reason: ScenarioErrorReason, causes: ScenarioCause[], position?: TextPosition, total = causes.length) {
    const first = causes[0] ?? { path: '', message: 'invalid scenario' };
    const more = total - 1;
    super(more > 0 ? `${first.message} (and ${more} more problem${more === 1 ? '' : 's'})` : first.message);
    this.name = 'ScenarioError';
    this.reason = reason;
    this.path = first.path;
    this.causes = causes.slice(0, MAX_CAUSES);
    if (position) {
      this.line = position.line;
      this.column = position.column;
      if (position.document !== undefined) this.document = position.document;
    }
  }
}

/** A ScenarioError with one cause. */
export function scenarioError(reason: ScenarioErrorReason, message: string, path = '', position?: TextPosition): ScenarioError {
  return new ScenarioError(reason, [{ path, message }], position);
}

/** Whether a thrown value is a ScenarioError (also across realms, where instanceof fails). */
export function isScenarioError(e: unknown): e is ScenarioError {
  return e instanceof ScenarioError || (e instanceof Error && e.name === 'ScenarioError' && 'reason' in e);
}
