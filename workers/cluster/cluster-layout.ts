/**
 * The machines of a cluster as kubeadm (in kind's style) sets them up: a control-plane node running
 * the control plane as static pods, and workers. Each node gets an address on kind's 172.18.0.0/16
 * network; its /24 of the pod network (kind's 10.244.0.0/16; 10.128.0.0/9 past 256 machines, see
 * podSubnetFor) comes from kube-controller-manager's node IPAM (--allocate-node-cidrs), in the order
 * nodes register.
 */
import type { KubeObject } from '../api/types';
import type { SimulatedNodeConfig } from '../node/simulated-node';
import type { NodeLayout } from '../scenario/node-layout';
import { CLUSTER_CIDR } from './control-plane';

/** One machine of the layout (the scenario format's shape; workers/scenario validates it). */
export type { NodeLayout };

/** What a kind node reports of a typical laptop-sized host. */
export const DEFAULT_NODE_CPU = '4';
export const DEFAULT_NODE_MEMORY = '8148668Ki';
export const DEFAULT_NODE_EPHEMERAL_STORAGE = '102626232Ki';

/** `kubeadm init` on control-plane, then `kubeadm join` on worker-1 and worker-2. */
export function defaultLayout(workers = 2): NodeLayout[] {
  const nodes: NodeLayout[] = [{ name: 'control-plane', roles: ['control-plane'] }];
  for (let i = 1; i <= workers; i++) nodes.push({ name: `worker-${i}` });
  return nodes;
}

/** The address of the i-th machine (0 is the control plane, as kind numbers its containers). */
export function nodeAddress(index: number): string {
  const n = index + 2;
  return `172.18.${Math.floor(n / 256)}.${n % 256}`;
}

const CONTROL_PLANE_IMAGES = {
  etcd: 'registry.k8s.io/etcd:3.5.16-0',
  'kube-apiserver': 'registry.k8s.io/kube-apiserver:v1.32.0',
  'kube-controller-manager': 'registry.k8s.io/kube-controller-manager:v1.32.0',
  'kube-scheduler': 'registry.k8s.io/kube-scheduler:v1.32.0',
};

const COMMANDS: Record<keyof typeof CONTROL_PLANE_IMAGES, (ip: string, podSubnet: string) => string[]> = {
  etcd: (ip) => ['etcd', `--advertise-client-urls=https://${ip}:2379`, '--data-dir=/var/lib/etcd', `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`, '--name=control-plane', '--snapshot-count=10000'],
  'kube-apiserver': (ip) => ['kube-apiserver', `--advertise-address=${ip}`, '--authorization-mode=Node,RBAC', '--enable-admission-plugins=NodeRestriction', '--etcd-servers=https://127.0.0.1:2379', '--secure-port=6443', '--service-cluster-ip-range=10.96.0.0/16'],
  'kube-controller-manager': (_ip, podSubnet) => ['kube-controller-manager', '--allocate-node-cidrs=true', `--cluster-cidr=${podSubnet}`, '--controllers=*,bootstrapsigner,tokencleaner', '--leader-elect=true', '--service-cluster-ip-range=10.96.0.0/16', '--use-service-account-credentials=true'],
  'kube-scheduler': () => ['kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--bind-address=127.0.0.1', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'],
};

const REQUESTS: Record<keyof typeof CONTROL_PLANE_IMAGES, Record<string, string>> = {
  etcd: { cpu: '100m', memory: '100Mi' },
  'kube-apiserver': { cpu: '250m' },
  'kube-controller-manager': { cpu: '200m' },
  'kube-scheduler': { cpu: '100m' },
};

/** The static pod manifests kubeadm writes to /etc/kubernetes/manifests on the control plane. */
export function controlPlaneStaticPods(ip: string, podSubnet = CLUSTER_CIDR): KubeObject[] {
  return (Object.keys(CONTROL_PLANE_IMAGES) as (keyof typeof CONTROL_PLANE_IMAGES)[]).map((component) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: component,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations: (component === 'kube-apiserver' ? { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` } : {}) as Record<string, string>,
    },
    spec: {
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      priority: 2000001000,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: component,
          image: CONTROL_PLANE_IMAGES[component],
          imagePullPolicy: 'IfNotPresent',
          command: COMMANDS[component](ip, podSubnet),
          resources: { requests: REQUESTS[component] },
        },
      ],
    },
  }));
}

/** What each node of a layout is built from, in a cluster whose pod network is `podSubnet`. */
export function nodeConfigs(layout: NodeLayout[], firstIndex = 0, podSubnet = CLUSTER_CIDR): SimulatedNodeConfig[] {
  return layout.map((n, i) => {
    const index = firstIndex + i;
    const ip = nodeAddress(index);
    const isControlPlane = (n.roles ?? []).includes('control-plane');
    return {
      kubelet: {
        nodeName: n.name,
        internalIP: ip,
        cpu: n.cpu ?? DEFAULT_NODE_CPU,
        memory: n.memory ?? DEFAULT_NODE_MEMORY,
        ephemeralStorage: n.ephemeralStorage ?? DEFAULT_NODE_EPHEMERAL_STORAGE,
        maxPods: n.maxPods ?? 110,
        roles: n.roles,
        labels: n.labels,
        taints: n.taints,
        staticPods: isControlPlane ? controlPlaneStaticPods(ip, podSubnet) : [],
      },
      proxyMode: 'iptables',
      clusterCIDR: podSubnet,
    };
  });
}
