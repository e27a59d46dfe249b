/**
 * kube-proxy's inputs: the Services and EndpointSlices informers (with upstream's label selector)
 * and the service and endpoints maps they keep up to date. Nothing in them depends on the node,
 * so the proxies of one node worker can share one ProxySources: one watch pair and one map update
 * per event, whatever the number of nodes; each proxy only hears that something changed.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../../api/types';
import type { ComponentContext } from '../../client/component';
import { objectOfDelete, SharedInformer } from '../../client/informer';
import { EndpointsMap } from './endpoints-map';
import { ServiceMap } from './service-ports';

/**
 * Services and slices kube-proxy leaves alone (another proxy's, or headless), as upstream's
 * label selector prints it (requirements sorted by key).
 */
export const PROXY_LABEL_SELECTOR = '!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name';

const SERVICES = { group: '', version: 'v1', resource: 'services' };
const ENDPOINT_SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

/** Informers plus the maps built from them, with change notification. */
export class ProxySources {
  readonly services: SharedInformer<Service & KubeObject>;
  readonly endpointSlices: SharedInformer<EndpointSlice & KubeObject>;
  readonly serviceMap = new ServiceMap();
  readonly endpointsMap = new EndpointsMap('');
  private readonly listeners = new Set<() => void>();

  constructor(ctx: Pick<ComponentContext, 'client' | 'timers'>, name = 'shared') {
    const common = { timers: ctx.timers, labelSelector: PROXY_LABEL_SELECTOR };
    this.services = new SharedInformer(ctx.client.resource<Service & KubeObject>(SERVICES), { ...common, name: `kube-proxy:${name}:services` });
    this.endpointSlices = new SharedInformer(ctx.client.resource<EndpointSlice & KubeObject>(ENDPOINT_SLICES), { ...common, name: `kube-proxy:${name}:endpointslices` });
    this.services.addEventHandler({
      onAdd: (s) => this.changed(this.serviceMap.update(s)),
      onUpdate: (_o, s) => this.changed(this.serviceMap.update(s)),
      onDelete: (x) => {
        const s = objectOfDelete(x);
        this.changed(this.serviceMap.delete(s.metadata.namespace ?? '', s.metadata.name ?? ''));
      },
    });
    this.endpointSlices.addEventHandler({
      onAdd: (s) => this.changed(this.endpointsMap.update(s)),
      onUpdate: (_o, s) => this.changed(this.endpointsMap.update(s)),
      onDelete: (x) => this.changed(this.endpointsMap.delete(objectOfDelete(x))),
    });
  }

  run(): void {
    this.services.run();
    this.endpointSlices.run();
  }

  stop(): void {
    this.services.stop();
    this.endpointSlices.stop();
  }

  /** True once both informers have listed. */
  hasSynced(): boolean {
    return this.services.hasSynced() && this.endpointSlices.hasSynced();
  }

  /** Calls `fn` after every change of either map; returns the unsubscriber. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(didChange: boolean): void {
    if (didChange) for (const fn of this.listeners) fn();
  }
}
