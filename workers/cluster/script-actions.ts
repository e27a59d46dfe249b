/**
 * A scenario script's actions, performed on a Simulation exactly as a person would: applies and
 * deletes go through the apiserver as the cluster admin (kubectl), node and control-plane faults
 * through the Simulation. The UI records a user's actions in the same shape (DESIGN.md section 7).
 */
import type { KubeObject } from '../api/types';
import type { ApiResult } from '../apiserver/types';
import { applyManifests } from '../kubectl/apply';
import { objectPath } from '../kubectl/paths';
import { FieldChecker } from '../scenario/field-checks';
import { checkAction } from '../scenario/scenario-actions';
import { ScenarioError, type ScenarioCause } from '../scenario/scenario-error';
import type { NodeLayout } from './cluster-layout';
import { rolloutAction, type RolloutAction } from './rollout-actions';
import type { Simulation } from './simulation';

/** One action of a scenario script (the union workers/scenario validates). */
export type ScriptAction =
  | { type: 'apply'; manifests: string }
  | { type: 'delete'; apiVersion: string; kind: string; namespace?: string; name: string }
  | { type: 'scale'; apiVersion: string; kind: string; namespace: string; name: string; replicas: number }
  | { type: 'add-node'; node: NodeLayout }
  | { type: 'delete-node' | 'cordon' | 'uncordon' | 'drain' | 'stop-kubelet' | 'start-kubelet' | 'partition-node' | 'heal-node'; node: string }
  | { type: 'kill-container'; namespace: string; pod: string; container: string }
  | { type: 'stop-scheduler' | 'start-scheduler' | 'stop-controller-manager' | 'start-controller-manager' }
  | { type: 'slow-etcd'; latencyMs: number }
  | RolloutAction;

/** Whether kube-scheduler and kube-controller-manager run (a stop action stops them until a start). */
export interface ControlPlaneState {
  scheduler: boolean;
  controllerManager: boolean;
}

/** What an action did, in kubectl's words where kubectl has them. */
export interface ActionOutcome {
  ok: boolean;
  text: string;
  /** A refused action's problems by field path (`node.cpu`), as the scenario format reports them. */
  causes?: ScenarioCause[];
  /** After a control-plane action: which of its processes run. */
  controlPlane?: ControlPlaneState;
}

const CONTROL_PLANE_ACTIONS: ReadonlySet<string> = new Set(['stop-scheduler', 'start-scheduler', 'stop-controller-manager', 'start-controller-manager']);

/** Which control-plane processes run now. */
export function controlPlaneState(sim: Simulation): ControlPlaneState {
  return { scheduler: sim.controlPlane.scheduler.running, controllerManager: sim.controlPlane.controllerManager.running };
}

/**
 * Checks an action as a scenario script's would be checked (the page sends what a person typed;
 * what runs must replay from a share link). `apply` is left to kubectl's own YAML errors.
 */
function refusal(a: ScriptAction): ActionOutcome | undefined {
  if (a.type === 'apply') return undefined;
  const c = new FieldChecker();
  checkAction(c, a, '');
  try {
    c.throwIfAny();
    return undefined;
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return { ok: false, text: `error: ${e.causes.map((x) => x.message).join('\n')}`, causes: [...e.causes] };
  }
}

function statusText(res: ApiResult): string {
  if (res.kind !== 'response') return 'unexpected watch';
  const body = res.body as { message?: string } | undefined;
  return body?.message ?? `HTTP ${res.status}`;
}

function ok(res: ApiResult): boolean {
  return res.kind === 'response' && res.status < 300;
}

/** Performs one action now (at the simulation's current virtual time), after checking it. */
export async function performAction(sim: Simulation, a: ScriptAction): Promise<ActionOutcome> {
  const outcome = refusal(a) ?? (await perform(sim, a));
  return CONTROL_PLANE_ACTIONS.has(a.type) ? { ...outcome, controlPlane: controlPlaneState(sim) } : outcome;
}

async function perform(sim: Simulation, a: ScriptAction): Promise<ActionOutcome> {
  switch (a.type) {
    case 'apply': {
      const results = await applyManifests(sim.cluster.apiserver, a.manifests);
      return { ok: results.every((r) => r.ok), text: results.map((r) => r.text).join('\n') };
    }
    case 'delete':
    case 'scale':
      return objectAction(sim, a);
    case 'add-node':
      return addNode(sim, a.node);
    case 'delete-node':
      await sim.deleteNode(a.node);
      return { ok: true, text: `node "${a.node}" deleted` };
    case 'cordon':
    case 'uncordon':
      return cordon(sim, a.node, a.type === 'cordon');
    case 'drain':
      return drain(sim, a.node);
    case 'stop-kubelet':
    case 'start-kubelet':
    case 'partition-node':
    case 'heal-node':
      return nodeFault(sim, a.type, a.node);
    case 'kill-container':
      return killContainer(sim, a.namespace, a.pod, a.container);
    case 'stop-scheduler':
      sim.stopScheduler();
      return { ok: true, text: 'kube-scheduler stopped' };
    case 'start-scheduler':
      sim.startScheduler();
      return { ok: true, text: 'kube-scheduler started' };
    case 'stop-controller-manager':
      sim.stopControllerManager();
      return { ok: true, text: 'kube-controller-manager stopped' };
    case 'start-controller-manager':
      sim.startControllerManager();
      return { ok: true, text: 'kube-controller-manager started' };
    case 'slow-etcd':
      sim.slowEtcd(a.latencyMs);
      return { ok: true, text: a.latencyMs ? `etcd writes take ${a.latencyMs} ms longer` : 'etcd healthy' };
    default:
      return rolloutAction(sim, a);
  }
}

