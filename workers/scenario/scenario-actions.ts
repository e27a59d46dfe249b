/**
 * What a scenario script can do, step by step: what a person does with kubectl (apply, delete,
 * scale), with the machines (add, delete, cordon, drain) and the faults the simulator can inject.
 * The UI records a user's actions in this same shape, so "Share" replays them.
 */
import { isDNS1123Label, isDNS1123Subdomain, isValidPathSegmentName } from '../api/names';
import { child, type FieldChecker, type JsonObject } from './field-checks';
import { checkManifests } from './manifests-check';
import { checkNodeLayout, checkNodeName, type NodeLayout } from './node-layout';

/** One action of a scenario script, told apart by `type`. */
export type ScenarioAction =
  | { type: 'apply'; manifests: string }
  | { type: 'delete'; apiVersion: string; kind: string; namespace?: string; name: string }
  | { type: 'scale'; apiVersion: string; kind: string; namespace: string; name: string; replicas: number }
  | { type: 'add-node'; node: NodeLayout }
  | { type: NodeActionType; node: string }
  | { type: 'kill-container'; namespace: string; pod: string; container: string }
  | { type: ControlPlaneActionType }
  | { type: 'slow-etcd'; latencyMs: number }
  | { type: Exclude<RolloutActionType, 'rollout-undo'>; namespace: string; name: string }
  | { type: 'rollout-undo'; namespace: string; name: string; toRevision?: number };

/** Actions on one existing machine, named by `node`. */
export const NODE_ACTION_TYPES = [
  'delete-node',
  'cordon',
  'uncordon',
  'drain',
  'stop-kubelet',
  'start-kubelet',
  'partition-node',
  'heal-node',
] as const;
export type NodeActionType = (typeof NODE_ACTION_TYPES)[number];

/** Stopping and starting control-plane components (no other field). */
export const CONTROL_PLANE_ACTION_TYPES = ['stop-scheduler', 'start-scheduler', 'stop-controller-manager', 'start-controller-manager'] as const;
export type ControlPlaneActionType = (typeof CONTROL_PLANE_ACTION_TYPES)[number];

/** `kubectl rollout restart | undo | pause | resume` on a Deployment, named by `namespace` and `name`. */
export const ROLLOUT_ACTION_TYPES = ['rollout-restart', 'rollout-undo', 'rollout-pause', 'rollout-resume'] as const;
export type RolloutActionType = (typeof ROLLOUT_ACTION_TYPES)[number];

/** Every action type, in the order the documentation lists them. */
export const SCENARIO_ACTION_TYPES = [
  'apply',
  'delete',
  'scale',
  ...ROLLOUT_ACTION_TYPES,
  'add-node',
  ...NODE_ACTION_TYPES,
  'kill-container',
  ...CONTROL_PLANE_ACTION_TYPES,
  'slow-etcd',
] as const;
export type ScenarioActionType = ScenarioAction['type'];

/** The largest extra etcd write latency a script may ask for. */
export const MAX_ETCD_LATENCY_MS = 60_000;
/** replicas is an int32. */
const MAX_REPLICAS = 2_147_483_647;
/** kubectl's --to-revision is an int64; revisions past 2^53 cannot be told apart in JSON anyway. */
const MAX_REVISION = Number.MAX_SAFE_INTEGER;

const FIELDS: Record<ScenarioActionType, readonly string[]> = {
  apply: ['manifests'],
  delete: ['apiVersion', 'kind', 'namespace', 'name'],
  scale: ['apiVersion', 'kind', 'namespace', 'name', 'replicas'],
  'rollout-restart': ['namespace', 'name'],
  'rollout-undo': ['namespace', 'name', 'toRevision'],
  'rollout-pause': ['namespace', 'name'],
  'rollout-resume': ['namespace', 'name'],
  'add-node': ['node'],
  ...(Object.fromEntries(NODE_ACTION_TYPES.map((t) => [t, ['node']])) as Record<NodeActionType, string[]>),
  'kill-container': ['namespace', 'pod', 'container'],
  ...(Object.fromEntries(CONTROL_PLANE_ACTION_TYPES.map((t) => [t, [] as string[]])) as Record<ControlPlaneActionType, string[]>),
  'slow-etcd': ['latencyMs'],
};

const KIND_RE = /^[A-Za-z][A-Za-z0-9]{0,62}$/;

// `v1` or `group/version`: a DNS subdomain group and a DNS label version.
function apiVersionProblems(s: string): string[] {
  const parts = s.split('/');
  if (parts.length > 2) return ["must be 'version' or 'group/version'"];
  const version = parts[parts.length - 1];
  const errs = isDNS1123Label(version).map((m) => `version ${m}`);
  if (parts.length === 2) errs.unshift(...isDNS1123Subdomain(parts[0]).map((m) => `group ${m}`));
  return errs;
}

// What any object name must be to sit in a request path.
function objectNameProblems(s: string): string[] {
  const errs = isValidPathSegmentName(s);
  if (s.length > 253) errs.push('must be no more than 253 characters');
  // Control characters are exactly what this check is for.
  // oxlint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s]/.test(s)) errs.push('must not contain whitespace or control characters');
  return errs;
}

