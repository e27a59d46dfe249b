/** Test helpers: a Kubelet for node `kind-worker` against a real apiserver on a virtual-time kernel. */
import type { KubeObject } from '../../api/types';
import { newControllerTestbed } from '../../controllers/controller-testkit';
import { Kubelet, type KubeletConfig } from './kubelet';
import type { ContainerStatus, PodStatus } from './pod-types';

export const PODS = { group: '', version: 'v1', resource: 'pods' };
export const NODES = { group: '', version: 'v1', resource: 'nodes' };
export const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };

/** A pod bound to kind-worker with one container named after the pod (up to its first dash). */
export function makePod(name: string, container: Record<string, unknown>, spec: Record<string, unknown> = {}, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec: { nodeName: 'kind-worker', containers: [{ name: name.split('-')[0], ...container }], ...spec },
  };
}

/** A started kubelet and shorthands for reading pods back. */
export async function setupKubelet(extra: Partial<KubeletConfig> = {}) {
  const bed = await newControllerTestbed();
  const kubelet = new Kubelet(bed.ctx, { nodeName: 'kind-worker', podCIDR: '10.244.1.0/24', internalIP: '172.18.0.3', ...extra });
  kubelet.start();
  await bed.advance(100);
  const pods = bed.admin.resource(PODS, 'default');
  const status = async (name: string) => (await pods.get(name)).status as PodStatus;
  const container = async (name: string): Promise<ContainerStatus> => (await status(name)).containerStatuses[0];
  return { ...bed, kubelet, pods, status, container };
}
