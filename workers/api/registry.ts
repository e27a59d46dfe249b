/**
 * The kinds the cluster serves: group, version, kind, plural resource, scope, short names, verbs and
 * subresources, as upstream's discovery reports them. Everything that routes by resource or by kind
 * looks it up here.
 */

/** One served resource (a row of `kubectl api-resources`). */
export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Plural lower-case resource name as in the URL path: `deployments`. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresources served under this resource: `status`, `scale`, `binding`, `eviction`, `log`... */
  subresources: string[];
}

/** `apps/v1` or `v1` for the core group. */
export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** Splits an apiVersion into group and version (`v1` -> ['', 'v1']). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Every verb a plain read-write resource serves. */
const crud = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
/** Namespaces serve no deletecollection (deleting every namespace at once is refused by design). */
const crudNoCollection = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

interface Row {
  g: string;
  v: string;
  kind: string;
  res: string;
  ns: boolean;
  short?: string[];
  cat?: string[];
  verbs?: string[];
  sub?: string[];
}

/** Rows as `kubectl api-resources -o wide` of a v1.32 cluster lists them (verbs default to crud). */
const rows: Row[] = [
  { g: '', v: 'v1', kind: 'Binding', res: 'bindings', ns: true, verbs: ['create'] },
  { g: '', v: 'v1', kind: 'ConfigMap', res: 'configmaps', ns: true, short: ['cm'] },
  { g: '', v: 'v1', kind: 'Endpoints', res: 'endpoints', ns: true, short: ['ep'] },
  { g: '', v: 'v1', kind: 'Event', res: 'events', ns: true, short: ['ev'] },
  { g: '', v: 'v1', kind: 'LimitRange', res: 'limitranges', ns: true, short: ['limits'] },
  { g: '', v: 'v1', kind: 'Namespace', res: 'namespaces', ns: false, short: ['ns'], verbs: crudNoCollection, sub: ['finalize', 'status'] },
  { g: '', v: 'v1', kind: 'Node', res: 'nodes', ns: false, short: ['no'], sub: ['proxy', 'status'] },
  { g: '', v: 'v1', kind: 'PersistentVolumeClaim', res: 'persistentvolumeclaims', ns: true, short: ['pvc'], sub: ['status'] },
  { g: '', v: 'v1', kind: 'PersistentVolume', res: 'persistentvolumes', ns: false, short: ['pv'], sub: ['status'] },
  {
    g: '', v: 'v1', kind: 'Pod', res: 'pods', ns: true, short: ['po'], cat: ['all'],
    sub: ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'status'],
  },
  { g: '', v: 'v1', kind: 'PodTemplate', res: 'podtemplates', ns: true },
  { g: '', v: 'v1', kind: 'ReplicationController', res: 'replicationcontrollers', ns: true, short: ['rc'], cat: ['all'], sub: ['scale', 'status'] },
  { g: '', v: 'v1', kind: 'ResourceQuota', res: 'resourcequotas', ns: true, short: ['quota'], sub: ['status'] },
  { g: '', v: 'v1', kind: 'Secret', res: 'secrets', ns: true },
  { g: '', v: 'v1', kind: 'ServiceAccount', res: 'serviceaccounts', ns: true, short: ['sa'], sub: ['token'] },
  { g: '', v: 'v1', kind: 'Service', res: 'services', ns: true, short: ['svc'], cat: ['all'], sub: ['proxy', 'status'] },
  { g: 'apps', v: 'v1', kind: 'ControllerRevision', res: 'controllerrevisions', ns: true },
  { g: 'apps', v: 'v1', kind: 'DaemonSet', res: 'daemonsets', ns: true, short: ['ds'], cat: ['all'], sub: ['status'] },
  { g: 'apps', v: 'v1', kind: 'Deployment', res: 'deployments', ns: true, short: ['deploy'], cat: ['all'], sub: ['scale', 'status'] },
  { g: 'apps', v: 'v1', kind: 'ReplicaSet', res: 'replicasets', ns: true, short: ['rs'], cat: ['all'], sub: ['scale', 'status'] },
  { g: 'apps', v: 'v1', kind: 'StatefulSet', res: 'statefulsets', ns: true, short: ['sts'], cat: ['all'], sub: ['scale', 'status'] },
  { g: 'autoscaling', v: 'v2', kind: 'HorizontalPodAutoscaler', res: 'horizontalpodautoscalers', ns: true, short: ['hpa'], cat: ['all'], sub: ['status'] },
  { g: 'autoscaling', v: 'v1', kind: 'HorizontalPodAutoscaler', res: 'horizontalpodautoscalers', ns: true, short: ['hpa'], cat: ['all'], sub: ['status'] },
  { g: 'batch', v: 'v1', kind: 'CronJob', res: 'cronjobs', ns: true, short: ['cj'], cat: ['all'], sub: ['status'] },
  { g: 'batch', v: 'v1', kind: 'Job', res: 'jobs', ns: true, cat: ['all'], sub: ['status'] },
  { g: 'coordination.k8s.io', v: 'v1', kind: 'Lease', res: 'leases', ns: true },
  { g: 'discovery.k8s.io', v: 'v1', kind: 'EndpointSlice', res: 'endpointslices', ns: true },
  { g: 'events.k8s.io', v: 'v1', kind: 'Event', res: 'events', ns: true, short: ['ev'] },
  { g: 'networking.k8s.io', v: 'v1', kind: 'IngressClass', res: 'ingressclasses', ns: false },
  { g: 'networking.k8s.io', v: 'v1', kind: 'Ingress', res: 'ingresses', ns: true, short: ['ing'], sub: ['status'] },
  { g: 'networking.k8s.io', v: 'v1', kind: 'NetworkPolicy', res: 'networkpolicies', ns: true, short: ['netpol'] },
  { g: 'policy', v: 'v1', kind: 'PodDisruptionBudget', res: 'poddisruptionbudgets', ns: true, short: ['pdb'], sub: ['status'] },
  { g: 'rbac.authorization.k8s.io', v: 'v1', kind: 'ClusterRoleBinding', res: 'clusterrolebindings', ns: false },
  { g: 'rbac.authorization.k8s.io', v: 'v1', kind: 'ClusterRole', res: 'clusterroles', ns: false },
  { g: 'rbac.authorization.k8s.io', v: 'v1', kind: 'RoleBinding', res: 'rolebindings', ns: true },
  { g: 'rbac.authorization.k8s.io', v: 'v1', kind: 'Role', res: 'roles', ns: true },
  { g: 'scheduling.k8s.io', v: 'v1', kind: 'PriorityClass', res: 'priorityclasses', ns: false, short: ['pc'] },
  { g: 'storage.k8s.io', v: 'v1', kind: 'StorageClass', res: 'storageclasses', ns: false, short: ['sc'] },
];

