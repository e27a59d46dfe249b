/**
 * A `kubectl describe`-like summary of one object: key facts, conditions, container states with
 * their reasons, and the chain of controller owners (Pod -> ReplicaSet -> Deployment).
 */
import type { KubeObject } from '../../workers/api/types';

export interface ConditionRow {
  type: string;
  status: string;
  reason: string;
  message: string;
}

export interface ContainerRow {
  name: string;
  init: boolean;
  image: string;
  /** Running, Waiting or Terminated (kubectl's words). */
  state: string;
  /** The waiting or terminated reason (ContainerCreating, CrashLoopBackOff, Completed...). */
  reason: string;
  message: string;
  ready: boolean;
  restarts: number;
  /** The previous termination, when the container restarted: `Error (exit 1)`. */
  lastState: string;
}

export interface OwnerLink {
  kind: string;
  name: string;
  uid: string;
  /** False when the owner is not (or no longer) in the cluster. */
  present: boolean;
}

export interface DescribeSummary {
  facts: [string, string][];
  conditions: ConditionRow[];
  containers: ContainerRow[];
  owners: OwnerLink[];
}

type Lookup = (uid: string) => KubeObject | undefined;

interface RawCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}
interface RawState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number };
}
interface RawContainerStatus {
  name: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: RawState;
  lastState?: RawState;
}

function field<T>(obj: KubeObject, path: string[]): T | undefined {
  let v: unknown = obj;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v as T | undefined;
}

function conditions(obj: KubeObject): ConditionRow[] {
  const list = field<RawCondition[]>(obj, ['status', 'conditions']) ?? [];
  return list.map((c) => ({ type: c.type ?? '', status: c.status ?? '', reason: c.reason ?? '', message: c.message ?? '' }));
}

function stateOf(s: RawState | undefined): { state: string; reason: string; message: string } {
  if (s?.running) return { state: 'Running', reason: '', message: '' };
  if (s?.terminated) {
    const t = s.terminated;
    return { state: 'Terminated', reason: `${t.reason ?? ''}${t.exitCode !== undefined ? ` (exit code ${t.exitCode})` : ''}`.trim(), message: t.message ?? '' };
  }
  if (s?.waiting) return { state: 'Waiting', reason: s.waiting.reason ?? '', message: s.waiting.message ?? '' };
  return { state: 'Waiting', reason: '', message: '' };
}

function containers(pod: KubeObject): ContainerRow[] {
  const rows: ContainerRow[] = [];
  const add = (specPath: string, statusPath: string, init: boolean) => {
    const specs = field<{ name: string; image?: string }[]>(pod, ['spec', specPath]) ?? [];
    const statuses = field<RawContainerStatus[]>(pod, ['status', statusPath]) ?? [];
    for (const c of specs) {
      const st = statuses.find((s) => s.name === c.name);
      const now = stateOf(st?.state);
      const last = st?.lastState && (st.lastState.terminated || st.lastState.running || st.lastState.waiting) ? stateOf(st.lastState) : undefined;
      rows.push({
        name: c.name,
        init,
        image: c.image ?? '',
        ...now,
        ready: st?.ready ?? false,
        restarts: st?.restartCount ?? 0,
        lastState: last ? `${last.state}${last.reason ? `: ${last.reason}` : ''}` : '',
      });
    }
  };
  add('initContainers', 'initContainerStatuses', true);
  add('containers', 'containerStatuses', false);
  return rows;
}

/** The controller owners, nearest first, followed through the cluster until one is missing. */
export function ownerChain(obj: KubeObject, lookup: Lookup): OwnerLink[] {
  const chain: OwnerLink[] = [];
  const seen = new Set<string>();
  let current: KubeObject | undefined = obj;
  while (current) {
    const ref: { kind: string; name: string; uid: string } | undefined = current.metadata.ownerReferences?.find((r) => r.controller === true) ?? current.metadata.ownerReferences?.[0];
    if (!ref || seen.has(ref.uid)) break;
    seen.add(ref.uid);
    const owner = lookup(ref.uid);
    chain.push({ kind: ref.kind, name: ref.name, uid: ref.uid, present: owner !== undefined });
    current = owner;
  }
  return chain;
}

function facts(obj: KubeObject): [string, string][] {
  const out: [string, string][] = [];
  const put = (label: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') out.push([label, String(v)]);
  };
  const labels = obj.metadata.labels ?? {};
  put('Labels', Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', '));
  if (obj.kind === 'Pod') {
    put('Node', field(obj, ['spec', 'nodeName']) ?? '<none>');
    put('Status', field(obj, ['status', 'phase']));
    put('IP', field(obj, ['status', 'podIP']));
    put('QoS Class', field(obj, ['status', 'qosClass']));
  } else if (obj.kind === 'Node') {
    put('Unschedulable', field<boolean>(obj, ['spec', 'unschedulable']) ? 'true' : 'false');
    const taints = field<{ key: string; value?: string; effect: string }[]>(obj, ['spec', 'taints']) ?? [];
    put('Taints', taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ') || '<none>');
    put('Pod CIDR', field(obj, ['spec', 'podCIDR']));
  } else {
    put('Replicas', field(obj, ['spec', 'replicas']));
    put('Ready', field(obj, ['status', 'readyReplicas']));
    put('Available', field(obj, ['status', 'availableReplicas']));
  }
  return out;
}

export function describeSummary(obj: KubeObject, lookup: Lookup): DescribeSummary {
  return { facts: facts(obj), conditions: conditions(obj), containers: obj.kind === 'Pod' ? containers(obj) : [], owners: ownerChain(obj, lookup) };
}
