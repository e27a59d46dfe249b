/**
 * Cluster DNS as CoreDNS's kubernetes plugin answers it (cluster domain cluster.local), with the
 * search path and ndots:5 a pod's resolv.conf gets from the kubelet (ClusterFirst policy).
 */
import type { Service } from 'kubernetes-types/core/v1';
import { isIPv4 } from './ip';

/** The cluster domain kubeadm configures. */
export const CLUSTER_DOMAIN = 'cluster.local';

/** The resolver's ndots option in pod resolv.conf. */
export const NDOTS = 5;

/** What the resolver can look up. */
export interface DnsSource {
  service(namespace: string, name: string): Service | undefined;
  /** Addresses of a headless service's ready endpoints. */
  endpointAddresses(namespace: string, name: string): string[];
  /** Addresses of the headless service's endpoint named `host` (its hostname, or dashed address). */
  hostAddresses?(namespace: string, name: string, host: string): string[];
}

/** A lookup's outcome: the addresses, the name that answered and every name tried on the way. */
export type Resolution = { ok: true; addresses: string[]; fqdn: string; tried: string[] } | { ok: false; tried: string[]; message: string };

/** The `search` line of a pod's resolv.conf in namespace `ns`. */
export function searchPath(namespace: string): string[] {
  return [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
}

/** The names the stub resolver asks for, in order (glibc: absolute first only with >= ndots dots). */
export function candidateNames(name: string, namespace: string): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const expanded = searchPath(namespace).map((s) => `${name}.${s}`);
  const dots = name.split('.').length - 1;
  return dots >= NDOTS ? [name, ...expanded] : [...expanded, name];
}

/** Answers one fully qualified name from the cluster zone, or undefined for NXDOMAIN. */
export function lookupFQDN(fqdn: string, src: DnsSource): string[] | undefined {
  const suffix = `.${CLUSTER_DOMAIN}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const labels = fqdn.slice(0, -suffix.length).split('.');
  if (labels.length === 3 && labels[2] === 'svc') {
    const svc = src.service(labels[1], labels[0]);
    if (!svc) return undefined;
    if (svc.spec?.type === 'ExternalName') return undefined; // a CNAME out of the cluster: no simulated answer
    const ip = svc.spec?.clusterIP;
    if (ip === 'None') {
      const addrs = src.endpointAddresses(labels[1], labels[0]);
      return addrs.length ? addrs : undefined;
    }
    return ip ? [ip] : undefined;
  }
  if (labels.length === 4 && labels[3] === 'svc') {
    const svc = src.service(labels[2], labels[1]);
    if (svc?.spec?.clusterIP !== 'None') return undefined;
    const addrs = src.hostAddresses?.(labels[2], labels[1], labels[0]) ?? [];
    return addrs.length ? addrs : undefined;
  }
  // `1-2-3-4.ns.pod.cluster.local` (CoreDNS `pods insecure`, the kubeadm default): the dashed address.
  if (labels.length === 3 && labels[2] === 'pod') {
    const ip = labels[0].replace(/-/g, '.');
    return isIPv4(ip) ? [ip] : undefined;
  }
  return undefined;
}

/**
 * Resolves a host name as a client would: IPs as they are; from a pod, through the search path;
 * from a node's host network, cluster names do not resolve (its resolv.conf is the host's).
 */
export function resolveHost(name: string, from: { namespace: string } | 'host', src: DnsSource): Resolution {
  if (isIPv4(name)) return { ok: true, addresses: [name], fqdn: name, tried: [] };
  if (from === 'host') return { ok: false, tried: [name], message: `Could not resolve host: ${name}` };
  const tried: string[] = [];
  for (const fqdn of candidateNames(name.toLowerCase(), from.namespace)) {
    tried.push(fqdn);
    const addresses = lookupFQDN(fqdn, src);
    if (addresses) return { ok: true, addresses, fqdn, tried };
  }
  return { ok: false, tried, message: `Could not resolve host: ${name}` };
}
