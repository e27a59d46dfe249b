/**
 * The machines of a resumed cluster, read back from its Node objects: the layout each was joined
 * with (roles, capacity, labels) and its place in kind's address order, so that each is built again
 * as it booted, and machines added or deleted since boot are there or gone as they were.
 */
import type { KubeObject } from '../api/types';
import type { NodeLayout } from '../scenario/node-layout';

/** One machine to resume: its layout and its index (the order of kind's node addresses). */
export interface ResumedMachine {
  index: number;
  layout: NodeLayout;
}

/** Labels the kubelet and kubeadm set on every node; a layout's own labels are the rest. */
const REGISTRATION_LABELS = new Set([
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'kubernetes.io/arch',
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'node.kubernetes.io/exclude-from-external-load-balancers',
]);
const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** kind's node addresses are 172.18.0.2 upwards, in join order. */
function indexOfAddress(ip: string | undefined): number {
  const m = /^172\.18\.(\d+)\.(\d+)$/.exec(ip ?? '');
  return m ? Number(m[1]) * 256 + Number(m[2]) - 2 : NaN;
}

interface NodeFields {
  spec?: { providerID?: string };
  status?: { addresses?: { type: string; address: string }[]; capacity?: Record<string, string> };
}

/**
 * The machines behind these Nodes, in address order. Only Nodes a simulated kubelet registered
 * (kind's providerID) have a machine: a Node object someone created by hand never had one.
 */
export function machinesOfNodes(nodes: readonly KubeObject[]): ResumedMachine[] {
  const out: ResumedMachine[] = [];
  for (const node of nodes) {
    const { spec, status } = node as KubeObject & NodeFields;
    if (spec?.providerID !== `kind://docker/kind/${node.metadata.name}`) continue;
    const index = indexOfAddress(status?.addresses?.find((a) => a.type === 'InternalIP')?.address);
    if (!Number.isInteger(index) || index < 0) continue;
    const roles: string[] = [];
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
      if (k.startsWith(ROLE_PREFIX)) roles.push(k.slice(ROLE_PREFIX.length));
      else if (!REGISTRATION_LABELS.has(k)) labels[k] = v;
    }
    const cap = status?.capacity ?? {};
    const layout: NodeLayout = { name: node.metadata.name! };
    if (roles.length) layout.roles = roles;
    if (cap.cpu) layout.cpu = cap.cpu;
    if (cap.memory) layout.memory = cap.memory;
    if (cap['ephemeral-storage']) layout.ephemeralStorage = cap['ephemeral-storage'];
    if (cap.pods && Number.isInteger(Number(cap.pods))) layout.maxPods = Number(cap.pods);
    if (Object.keys(labels).length) layout.labels = labels;
    out.push({ index, layout });
  }
  return out.sort((a, b) => a.index - b.index);
}
