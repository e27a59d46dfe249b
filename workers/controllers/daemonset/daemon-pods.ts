/**
 * Which nodes a DaemonSet's pod belongs on and what that pod looks like (upstream
 * pkg/controller/daemon and pkg/controller/daemon/util): the node must match the template's
 * nodeSelector and required node affinity and its taints must be tolerated, counting the
 * tolerations every daemon pod gets; the pod is pinned to its node by a matchFields node affinity.
 */
import { matchNodeSelectorTerms } from '../../api/nodeselector';
import type { KubeObject } from '../../api/types';
import { newControllerRef } from '../shared/controller-ref';
import { taintTolerated, type Taint, type Toleration } from '../tolerations';
import { cloneJson } from '../../api/patch/json-values';

/** Label carrying the hash of the template a daemon pod was made from. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** Deprecated label with the DaemonSet's template generation. */
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** Annotation the apiserver keeps the template generation in. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

interface NodeSelectorTerm {
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
  matchFields?: { key: string; operator: string; values?: string[] }[];
}

/** The pod spec fields the controller reads and writes. */
export interface DaemonPodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  hostNetwork?: boolean;
  tolerations?: Toleration[];
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] }; [k: string]: unknown }; [k: string]: unknown };
  [k: string]: unknown;
}

/** A DaemonSet as the controller reads it. */
export type DaemonSet = KubeObject & {
  spec: {
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
    template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: DaemonPodSpec };
    updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
  };
  status?: Record<string, unknown>;
};

/** A Node as the controller reads it. */
export type Node = KubeObject & { spec?: { taints?: Taint[]; unschedulable?: boolean } };

/** A Pod as the controller reads it. */
export type Pod = KubeObject & { spec?: DaemonPodSpec; status?: { phase?: string; conditions?: { type: string; status: string; lastTransitionTime?: string }[] } };

/** Scheduled first, then older first, then by name (upstream's podByCreationTimestampAndPhase). */
export function byScheduledThenAge(a: Pod, b: Pod): number {
  const sa = !!a.spec?.nodeName;
  const sb = !!b.spec?.nodeName;
  if (sa !== sb) return sa ? -1 : 1;
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });

/** Same key, effect, operator and value (upstream's Toleration.MatchToleration). */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.effect ?? '') === (b.effect ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '');
}

/**
 * The template's tolerations with the ones every daemon pod gets (upstream's
 * AddOrUpdateDaemonPodTolerations): a matching toleration is replaced in place (dropping, say, a
 * tolerationSeconds, so node problems never evict a daemon pod), a missing one is appended.
 */
