/** Tiny builders for proxy tests: Services and EndpointSlices as the API would hold them. */
import type { Service, ServiceSpec } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { SERVICE_NAME_LABEL } from './endpoints-map';

/** A Service `ns/name` with the given spec fields (ClusterIP, TCP unless told). */
export function makeService(ns: string, name: string, spec: ServiceSpec, status?: Service['status']): Service {
  const base: Service = { apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name }, spec: { type: 'ClusterIP', ...spec } };
  return status ? { ...base, status } : base;
}

/** An endpoint of a slice: ip, optional node, pod name and conditions. */
export function ep(ip: string, opts: { node?: string; pod?: string; ns?: string; ready?: boolean; serving?: boolean; terminating?: boolean } = {}): Endpoint {
  const e: Endpoint = { addresses: [ip] };
  if (opts.node) e.nodeName = opts.node;
  if (opts.pod) e.targetRef = { kind: 'Pod', namespace: opts.ns ?? 'default', name: opts.pod };
  if (opts.ready !== undefined || opts.serving !== undefined || opts.terminating !== undefined) {
    e.conditions = { ready: opts.ready, serving: opts.serving, terminating: opts.terminating };
  }
  return e;
}

/** An EndpointSlice for service `ns/svc` with named ports (`[name, port]`, TCP). */
export function makeSlice(ns: string, svc: string, sliceName: string, endpoints: Endpoint[], ports: [string, number][]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: ns, name: sliceName, labels: { [SERVICE_NAME_LABEL]: svc } },
    addressType: 'IPv4',
    endpoints,
    ports: ports.map(([name, port]) => ({ name, port, protocol: 'TCP' })),
  };
}