/** `kubeadm join`: refused, as kubeadm's preflight refuses it, when a Node of that name exists. */
async function addNode(sim: Simulation, node: NodeLayout): Promise<ActionOutcome> {
  const res = await sim.request({ method: 'GET', path: `/api/v1/nodes/${node.name}` });
  if (ok(res) || sim.gateway.hasNode(node.name)) {
    const conds = ok(res) ? ((res as { body: KubeObject }).body.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions : undefined;
    const ready = conds?.find((c) => c.type === 'Ready')?.status === 'True' ? 'Ready' : 'NotReady';
    return {
      ok: false,
      text: `error execution phase kubelet-start: a Node with name "${node.name}" and status "${ready}" already exists in the cluster. You must delete the existing Node or change the name of this new joining Node`,
      causes: [{ path: 'node.name', message: `node.name: Duplicate value: "${node.name}"` }],
    };
  }
  await sim.addNodes([node]);
  return { ok: true, text: `node/${node.name} joined` };
}

async function objectAction(sim: Simulation, a: Extract<ScriptAction, { type: 'delete' | 'scale' }>): Promise<ActionOutcome> {
  const target = objectPath(a);
  if (!target) return { ok: false, text: `error: the server doesn't have a resource type for ${a.apiVersion} ${a.kind}` };
  const { info, path } = target;
  // kubectl names an object by its kind: `deployment.apps/web scaled`, `deployment.apps "web" deleted`.
  const label = `${info.kind.toLowerCase()}${info.group ? `.${info.group}` : ''}/${a.name}`;
  if (a.type === 'delete') {
    const res = await sim.request({ method: 'DELETE', path });
    return ok(res) ? { ok: true, text: `${label.split('/')[0]} "${a.name}" deleted` } : { ok: false, text: statusText(res) };
  }
  const res = await sim.request({ method: 'PATCH', path: `${path}/scale`, headers: { 'content-type': 'application/merge-patch+json' }, body: { spec: { replicas: a.replicas } } });
  return ok(res) ? { ok: true, text: `${label} scaled` } : { ok: false, text: statusText(res) };
}

async function cordon(sim: Simulation, node: string, unschedulable: boolean): Promise<ActionOutcome> {
  const res = await sim.request({ method: 'PATCH', path: `/api/v1/nodes/${node}`, headers: { 'content-type': 'application/strategic-merge-patch+json' }, body: { spec: { unschedulable: unschedulable || null } } });
  return ok(res) ? { ok: true, text: `node/${node} ${unschedulable ? 'cordoned' : 'uncordoned'}` } : { ok: false, text: statusText(res) };
}

/** `kubectl drain --ignore-daemonsets --delete-emptydir-data`: cordon, then evict every other pod. */
async function drain(sim: Simulation, node: string): Promise<ActionOutcome> {
  const c = await cordon(sim, node, true);
  if (!c.ok) return c;
  const res = await sim.request({ method: 'GET', path: '/api/v1/pods', query: { fieldSelector: `spec.nodeName=${node}` } });
  const pods = ok(res) ? ((res as { body: { items: KubeObject[] } }).body.items ?? []) : [];
  const lines = [c.text];
  for (const pod of pods) {
    const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
    if (owner?.kind === 'DaemonSet' || pod.metadata.annotations?.['kubernetes.io/config.mirror']) continue;
    const { namespace, name } = pod.metadata;
    const ev = await sim.request({
      method: 'POST',
      path: `/api/v1/namespaces/${namespace}/pods/${name}/eviction`,
      headers: { 'content-type': 'application/json' },
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
    });
    lines.push(ok(ev) ? `evicting pod ${namespace}/${name}` : `error when evicting pods/"${name}" -n "${namespace}": ${statusText(ev)}`);
  }
  lines.push(`node/${node} drained`);
  return { ok: true, text: lines.join('\n') };
}

function nodeFault(sim: Simulation, type: 'stop-kubelet' | 'start-kubelet' | 'partition-node' | 'heal-node', node: string): ActionOutcome {
  if (!sim.gateway.hasNode(node)) return { ok: false, text: `no machine named ${node}` };
  if (type === 'stop-kubelet') sim.stopKubelet(node);
  else if (type === 'start-kubelet') sim.startKubelet(node);
  else sim.partitionNode(node, type === 'partition-node');
  const words = { 'stop-kubelet': 'kubelet stopped', 'start-kubelet': 'kubelet started', 'partition-node': 'cut off from the apiserver', 'heal-node': 'reconnected' };
  return { ok: true, text: `${node}: ${words[type]}` };
}

async function killContainer(sim: Simulation, namespace: string, pod: string, container: string): Promise<ActionOutcome> {
  const res = await sim.request({ method: 'GET', path: `/api/v1/namespaces/${namespace}/pods/${pod}` });
  if (!ok(res)) return { ok: false, text: statusText(res) };
  const obj = (res as { body: KubeObject }).body;
  const node = (obj.spec as { nodeName?: string }).nodeName;
  if (!node) return { ok: false, text: `pod ${namespace}/${pod} is not running on a node` };
  sim.killContainer(node, obj.metadata.uid!, container);
  return { ok: true, text: `killed container ${container} of ${namespace}/${pod} on ${node}` };
}