export function daemonPodTolerations(spec: DaemonPodSpec): Toleration[] {
  const added = [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
  ];
  if (spec.hostNetwork) added.push(exists('node.kubernetes.io/network-unavailable', 'NoSchedule'));
  const out = [...(spec.tolerations ?? [])];
  for (const t of added) {
    const i = out.findIndex((o) => sameToleration(o, t));
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

function fitsNodeAffinity(spec: DaemonPodSpec, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required && !matchNodeSelectorTerms(required.nodeSelectorTerms, labels, { 'metadata.name': node.metadata.name! })) return false;
  return true;
}

/** Whether a daemon pod belongs on a node (shouldRun) and whether an existing one may stay there. */
export interface NodeVerdict {
  readonly shouldRun: boolean;
  readonly shouldContinueRunning: boolean;
}

const VERDICTS: readonly NodeVerdict[] = [
  { shouldRun: false, shouldContinueRunning: false },
  { shouldRun: false, shouldContinueRunning: true },
  { shouldRun: true, shouldContinueRunning: true },
].map((v) => Object.freeze(v));

// Verdicts by template spec, then node: the informers' objects are frozen, replaced (not changed) when
// the object changes, so a verdict stays right for as long as both objects live. A sync looks at every node
// two or three times, and a big cluster's boot syncs once per joining node.
const verdicts = new WeakMap<DaemonPodSpec, WeakMap<Node, NodeVerdict>>();
const tolerationsOf = new WeakMap<DaemonPodSpec, Toleration[]>();

function untolerated(taints: readonly Taint[], effect: string, tolerations: Toleration[]): boolean {
  for (const t of taints) if (t.effect === effect && !taintTolerated(t, tolerations)) return true;
  return false;
}

/**
 * shouldRun: a new daemon pod belongs on the node. shouldContinueRunning: an existing one may stay
 * (NoSchedule taints added later do not evict; NoExecute ones do).
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): NodeVerdict {
  const spec = ds.spec.template.spec;
  // Only frozen objects (the informers') cannot change under a kept verdict.
  if (!Object.isFrozen(spec) || !Object.isFrozen(node)) return verdict(node, spec);
  let byNode = verdicts.get(spec);
  if (!byNode) verdicts.set(spec, (byNode = new WeakMap()));
  let v = byNode.get(node);
  if (!v) byNode.set(node, (v = verdict(node, spec)));
  return v;
}

function verdict(node: Node, spec: DaemonPodSpec): NodeVerdict {
  // A template naming a node runs there only.
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return VERDICTS[0];
  if (!fitsNodeAffinity(spec, node)) return VERDICTS[0];
  let tolerations = tolerationsOf.get(spec);
  if (!tolerations) {
    tolerations = daemonPodTolerations(spec);
    if (Object.isFrozen(spec)) tolerationsOf.set(spec, tolerations);
  }
  const taints = node.spec?.taints ?? [];
  if (untolerated(taints, 'NoExecute', tolerations)) return VERDICTS[0];
  return untolerated(taints, 'NoSchedule', tolerations) ? VERDICTS[1] : VERDICTS[2];
}

/** The node a daemon pod is for: its nodeName, or the matchFields pin of a pod not yet bound. */
export function targetNodeOf(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

/** The template's spec with the daemon tolerations and its required node affinity pinned to one node. */
function pinnedSpec(spec: DaemonPodSpec, nodeName: string): DaemonPodSpec {
  const out = cloneJson(spec);
  out.tolerations = daemonPodTolerations(spec);
  const affinity = (out.affinity ??= {});
  const nodeAffinity = (affinity.nodeAffinity ??= {});
  // Upstream replaces the required terms outright: the node was already chosen against them.
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
  };
  return out;
}

/**
 * The template generation (upstream's GetTemplateGeneration reads the annotation the apiserver
 * keeps it in). Our apiserver does not write that annotation yet, so metadata.generation stands in.
 */
export function templateGeneration(ds: DaemonSet): string | undefined {
  const a = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (a !== undefined) return /^-?\d+$/.test(a) ? a : undefined;
  return ds.metadata.generation !== undefined ? String(ds.metadata.generation) : undefined;
}

/** The pod is of the current template: its hash, or its template generation, matches (upstream's IsPodUpdated). */
export function isPodUpdated(pod: Pod, hash: string, generation: string | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (hash.length > 0 && labels[CONTROLLER_REVISION_HASH_LABEL] === hash) || (generation !== undefined && labels[POD_TEMPLATE_GENERATION_LABEL] === generation);
}

/** The pod the DaemonSet creates for a node. */
export function newDaemonPod(ds: DaemonSet, nodeName: string, hash: string): Pod {
  const tmeta = ds.spec.template.metadata ?? {};
  const labels: Record<string, string> = { ...tmeta.labels, [CONTROLLER_REVISION_HASH_LABEL]: hash };
  const generation = templateGeneration(ds);
  if (generation !== undefined) labels[POD_TEMPLATE_GENERATION_LABEL] = generation;
  const metadata: KubeObject['metadata'] = { generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace, labels, ownerReferences: [newControllerRef(ds)] };
  if (tmeta.annotations) metadata.annotations = { ...tmeta.annotations };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: pinnedSpec(ds.spec.template.spec, nodeName) };
}