function toInfo(r: Row): ResourceInfo {
  return Object.freeze({
    group: r.g,
    version: r.v,
    kind: r.kind,
    listKind: `${r.kind}List`,
    resource: r.res,
    singular: r.kind.toLowerCase(),
    namespaced: r.ns,
    shortNames: Object.freeze([...(r.short ?? [])]) as string[],
    categories: Object.freeze([...(r.cat ?? [])]) as string[],
    verbs: Object.freeze([...(r.verbs ?? crud)]) as string[],
    subresources: Object.freeze([...(r.sub ?? [])]) as string[],
  });
}

/** Every served resource; within a group the preferred version comes first (autoscaling/v2 before v1). */
export const resources: readonly ResourceInfo[] = Object.freeze(rows.map(toInfo));

/** The resource served at /apis/<group>/<version>/<resource>, if any. */
export function resourceFor(group: string, version: string, resource: string): ResourceInfo | undefined {
  return resources.find((r) => r.group === group && r.version === version && r.resource === resource);
}

/** The resource for an object's apiVersion and kind, if served. */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  return resources.find((r) => r.group === group && r.version === version && r.kind === kind);
}

/**
 * The order kube-apiserver lists our groups under /apis (its group priorities), core first. Discovery
 * and `kubectl api-versions` readers rely on a stable order, so it is fixed here.
 */
export const groupOrder: readonly string[] = Object.freeze([
  '',
  'apps',
  'events.k8s.io',
  'autoscaling',
  'batch',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
]);

