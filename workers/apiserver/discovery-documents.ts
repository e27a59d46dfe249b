/**
 * The discovery documents themselves: APIVersions (/api), APIGroupList (/apis), APIGroup
 * (/apis/<group>), APIResourceList (/api/v1, /apis/<group>/<version>) and the aggregated
 * APIGroupDiscoveryList (apidiscovery.k8s.io v2 and v2beta1) for /api and /apis.
 */
import type { ResourceInfo } from '../api/registry';
import { aggregatedResource, legacyEntries, type ApiResourceEntry } from './discovery-resources';
import { servedGroups, type ServedGroup } from './discovery-groups';

interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

const gv = (group: string, version: string): GroupVersionForDiscovery => ({ groupVersion: group ? `${group}/${version}` : version, version });

function preferredOf(groups: ServedGroup[]): (group: string) => string {
  return (group) => groups.find((g) => g.name === group)?.versions[0]?.version ?? 'v1';
}

/** GET /api: the core group's versions (APIVersions carries no apiVersion, as upstream). */
export function apiVersions(list: readonly ResourceInfo[], serverAddress: string): object {
  const core = servedGroups(list).find((g) => g.name === '');
  return {
    kind: 'APIVersions',
    versions: (core?.versions ?? []).map((v) => v.version),
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(g: ServedGroup): object {
  const versions = g.versions.map((v) => gv(g.name, v.version));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

/** GET /apis: every named group with its versions and preferred version. */
export function apiGroupList(list: readonly ResourceInfo[]): object {
  const groups = servedGroups(list).filter((g) => g.name !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup) };
}

/** GET /apis/<group>, or undefined if the group is not served. */
export function apiGroupDocument(list: readonly ResourceInfo[], group: string): object | undefined {
  const g = servedGroups(list).find((x) => x.name === group && x.name !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
}

/** GET /api/<version> or /apis/<group>/<version>: every resource and subresource, sorted by name. */
export function apiResourceList(list: readonly ResourceInfo[], group: string, version: string): object | undefined {
  const groups = servedGroups(list);
  const rs = groups.find((g) => g.name === group)?.versions.find((v) => v.version === version)?.resources;
  if (!rs) return undefined;
  const entries: ApiResourceEntry[] = rs.flatMap((r) => legacyEntries(r, preferredOf(groups)));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const groupVersion = gv(group, version).groupVersion;
  // The core group's list has no apiVersion field; the named groups' lists do.
  return group === '' ? { kind: 'APIResourceList', groupVersion, resources: entries } : { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: entries };
}

/** The aggregated discovery versions upstream serves. */
export type AggregatedVersion = 'v2' | 'v2beta1';

function discoveryGroup(g: ServedGroup): object {
  const metadata = g.name ? { name: g.name, creationTimestamp: null } : { creationTimestamp: null };
  return {
    metadata,
    versions: g.versions.map((v) => ({ version: v.version, resources: v.resources.map(aggregatedResource), freshness: 'Current' })),
  };
}

/** The aggregated APIGroupDiscoveryList for /api (`legacy`) or /apis. */
export function aggregatedDiscovery(list: readonly ResourceInfo[], legacy: boolean, version: AggregatedVersion): object {
  const groups = servedGroups(list).filter((g) => (g.name === '') === legacy);
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items: groups.map(discoveryGroup) };
}
