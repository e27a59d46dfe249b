/** Tiny builders for scheduler tests: `makeNode('a', { cpu: '2' })`, `makePod({ cpu: '500m' })`. */
import { NodeInfo } from '../framework/node-info';
import { newPodInfo } from '../framework/pod-info';
import type { Affinity, Container, Node, Pod, PodSpec, Taint, Toleration, TopologySpreadConstraint } from '../framework/types';

let uidCounter = 0;

/** Options for makeNode. */
export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: number;
  ephemeralStorage?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

/** A Ready node with allocatable resources (defaults: 4 cpu, 8Gi, 110 pods). */
export function makeNode(name: string, o: NodeOpts = {}): Node {
  const allocatable: Record<string, string> = {
    cpu: o.cpu ?? '4',
    memory: o.memory ?? '8Gi',
    pods: String(o.pods ?? 110),
    'ephemeral-storage': o.ephemeralStorage ?? '100Gi',
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `node-${name}`, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: allocatable, allocatable, images: o.images ?? [], conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** Options for makePod. */
export interface PodOpts {
  name?: string;
  namespace?: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  priority?: number;
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  hostPorts?: number[];
  images?: string[];
  initContainers?: Container[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  schedulerName?: string;
  startTime?: string;
}

/** A pod with one container per image (default one `nginx` container) requesting cpu/memory. */
export function makePod(o: PodOpts = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const containers: Container[] = (o.images ?? ['nginx']).map((image, i) => ({
    name: `c${i}`,
    image,
    resources: { requests },
    ...(o.hostPorts && i === 0 ? { ports: o.hostPorts.map((p) => ({ containerPort: p, hostPort: p, protocol: 'TCP' })) } : {}),
  }));
  const spec: PodSpec = { containers, priority: o.priority ?? 0, schedulerName: o.schedulerName ?? 'default-scheduler' };
  if (o.nodeName) spec.nodeName = o.nodeName;
  if (o.tolerations) spec.tolerations = o.tolerations;
  if (o.nodeSelector) spec.nodeSelector = o.nodeSelector;
  if (o.affinity) spec.affinity = o.affinity;
  if (o.initContainers) spec.initContainers = o.initContainers;
  if (o.topologySpreadConstraints) spec.topologySpreadConstraints = o.topologySpreadConstraints;
  const name = o.name ?? `pod-${++uidCounter}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', uid: `uid-${name}-${++uidCounter}`, labels: o.labels ?? {} },
    spec,
    status: { phase: 'Pending', ...(o.startTime ? { startTime: o.startTime } : {}) },
  };
}

/** A NodeInfo for `node` holding `pods`. */
export function makeNodeInfo(node: Node, ...pods: Pod[]): NodeInfo {
  const ni = new NodeInfo(node);
  for (const p of pods) ni.addPod(newPodInfo({ ...p, spec: { ...p.spec, nodeName: node.metadata.name } }));
  return ni;
}
