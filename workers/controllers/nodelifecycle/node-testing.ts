/** Builders for the node controllers' tests: Ready nodes with Leases, lease renewals, running pods. */
import type { KubeObject } from '../../api/types';
import { formatMicroTime } from '../../client/leader-election';
import type { newControllerTestbed } from '../controller-testkit';
import { rfc3339 } from '../meta-time';

/** Core resources used by the builders. */
export const NODES = { group: '', version: 'v1', resource: 'nodes' };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

/** The controller test bed. */
export type Bed = Awaited<ReturnType<typeof newControllerTestbed>>;

/** A node as a kubelet leaves it after registering: Ready, MemoryPressure False, its Lease renewed now. */
export async function createReadyNode(bed: Bed, name: string): Promise<void> {
  const node = await bed.admin.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
  const now = rfc3339(bed.kernel.now());
  const withStatus = structuredClone(node);
  withStatus.status = {
    conditions: [
      { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
      { type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ],
  };
  await bed.admin.resource(NODES).updateStatus(withStatus);
  await bed.admin.resource(LEASES, 'kube-node-lease').create({
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: formatMicroTime(bed.kernel.now()) },
  });
}

/** One Lease renewal of the node's kubelet. */
export async function renewLease(bed: Bed, name: string): Promise<void> {
  await bed.admin.resource(LEASES, 'kube-node-lease').patch(name, 'merge', { spec: { renewTime: formatMicroTime(bed.kernel.now()) } });
}

/** A Running, Ready pod bound to `node` (admission adds the default 300 s tolerations). */
export async function createPodOn(bed: Bed, name: string, node: string, tolerations?: unknown[]): Promise<KubeObject> {
  const spec: Record<string, unknown> = { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] };
  if (tolerations) spec.tolerations = tolerations;
  const pod = await bed.admin.resource(PODS, 'default').create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });
  const next = structuredClone(pod);
  next.status = { phase: 'Running', podIP: '10.244.0.5', conditions: [{ type: 'Ready', status: 'True' }] };
  return bed.admin.resource(PODS, 'default').updateStatus(next);
}

