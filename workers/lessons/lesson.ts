/**
 * The lesson format (issue 5, section 3): a scenario to start from, then steps. Each step explains
 * something, may offer an action (apply a manifest, a fault, a request as another user, traffic), may
 * first ask the learner to predict what will happen, and opens the next step once its check holds on
 * the live cluster. Every text exists in English and Simplified Chinese. Lessons are JSON, shared as
 * links like scenarios, so they are validated as untrusted input (lesson-validate.ts).
 */
import type { ScriptAction } from '../cluster/script-actions';
import type { Scenario } from '../scenario';
import type { Check } from './checks';

export const LESSON_VERSION = 1;

/** The languages every text is written in. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** One text in every language. */
export type LocalizedText = Record<Language, string>;

/** A request made as another user, as `kubectl --as=<user> --as-group=<group>` would. */
export interface RequestAs {
  type: 'request-as';
  user: string;
  groups?: string[];
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

/**
 * Requests sent into the cluster from a node (curl on a machine), from a Pod of the default namespace,
 * or from a client outside the cluster (its IP address) to a node's address.
 */
export interface TrafficBurst {
  type: 'traffic';
  /** Exactly one of fromNode, fromPod and fromExternal. */
  fromNode?: string;
  fromPod?: string;
  fromExternal?: string;
  /** `web.default.svc.cluster.local:80`, `10.96.0.10:53`, `<nodeIP>:30080`. */
  target: string;
  requests: number;
}

/** Deletes the first (by name) pod a selector matches, as `kubectl delete pod <one of them>`. */
export interface DeleteOnePod {
  type: 'delete-pod';
  namespace?: string;
  selector: string;
}

/** What a step offers to do for the learner ("Do it" in the UI). */
export type StepAction = ScriptAction | RequestAs | TrafficBurst | DeleteOnePod;

/** The most actions one step performs. */
export const MAX_STEP_ACTIONS = 8;

/** Reads the answer to a prediction from the cluster. */
export type Probe =
  | { type: 'pod-node'; namespace?: string; selector: string }
  | { type: 'field'; apiVersion: string; kind: string; namespace?: string; name: string; field: string };

/** A question asked before the step's action; the simulation gives the answer. */
export interface Prediction {
  question: LocalizedText;
  choices: { value: string; text: LocalizedText }[];
  answer: Probe;
}

export interface LessonStep {
  title: LocalizedText;
  text: LocalizedText;
  hint?: LocalizedText;
  /** Performed in order by "Do it". */
  actions?: StepAction[];
  predict?: Prediction;
  check: Check;
  /** Virtual ms within which the check should hold after the action (for tests and the UI's patience). */
  withinMs?: number;
}

export interface Lesson {
  version: 1;
  /** A DNS label: `kubectl-apply`. */
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
  scenario: Scenario;
  steps: LessonStep[];
}

/** The default patience of a check, in virtual ms. */
export const DEFAULT_WITHIN_MS = 120_000;
