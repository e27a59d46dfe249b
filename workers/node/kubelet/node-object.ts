/**
 * The Node a kubelet registers and the status it reports (pkg/kubelet kubelet_node_status.go and
 * nodestatus setters): labels, capacity/allocatable, conditions with the kubelet's reasons and
 * messages, addresses, daemon endpoints, nodeInfo and the image list.
 */
import type { KubeObject } from '../../api/types';
import { rfc3339 } from '../../controllers/meta-time';
import { hex64 } from '../runtime/images';
import type { ResolvedImage } from '../runtime/images';

/** Versions the simulated node reports. */
export const KUBELET_VERSION = 'v1.32.0';
export const CONTAINER_RUNTIME_VERSION = 'containerd://1.7.24';
export const OS_IMAGE = 'Debian GNU/Linux 12 (bookworm)';
export const KERNEL_VERSION = '6.8.0-49-generic';

/** How a node is set up. */
export interface NodeConfig {
  nodeName: string;
  /**
   * The node's pod range. When absent the kubelet registers without one and waits for the node IPAM
   * controller to set spec.podCIDR (as with kubeadm's --allocate-node-cidrs); until then the node is
   * not Ready (network not ready) and only hostNetwork pods run.
   */
  podCIDR?: string;
  internalIP: string;
  cpu?: string;
  memory?: string;
  ephemeralStorage?: string;
  maxPods?: number;
  /** Role labels: `control-plane` gives node-role.kubernetes.io/control-plane and its taint. */
  roles?: string[];
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
}

/** The Node object to register (ObjectMeta, spec and the first status). */
export function initialNode(cfg: NodeConfig, nowMs: number, images: ResolvedImage[]): KubeObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': cfg.nodeName,
    'kubernetes.io/os': 'linux',
  };
  for (const r of cfg.roles ?? []) labels[`node-role.kubernetes.io/${r}`] = '';
  // kubeadm marks its control-plane nodes so that cloud load balancers leave them out.
  if ((cfg.roles ?? []).includes('control-plane')) labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  Object.assign(labels, cfg.labels ?? {});
  const taints = [...(cfg.taints ?? [])];
  if ((cfg.roles ?? []).includes('control-plane') && !taints.some((t) => t.key === 'node-role.kubernetes.io/control-plane')) {
    taints.push({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
  }
  const spec: Record<string, unknown> = cfg.podCIDR ? { podCIDR: cfg.podCIDR, podCIDRs: [cfg.podCIDR] } : {};
  spec.providerID = `kind://docker/kind/${cfg.nodeName}`;
  if (taints.length) spec.taints = taints;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: cfg.nodeName,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec,
    status: nodeStatus(cfg, nowMs, undefined, images, !!cfg.podCIDR),
  };
}

function resources(cfg: NodeConfig): Record<string, string> {
  return {
    cpu: cfg.cpu ?? '8',
    'ephemeral-storage': cfg.ephemeralStorage ?? '102626232Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: cfg.memory ?? '16365432Ki',
    pods: String(cfg.maxPods ?? 110),
  };
}

const CONDITIONS: [string, string, string, string][] = [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
];

/** The Ready condition while the CNI has no pod range yet (kind's kindnet before the node's podCIDR). */
export const NETWORK_NOT_READY: [string, string, string, string] = [
  'Ready',
  'False',
  'KubeletNotReady',
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
];

/** The status; transition times carry over from `old` while a condition keeps its status. */
export function nodeStatus(cfg: NodeConfig, nowMs: number, old: Record<string, unknown> | undefined, images: ResolvedImage[], networkReady = true): Record<string, unknown> {
  const oldConds = (old?.conditions ?? []) as { type: string; status: string; lastTransitionTime: string }[];
  const now = rfc3339(nowMs);
  const conditions = CONDITIONS.map((c) => (c[0] === 'Ready' && !networkReady ? NETWORK_NOT_READY : c)).map(([type, status, reason, message]) => {
    const prev = oldConds.find((c) => c.type === type);
    return { type, status, lastHeartbeatTime: now, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now, reason, message };
  });
  const id = hex64(cfg.nodeName);
  return {
    capacity: resources(cfg),
    allocatable: resources(cfg),
    conditions,
    addresses: [
      { type: 'InternalIP', address: cfg.internalIP },
      { type: 'Hostname', address: cfg.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: id.slice(0, 32),
      systemUUID: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`,
      bootID: `${id.slice(32, 40)}-${id.slice(40, 44)}-${id.slice(44, 48)}-${id.slice(48, 52)}-${id.slice(52, 64)}`,
      kernelVersion: KERNEL_VERSION,
      osImage: OS_IMAGE,
      containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
    images: nodeImages(images),
  };
}

/** status.images: names (digest form and tag form) and sizes, biggest first, at most 50 as upstream. */
function nodeImages(images: ResolvedImage[]): { names: string[]; sizeBytes: number }[] {
  return [...images]
    .sort((a, b) => b.sizeBytes - a.sizeBytes)
    .slice(0, 50)
    .map((i) => ({ names: [i.imageId, i.ref.fullName], sizeBytes: i.sizeBytes }));
}