function objectRef(c: FieldChecker, o: JsonObject, path: string, namespaceRequired: boolean) {
  const apiVersion = c.name(o.apiVersion, child(path, 'apiVersion'), apiVersionProblems);
  const kind = c.name(o.kind, child(path, 'kind'), (s) => (KIND_RE.test(s) ? [] : ['must be a kind name such as Deployment']));
  const namespace = namespaceRequired || o.namespace !== undefined ? c.name(o.namespace, child(path, 'namespace'), isDNS1123Label) : undefined;
  const name = c.name(o.name, child(path, 'name'), objectNameProblems);
  return { apiVersion, kind, namespace, name };
}

function isActionType(t: unknown): t is ScenarioActionType {
  return typeof t === 'string' && Object.hasOwn(FIELDS, t);
}

// The action's own fields, checked; undefined when any is bad (the problems are recorded).
function actionFields(c: FieldChecker, type: ScenarioActionType, o: JsonObject, path: string): ScenarioAction | undefined {
  const ok = <T extends ScenarioAction>(a: T, ...parts: unknown[]): T | undefined => (parts.includes(undefined) ? undefined : a);
  switch (type) {
    case 'apply': {
      const manifests = c.requiredString(o.manifests, child(path, 'manifests'));
      if (manifests !== undefined) checkManifests(c, manifests, child(path, 'manifests'));
      return ok({ type, manifests: manifests! }, manifests);
    }
    case 'delete': {
      const r = objectRef(c, o, path, false);
      const a = { type, apiVersion: r.apiVersion!, kind: r.kind!, name: r.name!, ...(r.namespace !== undefined && { namespace: r.namespace }) };
      return ok(a, r.apiVersion, r.kind, r.name, o.namespace === undefined ? '' : r.namespace);
    }
    case 'scale': {
      const r = objectRef(c, o, path, true);
      const replicas = c.integer(o.replicas, child(path, 'replicas'), 0, MAX_REPLICAS);
      return ok({ type, apiVersion: r.apiVersion!, kind: r.kind!, namespace: r.namespace!, name: r.name!, replicas: replicas! }, r.apiVersion, r.kind, r.namespace, r.name, replicas);
    }
    case 'rollout-restart':
    case 'rollout-pause':
    case 'rollout-resume':
    case 'rollout-undo': {
      const namespace = c.name(o.namespace, child(path, 'namespace'), isDNS1123Label);
      const name = c.name(o.name, child(path, 'name'), isDNS1123Subdomain);
      if (type !== 'rollout-undo') return ok({ type, namespace: namespace!, name: name! }, namespace, name);
      const toRevision = o.toRevision === undefined ? undefined : c.integer(o.toRevision, child(path, 'toRevision'), 0, MAX_REVISION);
      const a = { type, namespace: namespace!, name: name!, ...(toRevision !== undefined && { toRevision }) };
      return ok(a, namespace, name, o.toRevision === undefined ? 0 : toRevision);
    }
    case 'add-node': {
      const node = o.node === undefined ? c.required(child(path, 'node')) : checkNodeLayout(c, o.node, child(path, 'node'));
      return ok({ type, node: node! }, node);
    }
    case 'kill-container': {
      const namespace = c.name(o.namespace, child(path, 'namespace'), isDNS1123Label);
      const pod = c.name(o.pod, child(path, 'pod'), isDNS1123Subdomain);
      const container = c.name(o.container, child(path, 'container'), isDNS1123Label);
      return ok({ type, namespace: namespace!, pod: pod!, container: container! }, namespace, pod, container);
    }
    case 'slow-etcd': {
      const latencyMs = o.latencyMs === undefined ? c.required(child(path, 'latencyMs')) : c.number(o.latencyMs, child(path, 'latencyMs'), 0, MAX_ETCD_LATENCY_MS);
      return ok({ type, latencyMs: latencyMs! }, latencyMs);
    }
    default:
      if ((NODE_ACTION_TYPES as readonly string[]).includes(type)) {
        const node = checkNodeName(c, o.node, child(path, 'node'));
        return ok({ type: type as NodeActionType, node: node! }, node);
      }
      return { type: type as ControlPlaneActionType };
  }
}

/** Validates one script action; returns a clean copy, or undefined after recording problems. */
export function checkAction(c: FieldChecker, v: unknown, path: string): ScenarioAction | undefined {
  const raw = c.map(v, path);
  if (!raw) return undefined;
  const typePath = child(path, 'type');
  if (raw.type === undefined || raw.type === '') {
    c.required(typePath);
    return undefined;
  }
  if (!isActionType(raw.type)) {
    c.unsupported(typePath, raw.type, SCENARIO_ACTION_TYPES);
    return undefined;
  }
  const o = c.object(raw, path, ['type', ...FIELDS[raw.type]]);
  return o && actionFields(c, raw.type, o, path);
}
