/**
 * A machine of a scenario's cluster, and its validation. The shape is the one the cluster boots from
 * (workers/cluster/cluster-layout.ts), kept structurally identical so a validated layout passes
 * straight through; names, labels and taints are checked as the apiserver would check the Node.
 */
import { isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '../api/qualified-names';
import { tryParseQuantity } from '../api/quantity';
import { child, index, utf8Length, type FieldChecker } from './field-checks';

/** The effects a taint may have. */
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

/** A taint on a node. */
export interface NodeTaint {
  key: string;
  value?: string;
  effect: TaintEffect;
}

/** One machine: its name, roles (`control-plane`), capacity, labels and taints. */
export interface NodeLayout {
  name: string;
  /** `control-plane` runs the static control-plane pods and carries its NoSchedule taint. */
  roles?: string[];
  cpu?: string;
  memory?: string;
  ephemeralStorage?: string;
  maxPods?: number;
  labels?: Record<string, string>;
  taints?: NodeTaint[];
}

/** Bounds of one node's description. */
export const MAX_NODE_ROLES = 16;
export const MAX_NODE_LABELS = 256;
export const MAX_NODE_TAINTS = 64;
export const MAX_NODE_PODS = 100_000;

const NODE_FIELDS = ['name', 'roles', 'cpu', 'memory', 'ephemeralStorage', 'maxPods', 'labels', 'taints'] as const;
const TAINT_FIELDS = ['key', 'value', 'effect'] as const;

// A capacity: a quantity greater than zero.
function capacity(c: FieldChecker, v: unknown, path: string): string | undefined {
  const s = c.requiredString(v, path, 64);
  if (s === undefined) return undefined;
  const q = tryParseQuantity(s);
  if (!q) c.invalid(path, s, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  else if (q.nanos <= 0n) c.invalid(path, s, 'must be greater than 0');
  else return s;
  return undefined;
}

function roles(c: FieldChecker, v: unknown, path: string): string[] | undefined {
  const list = c.array(v, path, MAX_NODE_ROLES);
  if (!list) return undefined;
  const out: string[] = [];
  list.forEach((r, i) => {
    const p = index(path, i);
    // A role becomes the label key node-role.kubernetes.io/<role>, so it must make a valid one.
    const role = c.name(r, p, (s) => isQualifiedName(`node-role.kubernetes.io/${s}`).map((m) => m.replace(/^name part /, '')));
    if (role === undefined) return;
    if (out.includes(role)) c.add(p, `Duplicate value: ${JSON.stringify(role)}`);
    else out.push(role);
  });
  return out;
}

function labels(c: FieldChecker, v: unknown, path: string): Record<string, string> | undefined {
  const map = c.map(v, path);
  if (!map) return undefined;
  const keys = Object.keys(map);
  if (keys.length > MAX_NODE_LABELS) {
    c.add(path, `Too many: ${keys.length}: must have at most ${MAX_NODE_LABELS} items`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const key of keys) {
    c.stringBytes += utf8Length(key);
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) c.invalid(path, key, keyErrs.join('; '));
    const value = c.string(map[key], child(path, key));
    if (value === undefined) continue;
    const valueErrs = isValidLabelValue(value);
    if (valueErrs.length) c.invalid(child(path, key), value, valueErrs.join('; '));
    else if (!keyErrs.length) out[key] = value;
  }
  return out;
}

function taints(c: FieldChecker, v: unknown, path: string): NodeTaint[] | undefined {
  const list = c.array(v, path, MAX_NODE_TAINTS);
  if (!list) return undefined;
  const out: NodeTaint[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const p = index(path, i);
    const t = c.object(item, p, TAINT_FIELDS);
    if (!t) return;
    const key = c.name(t.key, child(p, 'key'), isQualifiedName);
    let value: string | undefined;
    if (t.value !== undefined) {
      value = c.string(t.value, child(p, 'value'));
      const errs = value === undefined ? [] : isValidLabelValue(value);
      if (errs.length) c.invalid(child(p, 'value'), value, errs.join('; '));
    }
    let effect: TaintEffect | undefined;
    if (t.effect === undefined || t.effect === '') c.required(child(p, 'effect'));
    else if (!TAINT_EFFECTS.includes(t.effect as TaintEffect)) c.unsupported(child(p, 'effect'), t.effect, TAINT_EFFECTS);
    else effect = t.effect as TaintEffect;
    if (key === undefined || effect === undefined) return;
    const id = `${key}:${effect}`;
    if (seen.has(id)) c.add(p, `Duplicate value: ${JSON.stringify(id)}: taints must be unique by key and effect pair`);
    seen.add(id);
    out.push(value === undefined ? { key, effect } : { key, value, effect });
  });
  return out;
}

/** Validates one node's description; returns a clean copy, or undefined after recording problems. */
export function checkNodeLayout(c: FieldChecker, v: unknown, path: string): NodeLayout | undefined {
  const o = c.object(v, path, NODE_FIELDS);
  if (!o) return undefined;
  const name = c.name(o.name, child(path, 'name'), isDNS1123Subdomain);
  const out: NodeLayout = { name: name ?? '' };
  if (o.roles !== undefined) out.roles = roles(c, o.roles, child(path, 'roles'));
  for (const f of ['cpu', 'memory', 'ephemeralStorage'] as const) {
    if (o[f] !== undefined) out[f] = capacity(c, o[f], child(path, f));
  }
  if (o.maxPods !== undefined) out.maxPods = c.integer(o.maxPods, child(path, 'maxPods'), 1, MAX_NODE_PODS);
  if (o.labels !== undefined) out.labels = labels(c, o.labels, child(path, 'labels'));
  if (o.taints !== undefined) out.taints = taints(c, o.taints, child(path, 'taints'));
  return name === undefined ? undefined : out;
}

/** Validates a node name (a DNS-1123 subdomain), as actions that name a node need. */
export function checkNodeName(c: FieldChecker, v: unknown, path: string): string | undefined {
  return c.name(v, path, isDNS1123Subdomain);
}
