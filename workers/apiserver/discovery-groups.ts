/**
 * The served groups and versions in the order kube-apiserver lists them: groups by its priorities
 * (apiregistration, apps, events, authentication, ... discovery, flowcontrol), versions within a group
 * by Kubernetes version order (v2 before v1 before v1beta1), the first being the preferred one.
 */
import type { ResourceInfo } from '../api/registry';

/** kube-apiserver's group priorities (pkg/controlplane/apiserver aggregator), highest first. */
const groupPriority: Record<string, number> = {
  '': 18000,
  'apiregistration.k8s.io': 17800,
  apps: 17800,
  'events.k8s.io': 17750,
  'authentication.k8s.io': 17700,
  'authorization.k8s.io': 17600,
  autoscaling: 17500,
  batch: 17400,
  'certificates.k8s.io': 17300,
  'networking.k8s.io': 17200,
  policy: 17100,
  'rbac.authorization.k8s.io': 17000,
  'storage.k8s.io': 16800,
  'admissionregistration.k8s.io': 16700,
  'apiextensions.k8s.io': 16400,
  'scheduling.k8s.io': 16600,
  'coordination.k8s.io': 16500,
  'node.k8s.io': 16300,
  'discovery.k8s.io': 16200,
  'flowcontrol.apiserver.k8s.io': 16100,
  'internal.apiserver.k8s.io': 30,
  'resource.k8s.io': 40,
};

// apiextensions is served by a delegate server that upstream chains right after admissionregistration.
const listingRank: Record<string, number> = { 'apiextensions.k8s.io': 16650 };

function rankOf(group: string): number {
  return listingRank[group] ?? groupPriority[group] ?? 0;
}

/** Kubernetes version order: GA over beta over alpha, then higher numbers first. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0] as const;
    const level = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
    return [level, Number(m[1]), Number(m[3] ?? 0)] as const;
  };
  const [la, ma, na] = parse(a);
  const [lb, mb, nb] = parse(b);
  if (la !== lb) return lb - la;
  if (ma !== mb) return mb - ma;
  if (na !== nb) return nb - na;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One served group: its name and versions, preferred first, each with its resources. */
export interface ServedGroup {
  name: string;
  versions: { version: string; resources: ResourceInfo[] }[];
}

/** The groups of a resource list (core included, as ''), in listing order. */
export function servedGroups(list: readonly ResourceInfo[]): ServedGroup[] {
  const byGroup = new Map<string, Map<string, ResourceInfo[]>>();
  for (const r of list) {
    let versions = byGroup.get(r.group);
    if (!versions) byGroup.set(r.group, (versions = new Map()));
    const rs = versions.get(r.version);
    if (rs) rs.push(r);
    else versions.set(r.version, [r]);
  }
  const groups = [...byGroup.entries()].map(([name, versions]) => ({
    name,
    versions: [...versions.keys()].sort(compareKubeVersions).map((version) => ({
      version,
      resources: [...versions.get(version)!].sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0)),
    })),
  }));
  return groups.sort((a, b) => rankOf(b.name) - rankOf(a.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
