/**
 * One simulated machine: its kubelet (with the container runtime and CNI IPAM inside) and its
 * kube-proxy, each authenticating as itself (the kubelet as `system:node:<name>`, kube-proxy as its
 * ServiceAccount), both reaching the apiserver through the node's own connection.
 */
import type { KubeObject } from '../api/types';
import type { LogOptions } from '../apiserver/rest/context';
import type { UserInfo } from '../apiserver/types';
import { newComponentContext, type ComponentDeps } from '../client/component-context';
import type { NodeFault } from '../sim/lockstep-protocol';
import { Kubelet, type KubeletConfig } from './kubelet/kubelet';
import { KubeProxy } from './proxy/kube-proxy';

/** What a node is built from; plain data, so it can cross to a node worker. */
export interface SimulatedNodeConfig {
  kubelet: KubeletConfig;
  proxyMode?: 'iptables' | 'ipvs';
  /** The cluster's pod network (kube-proxy's --cluster-cidr). */
  clusterCIDR?: string;
}

/** The kubelet's identity (its client certificate's subject in a kubeadm cluster). */
export function kubeletUser(nodeName: string): UserInfo {
  return { username: `system:node:${nodeName}`, groups: ['system:nodes', 'system:authenticated'] };
}

/** kube-proxy runs as the kube-proxy ServiceAccount of its DaemonSet. */
export const KUBE_PROXY_USER: UserInfo = {
  username: 'system:serviceaccount:kube-system:kube-proxy',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
};

/**
 * What a node's components share: its connection, time and chance (`rng` is this node's own
 * generator, forked by node name, so sharding never changes a node's draws).
 */
export type NodeDeps = ComponentDeps;

/** A node: kubelet + kube-proxy. */
export class SimulatedNode {
  readonly kubelet: Kubelet;
  readonly proxy: KubeProxy;

  constructor(
    deps: NodeDeps,
    readonly config: SimulatedNodeConfig,
  ) {
    const name = config.kubelet.nodeName;
    this.kubelet = new Kubelet(newComponentContext(deps, { user: kubeletUser(name), component: 'kubelet', host: name, rngLabel: 'kubelet' }), config.kubelet);
    this.proxy = new KubeProxy(newComponentContext(deps, { user: KUBE_PROXY_USER, component: 'kube-proxy', host: name, rngLabel: 'kube-proxy' }), {
      nodeName: name,
      nodeIPs: [config.kubelet.internalIP],
      mode: config.proxyMode ?? 'iptables',
      clusterCIDR: config.clusterCIDR,
    });
  }

  get name(): string {
    return this.config.kubelet.nodeName;
  }

  /** Boots the machine; a resumed one carries on silently (its processes never stopped). */
  start(): void {
    this.kubelet.start();
    this.proxy.start(this.config.kubelet.resumedAtRevision === undefined);
  }

  stop(): void {
    this.kubelet.stop();
    this.proxy.stop();
  }

  /** Applies a node fault. */
  fault(f: NodeFault): void {
    switch (f.type) {
      case 'stop-kubelet':
        this.kubelet.stop();
        return;
      case 'start-kubelet':
        this.kubelet.start();
        return;
      case 'kill-container':
        this.kubelet.killContainer(f.podUid, f.container);
        return;
    }
  }

  /** pods/log for a pod on this node. */
  logs(pod: KubeObject, opts: LogOptions): string {
    return this.kubelet.logs(pod, opts);
  }
}
