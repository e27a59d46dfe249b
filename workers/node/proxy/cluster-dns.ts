/**
 * The cluster DNS server (CoreDNS's kubernetes plugin as kubeadm configures it): watches every
 * Service and EndpointSlice through the client and answers `svc.ns.svc.cluster.local` with the
 * ClusterIP, or, for a headless Service, with the addresses of its ready endpoints, each also
 * named `<hostname>.svc.ns.svc.cluster.local` (or by its dashed address). The Corefile's
 * `loadbalance` plugin shuffles multi-address answers, here with the component's seeded rng.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { parseLabelSelectorText } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { Component, ComponentContext } from '../../client/component';
import { SharedInformer } from '../../client/informer';
import type { DnsSource } from './dns';
import { SERVICE_NAME_LABEL, type PodRef } from './endpoints-map';

const SERVICES = { group: '', version: 'v1', resource: 'services' };
const ENDPOINT_SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };

/** CoreDNS's view of the cluster. */
export class ClusterDns implements Component, DnsSource {
  readonly services: SharedInformer<Service & KubeObject>;
  readonly endpointSlices: SharedInformer<EndpointSlice & KubeObject>;

  constructor(private readonly ctx: ComponentContext) {
    this.services = new SharedInformer(ctx.client.resource<Service & KubeObject>(SERVICES), { timers: ctx.timers, name: 'coredns:services' });
    this.endpointSlices = new SharedInformer(ctx.client.resource<EndpointSlice & KubeObject>(ENDPOINT_SLICES), { timers: ctx.timers, name: 'coredns:endpointslices' });
  }

  start(): void {
    this.services.run();
    this.endpointSlices.run();
  }

  stop(): void {
    this.services.stop();
    this.endpointSlices.stop();
  }

  /** True once both caches have listed (CoreDNS answers SERVFAIL before that). */
  hasSynced(): boolean {
    return this.services.hasSynced() && this.endpointSlices.hasSynced();
  }

  service(namespace: string, name: string): Service | undefined {
    return this.services.lister.get(namespace, name);
  }

  endpointAddresses(namespace: string, name: string): string[] {
    const addresses = [...new Set(this.readyEndpoints(namespace, name).map((e) => e.address))];
    return shuffle(addresses, this.ctx.rng);
  }

  hostAddresses(namespace: string, name: string, host: string): string[] {
    return this.readyEndpoints(namespace, name).filter((e) => e.host === host).map((e) => e.address);
  }

  /** The pod an endpoint address belongs to, from any slice (headless ones included). */
  podAt(ip: string): { nodeName: string; pod?: PodRef } | undefined {
    for (const slice of this.endpointSlices.lister.list()) {
      for (const ep of slice.endpoints ?? []) {
        if (!(ep.addresses ?? []).includes(ip)) continue;
        const ref = ep.targetRef;
        const pod = ref?.kind === 'Pod' && ref.name ? { namespace: ref.namespace ?? '', name: ref.name, ...(ref.uid ? { uid: ref.uid } : {}) } : undefined;
        return { nodeName: ep.nodeName ?? '', ...(pod ? { pod } : {}) };
      }
    }
    return undefined;
  }

  /** Ready endpoints of a Service's slices, each with the name CoreDNS gives it. */
  private readyEndpoints(namespace: string, name: string): { address: string; host: string }[] {
    const selector = parseLabelSelectorText(`${SERVICE_NAME_LABEL}=${name}`);
    const out: { address: string; host: string }[] = [];
    const slices = this.endpointSlices.lister.listNamespace(namespace, selector);
    for (const slice of [...slices].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))) {
      if (slice.addressType === 'FQDN') continue;
      for (const ep of slice.endpoints ?? []) {
        // Unset means ready; publishNotReadyAddresses makes the controller mark every endpoint ready.
        if (ep.conditions?.ready === false) continue;
        for (const address of ep.addresses ?? []) out.push({ address, host: ep.hostname ?? address.replace(/[.:]/g, '-') });
      }
    }
    return out;
  }
}

/** The `loadbalance` plugin: the same records in a shuffled order. */
function shuffle<T>(xs: T[], rng: ComponentContext['rng']): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