/** Resources per apiVersion (`v1`, `apps/v1`...), groups in /apis order, preferred version first. */
export function resourcesByGroupVersion(): Map<string, ResourceInfo[]> {
  const out = new Map<string, ResourceInfo[]>();
  const rank = (g: string): number => {
    const i = groupOrder.indexOf(g);
    return i < 0 ? groupOrder.length : i;
  };
  const sorted = [...resources].sort((a, b) => rank(a.group) - rank(b.group));
  for (const r of sorted) {
    const gv = apiVersionOf(r);
    const list = out.get(gv);
    if (list) list.push(r);
    else out.set(gv, [r]);
  }
  return out;
}

/** The versions a group serves, preferred first. */
export function groupVersions(group: string): string[] {
  const seen: string[] = [];
  for (const r of resources) if (r.group === group && !seen.includes(r.version)) seen.push(r.version);
  return seen;
}

/** The version discovery reports as preferred for a group (`v2` for autoscaling); undefined if not served. */
export function preferredVersion(group: string): string | undefined {
  return groupVersions(group)[0];
}

/**
 * Resolves what a user types after `kubectl get`: plural (`deployments`), singular (`deployment`),
 * short name (`deploy`), kind (`Deployment`, any case), optionally qualified by group
 * (`deployments.apps`) or by version and group (`deployments.v1.apps`). Prefers the group's preferred
 * version and, on ambiguity (`events`), the core group as kubectl's RESTMapper does.
 */
export function findResource(nameOrShortName: string): ResourceInfo | undefined {
  const text = nameOrShortName.trim();
  const candidates = qualifiedCandidates(text);
  for (const { name, group, version } of candidates) {
    const lower = name.toLowerCase();
    const hit = resources.filter(
      (r) =>
        (group === undefined || r.group === group) &&
        (version === undefined || r.version === version) &&
        (r.resource === lower || r.singular === lower || r.shortNames.includes(lower) || r.kind.toLowerCase() === lower),
    );
    if (hit.length) return hit[0];
  }
  return undefined;
}

/** The readings of `a.b.c`: bare name, `resource.group`, `resource.version.group`. */
function qualifiedCandidates(text: string): { name: string; group?: string; version?: string }[] {
  const out: { name: string; group?: string; version?: string }[] = [];
  const dot = text.indexOf('.');
  if (dot < 0) return [{ name: text }];
  const name = text.slice(0, dot);
  const rest = text.slice(dot + 1);
  const second = rest.indexOf('.');
  if (second > 0 && /^v\d+((alpha|beta)\d+)?$/.test(rest.slice(0, second))) {
    out.push({ name, version: rest.slice(0, second), group: rest.slice(second + 1) });
  }
  out.push({ name, group: rest });
  // `pods.v1` style: version of the core group.
  if (/^v\d+((alpha|beta)\d+)?$/.test(rest)) out.push({ name, group: '', version: rest });
  return out;
}

interface Removal {
  versions: string[];
  kinds: string[];
  release: string;
  /** The apiVersion to use instead; empty when the kind has no successor (PodSecurityPolicy). */
  use: string;
  instead?: string;
}

