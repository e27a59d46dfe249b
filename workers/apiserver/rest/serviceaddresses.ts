/**
 * What the Service REST storage allocates: a cluster IP from the service CIDR (kubeadm's
 * 10.96.0.0/12; dynamic picks avoid the low band kept for static ones, as upstream's allocator) and
 * node ports from 30000-32767, refusing addresses already taken with upstream's 422 wording.
 */
import { field, invalid } from '../../api/errors';
import type { FieldError, KubeObject } from '../../api/types';
import type { Rng } from '../../sim/types';
import type { Store } from '../../store/store';

/** kubeadm's default --service-cluster-ip-range. */
export const SERVICE_CIDR = '10.96.0.0/12';
const cidrBase = (10 << 24) | (96 << 16);
const cidrSize = 1 << 20;
/** Addresses below this offset are left for explicitly requested IPs (min(max(16, size/16), 256)). */
const staticBand = 256;
/** kube-apiserver's default --service-node-port-range. */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const maxTries = 1000;

interface ServicePort {
  nodePort?: number;
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  ports?: ServicePort[];
}

function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function usedAddresses(store: Store, except?: string): { ips: Set<string>; ports: Set<number> } {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const svc of store.list('/registry/services/').items) {
    if (except && svc.metadata.uid === except) continue;
    const spec = (svc.spec ?? {}) as ServiceSpec;
    for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) ips.add(ip);
    for (const p of spec.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

function allocateIP(spec: ServiceSpec, used: Set<string>, rng: Rng, errs: FieldError[]): void {
  const requested = spec.clusterIP || spec.clusterIPs?.[0];
  if (requested === 'None') {
    spec.clusterIP = 'None';
    spec.clusterIPs = ['None'];
    return;
  }
  if (requested) {
    const n = ipToInt(requested);
    // Go renders the []string bad value with %#v; a string badValue would be quoted, so it goes in the detail.
    const bad = `[]string{${JSON.stringify(requested)}}`;
    const ipError = (why: string): FieldError => ({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', detail: `${bad}: ${why}` });
    if (n === undefined || n < cidrBase || n >= cidrBase + cidrSize) {
      errs.push(ipError(`failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`));
    } else if (used.has(requested)) {
      errs.push(ipError(`failed to allocate IP ${requested}: provided IP is already allocated`));
    }
    spec.clusterIP = requested;
    spec.clusterIPs = [requested];
    return;
  }
  for (let i = 0; i < maxTries; i++) {
    const ip = intToIp(cidrBase + staticBand + rng.int(cidrSize - staticBand - 1));
    if (!used.has(ip)) {
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
      return;
    }
  }
  errs.push(field.invalid('spec.clusterIPs', spec.clusterIPs ?? [], 'failed to allocate IP: range is full'));
}

function allocateNodePorts(spec: ServiceSpec, used: Set<number>, rng: Rng, errs: FieldError[], oldPorts: ServicePort[] = []): void {
  const ports = spec.ports ?? [];
  ports.forEach((p, i) => {
    if (p.nodePort) {
      const keeps = oldPorts.some((o) => o.nodePort === p.nodePort);
      if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
        errs.push(field.invalid(`spec.ports[${i}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`));
      } else if (used.has(p.nodePort) && !keeps) {
        errs.push(field.invalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'));
      }
      used.add(p.nodePort);
      return;
    }
    for (let t = 0; t < maxTries; t++) {
      const port = NODE_PORT_MIN + rng.int(NODE_PORT_MAX - NODE_PORT_MIN + 1);
      if (!used.has(port)) {
        p.nodePort = port;
        used.add(port);
        return;
      }
    }
  });
}

/** Allocates (or checks) a Service's cluster IP and node ports in place; 422 on conflicts. */
export function allocateServiceAddresses(svc: KubeObject, store: Store, rng: Rng, old?: KubeObject): void {
  const spec = (svc.spec ?? (svc.spec = {})) as ServiceSpec;
  const oldSpec = (old?.spec ?? {}) as ServiceSpec;
  const used = usedAddresses(store, old?.metadata.uid);
  const errs: FieldError[] = [];
  if (spec.type !== 'ExternalName') {
    if (old && oldSpec.clusterIP && !spec.clusterIP) {
      spec.clusterIP = oldSpec.clusterIP;
      spec.clusterIPs = oldSpec.clusterIPs;
    } else if (!old || spec.clusterIP !== oldSpec.clusterIP) allocateIP(spec, used.ips, rng, errs);
    if (spec.clusterIP !== 'None') {
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    }
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') allocateNodePorts(spec, used.ports, rng, errs, oldSpec.ports);
  if (errs.length) throw invalid('Service', '', svc.metadata.name ?? '', errs);
}
