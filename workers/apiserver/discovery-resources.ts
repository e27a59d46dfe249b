/**
 * What discovery says about each served resource and subresource: legacy APIResource entries
 * (`pods`, `pods/status`, `deployments/scale`...) and aggregated (apidiscovery.k8s.io) resources,
 * with the response kinds and verbs upstream's handlers declare.
 */
import type { ResourceInfo } from '../api/registry';
import { storageVersionHash } from './discovery-hash';

/** metav1.APIResource as the legacy discovery documents carry it. */
export interface ApiResourceEntry {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

/** The group/version/kind a subresource answers with and the verbs it serves. */
interface SubresourceShape {
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
}

const statusVerbs = ['get', 'patch', 'update'];
const connectVerbs = ['create', 'get'];
const proxyVerbs = ['create', 'delete', 'get', 'patch', 'update'];

/** Upstream's subresource handlers: kinds and verbs (`status` and unknown ones echo the parent kind). */
function subresourceShape(parent: ResourceInfo, sub: string): SubresourceShape {
  switch (sub) {
    case 'scale':
      return { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: statusVerbs };
    case 'binding':
      return { kind: 'Binding', verbs: ['create'] };
    case 'eviction':
      return { group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
    case 'token':
      return { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] };
    case 'log':
      return { kind: parent.kind, verbs: ['get'] };
    case 'exec':
      return { kind: 'PodExecOptions', verbs: connectVerbs };
    case 'attach':
      return { kind: 'PodAttachOptions', verbs: connectVerbs };
    case 'portforward':
      return { kind: 'PodPortForwardOptions', verbs: connectVerbs };
    case 'proxy':
      return { kind: `${parent.kind}ProxyOptions`, verbs: proxyVerbs };
    case 'finalize':
      return { kind: parent.kind, verbs: ['update'] };
    default:
      return { kind: parent.kind, verbs: statusVerbs };
  }
}

/**
 * The version a kind is stored in, which the hash names: events.k8s.io Events share core Events'
 * storage, and a group's other versions are stored as its preferred one (autoscaling/v2).
 */
function storageGroupVersion(info: ResourceInfo, preferred: (group: string) => string): [string, string] {
  if (info.group === 'events.k8s.io' && info.kind === 'Event') return ['', 'v1'];
  return [info.group, preferred(info.group)];
}

/** One resource and its subresources as legacy APIResource entries, subresources sorted by name. */
export function legacyEntries(info: ResourceInfo, preferred: (group: string) => string): ApiResourceEntry[] {
  const [sg, sv] = storageGroupVersion(info, preferred);
  const main: ApiResourceEntry = { name: info.resource, singularName: info.singular, namespaced: info.namespaced, kind: info.kind, verbs: [...info.verbs] };
  if (info.shortNames.length) main.shortNames = [...info.shortNames];
  if (info.categories.length) main.categories = [...info.categories];
  // Kinds that are never stored (Binding) carry no hash.
  if (info.verbs.some((v) => v !== 'create')) main.storageVersionHash = storageVersionHash(sg, sv, info.kind);
  const subs = [...info.subresources].sort().map((sub): ApiResourceEntry => {
    const shape = subresourceShape(info, sub);
    const e: ApiResourceEntry = { name: `${info.resource}/${sub}`, singularName: '', namespaced: info.namespaced, kind: shape.kind, verbs: shape.verbs };
    if (shape.group !== undefined) {
      e.group = shape.group;
      e.version = shape.version;
    }
    return e;
  });
  return [main, ...subs];
}

/** apidiscovery GroupVersionKind: empty group and version mean "this group/version". */
interface ResponseKind {
  group: string;
  version: string;
  kind: string;
}

/** apidiscovery.k8s.io APISubresourceDiscovery. */
export interface AggregatedSubresource {
  subresource: string;
  responseKind: ResponseKind;
  verbs: string[];
}

/** apidiscovery.k8s.io APIResourceDiscovery. */
export interface AggregatedResource {
  resource: string;
  responseKind: ResponseKind;
  scope: 'Namespaced' | 'Cluster';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: AggregatedSubresource[];
}

/** One resource with its subresources, as aggregated discovery lists it. */
export function aggregatedResource(info: ResourceInfo): AggregatedResource {
  const out: AggregatedResource = {
    resource: info.resource,
    responseKind: { group: '', version: '', kind: info.kind },
    scope: info.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: info.singular,
    verbs: [...info.verbs],
  };
  if (info.shortNames.length) out.shortNames = [...info.shortNames];
  if (info.categories.length) out.categories = [...info.categories];
  if (info.subresources.length) {
    out.subresources = [...info.subresources].sort().map((sub) => {
      const shape = subresourceShape(info, sub);
      return { subresource: sub, responseKind: { group: shape.group ?? '', version: shape.version ?? '', kind: shape.kind }, verbs: shape.verbs };
    });
  }
  return out;
}