/** Removed versions, from upstream's deprecated API migration guide. */
const removals: Removal[] = [
  { versions: ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'], kinds: ['Deployment', 'ReplicaSet'], release: 'v1.16', use: 'apps/v1' },
  { versions: ['extensions/v1beta1', 'apps/v1beta2'], kinds: ['DaemonSet'], release: 'v1.16', use: 'apps/v1' },
  { versions: ['apps/v1beta1', 'apps/v1beta2'], kinds: ['StatefulSet', 'ControllerRevision'], release: 'v1.16', use: 'apps/v1' },
  { versions: ['extensions/v1beta1'], kinds: ['NetworkPolicy'], release: 'v1.16', use: 'networking.k8s.io/v1' },
  { versions: ['extensions/v1beta1'], kinds: ['PodSecurityPolicy'], release: 'v1.16', use: 'policy/v1beta1' },
  { versions: ['extensions/v1beta1', 'networking.k8s.io/v1beta1'], kinds: ['Ingress'], release: 'v1.22', use: 'networking.k8s.io/v1' },
  { versions: ['networking.k8s.io/v1beta1'], kinds: ['IngressClass'], release: 'v1.22', use: 'networking.k8s.io/v1' },
  {
    versions: ['rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1'],
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    release: 'v1.22',
    use: 'rbac.authorization.k8s.io/v1',
  },
  { versions: ['scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1alpha1'], kinds: ['PriorityClass'], release: 'v1.22', use: 'scheduling.k8s.io/v1' },
  {
    versions: ['storage.k8s.io/v1beta1'],
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    release: 'v1.22',
    use: 'storage.k8s.io/v1',
  },
  { versions: ['coordination.k8s.io/v1beta1'], kinds: ['Lease'], release: 'v1.22', use: 'coordination.k8s.io/v1' },
  {
    versions: ['admissionregistration.k8s.io/v1beta1'],
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    release: 'v1.22',
    use: 'admissionregistration.k8s.io/v1',
  },
  { versions: ['apiextensions.k8s.io/v1beta1'], kinds: ['CustomResourceDefinition'], release: 'v1.22', use: 'apiextensions.k8s.io/v1' },
  { versions: ['certificates.k8s.io/v1beta1'], kinds: ['CertificateSigningRequest'], release: 'v1.22', use: 'certificates.k8s.io/v1' },
  { versions: ['batch/v1beta1'], kinds: ['CronJob'], release: 'v1.25', use: 'batch/v1' },
  { versions: ['discovery.k8s.io/v1beta1'], kinds: ['EndpointSlice'], release: 'v1.25', use: 'discovery.k8s.io/v1' },
  { versions: ['events.k8s.io/v1beta1'], kinds: ['Event'], release: 'v1.25', use: 'events.k8s.io/v1' },
  { versions: ['autoscaling/v2beta1'], kinds: ['HorizontalPodAutoscaler'], release: 'v1.25', use: 'autoscaling/v2' },
  { versions: ['policy/v1beta1'], kinds: ['PodDisruptionBudget'], release: 'v1.25', use: 'policy/v1' },
  {
    versions: ['policy/v1beta1'],
    kinds: ['PodSecurityPolicy'],
    release: 'v1.25',
    use: '',
    instead: 'use Pod Security Admission (pod-security.kubernetes.io labels on the namespace) instead',
  },
  { versions: ['node.k8s.io/v1beta1'], kinds: ['RuntimeClass'], release: 'v1.25', use: 'node.k8s.io/v1' },
  { versions: ['autoscaling/v2beta2'], kinds: ['HorizontalPodAutoscaler'], release: 'v1.26', use: 'autoscaling/v2' },
  {
    versions: ['flowcontrol.apiserver.k8s.io/v1beta1'],
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    release: 'v1.26',
    use: 'flowcontrol.apiserver.k8s.io/v1',
  },
  { versions: ['storage.k8s.io/v1beta1'], kinds: ['CSIStorageCapacity'], release: 'v1.27', use: 'storage.k8s.io/v1' },
  {
    versions: ['flowcontrol.apiserver.k8s.io/v1beta2'],
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    release: 'v1.29',
    use: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    versions: ['flowcontrol.apiserver.k8s.io/v1beta3'],
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    release: 'v1.32',
    use: 'flowcontrol.apiserver.k8s.io/v1',
  },
];

/**
 * For a kind/version upstream no longer serves (batch/v1beta1 CronJob, extensions/v1beta1 Deployment...),
 * the message a real cluster's client gets, followed by a line saying when it was removed and what to
 * use instead; undefined when the pair was never a removed Kubernetes kind.
 */
export function removedKindMessage(apiVersion: string, kind: string): string | undefined {
  const hit = removals.find((r) => r.versions.includes(apiVersion) && r.kinds.includes(kind));
  if (!hit) return undefined;
  const head = `no matches for kind "${kind}" in version "${apiVersion}"`;
  const instead = hit.use ? `use apiVersion ${hit.use} instead` : hit.instead;
  return `${head}\n${kind} ${apiVersion} was removed in Kubernetes ${hit.release}; ${instead}.`;
}
