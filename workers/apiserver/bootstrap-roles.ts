/**
 * The bootstrap RBAC policy kube-apiserver creates (plugin/pkg/auth/authorizer/rbac/bootstrappolicy),
 * limited to the resources kubesim serves, plus what kubeadm adds on top.
 */
import { CONTROLLER_NAMESPACE, CONTROLLER_ROLE_PREFIX, controllerRoles } from './controller-roles';
import type { PolicyRule } from './rbac-rules';

const read = ['get', 'list', 'watch'];
const write = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const readWrite = [...read, ...write];

function rule(verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule {
  const r: PolicyRule = { verbs, apiGroups, resources };
  if (resourceNames) r.resourceNames = resourceNames;
  return r;
}

function urls(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs, nonResourceURLs };
}

const eventsRules = [rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events'])];

/** A bootstrap ClusterRole: name, rules, extra labels, and an aggregation selector label if any. */
export interface BootstrapRole {
  name: string;
  rules: PolicyRule[];
  labels?: Record<string, string>;
  /** For aggregated roles: the label whose `true` value selects the roles aggregated into this one. */
  aggregateFrom?: string;
}

const aggregateToView: PolicyRule[] = [
  rule(read, [''], ['pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'configmaps']),
  rule(read, [''], ['limitranges', 'resourcequotas', 'bindings', 'events', 'pods/status', 'resourcequotas/status', 'namespaces/status', 'replicationcontrollers/status', 'pods/log']),
  rule(read, [''], ['namespaces']),
  rule(read, ['discovery.k8s.io'], ['endpointslices']),
  rule(read, ['apps'], ['controllerrevisions', 'statefulsets', 'statefulsets/status', 'statefulsets/scale', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/status', 'deployments/scale', 'replicasets', 'replicasets/status', 'replicasets/scale']),
  rule(read, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(read, ['batch'], ['jobs', 'cronjobs', 'cronjobs/status', 'jobs/status']),
  rule(read, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(read, ['networking.k8s.io'], ['networkpolicies', 'ingresses', 'ingresses/status']),
];

const aggregateToEdit: PolicyRule[] = [
  rule(read, [''], ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy']),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(write, [''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
  rule(['create'], [''], ['pods/eviction']),
  rule(write, [''], ['replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/proxy', 'persistentvolumeclaims', 'configmaps', 'secrets', 'events']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(write, ['apps'], ['statefulsets', 'statefulsets/scale', 'daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback', 'replicasets', 'replicasets/scale']),
  rule(write, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(write, ['batch'], ['jobs', 'cronjobs']),
  rule(write, ['policy'], ['poddisruptionbudgets']),
  rule(write, ['networking.k8s.io'], ['networkpolicies', 'ingresses']),
  rule(readWrite, ['coordination.k8s.io'], ['leases']),
];

const aggregateToAdmin: PolicyRule[] = [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule(readWrite, ['rbac.authorization.k8s.io'], ['roles', 'rolebindings']),
];

const kubeScheduler: PolicyRule[] = [
  ...eventsRules,
  rule(['create'], ['coordination.k8s.io'], ['leases']),
  rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-scheduler']),
  rule(read, [''], ['nodes']),
  rule(['get', 'list', 'watch', 'delete'], [''], ['pods']),
  rule(['create'], [''], ['pods/binding', 'bindings']),
  rule(['patch', 'update'], [''], ['pods/status']),
  rule(read, [''], ['services', 'replicationcontrollers']),
  rule(read, ['apps'], ['replicasets']),
  rule(read, ['apps'], ['statefulsets']),
  rule(read, ['policy'], ['poddisruptionbudgets']),
  rule(read, [''], ['persistentvolumeclaims', 'persistentvolumes']),
  rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
  rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
  rule(read, ['storage.k8s.io'], ['csinodes']),
  rule(read, [''], ['namespaces']),
  rule(read, ['storage.k8s.io'], ['csidrivers']),
  rule(read, ['storage.k8s.io'], ['csistoragecapacities']),
];

const kubeControllerManager: PolicyRule[] = [
  ...eventsRules,
  rule(['create'], ['coordination.k8s.io'], ['leases']),
  rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-controller-manager']),
  rule(['create'], [''], ['secrets', 'serviceaccounts']),
  rule(['delete'], [''], ['secrets']),
  rule(['get'], [''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts']),
  rule(['update'], [''], ['secrets', 'serviceaccounts']),
  rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
  rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
  rule(['list', 'watch'], ['*'], ['*']),
  rule(['create'], [''], ['serviceaccounts/token']),
];

const node: PolicyRule[] = [
  rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
  rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews', 'localsubjectaccessreviews']),
  rule(read, [''], ['services']),
  rule(['create', 'get', 'list', 'watch'], [''], ['nodes']),
  rule(['update', 'patch'], [''], ['nodes/status']),
  rule(['update', 'patch'], [''], ['nodes']),
  rule(['create', 'update', 'patch'], [''], ['events']),
  rule(read, [''], ['pods']),
  rule(['create', 'delete'], [''], ['pods']),
  rule(['update', 'patch'], [''], ['pods/status']),
  rule(['create'], [''], ['pods/eviction']),
  rule(read, [''], ['secrets', 'configmaps']),
  rule(['get'], [''], ['persistentvolumeclaims', 'persistentvolumes']),
  rule(['get'], [''], ['endpoints']),
  rule(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests']),
  rule(['get', 'create', 'update', 'patch', 'delete'], ['coordination.k8s.io'], ['leases']),
  rule(['get'], ['storage.k8s.io'], ['volumeattachments']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(read, ['node.k8s.io'], ['runtimeclasses']),
  rule(read, ['storage.k8s.io'], ['csidrivers']),
  rule(['get', 'create', 'update', 'patch', 'delete'], ['storage.k8s.io'], ['csinodes']),
];

const discoveryURLs = ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'];
const publicInfoURLs = ['/healthz', '/livez', '/readyz', '/version', '/version/'];

/** Leaf bootstrap roles (aggregated roles are computed from these by `aggregateRoles`). */
export const bootstrapRoles: BootstrapRole[] = [
  { name: 'cluster-admin', rules: [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])] },
  { name: 'admin', rules: [], aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-admin' },
  { name: 'edit', rules: [], aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-edit', labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
  { name: 'view', rules: [], aggregateFrom: 'rbac.authorization.k8s.io/aggregate-to-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
  { name: 'system:aggregate-to-admin', rules: aggregateToAdmin, labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
  { name: 'system:aggregate-to-edit', rules: aggregateToEdit, labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } },
  { name: 'system:aggregate-to-view', rules: aggregateToView, labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
  { name: 'system:basic-user', rules: [rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']), rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews'])] },
  { name: 'system:discovery', rules: [urls(['get'], discoveryURLs)] },
  { name: 'system:public-info-viewer', rules: [urls(['get'], publicInfoURLs)] },
  { name: 'system:kube-scheduler', rules: kubeScheduler },
  { name: 'system:kube-controller-manager', rules: kubeControllerManager },
  { name: 'system:node', rules: node },
  { name: 'system:node-proxier', rules: [rule(read, [''], ['endpoints', 'services']), rule(['get'], [''], ['nodes']), ...eventsRules, rule(read, ['discovery.k8s.io'], ['endpointslices'])] },
  { name: 'system:coredns', rules: [rule(['list', 'watch'], [''], ['endpoints', 'services', 'pods', 'namespaces']), rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices'])] },
  ...controllerRoles.map((c) => ({ name: CONTROLLER_ROLE_PREFIX + c.serviceAccount, rules: c.rules })),
];

/** A bootstrap ClusterRoleBinding: name, role, subjects. */
export interface BootstrapBinding {
  name: string;
  role: string;
  subjects: { kind: string; name: string; namespace?: string }[];
  /** kubeadm's own bindings do not carry the rbac-defaults labels. */
  kubeadm?: boolean;
}

const group = (name: string) => ({ kind: 'Group', name });
const user = (name: string) => ({ kind: 'User', name });

/** Bootstrap and kubeadm ClusterRoleBindings. */
export const bootstrapBindings: BootstrapBinding[] = [
  { name: 'cluster-admin', role: 'cluster-admin', subjects: [group('system:masters')] },
  { name: 'system:basic-user', role: 'system:basic-user', subjects: [group('system:authenticated')] },
  { name: 'system:discovery', role: 'system:discovery', subjects: [group('system:authenticated')] },
  { name: 'system:public-info-viewer', role: 'system:public-info-viewer', subjects: [group('system:authenticated'), group('system:unauthenticated')] },
  { name: 'system:kube-scheduler', role: 'system:kube-scheduler', subjects: [user('system:kube-scheduler')] },
  { name: 'system:kube-controller-manager', role: 'system:kube-controller-manager', subjects: [user('system:kube-controller-manager')] },
  { name: 'system:node', role: 'system:node', subjects: [] },
  { name: 'system:node-proxier', role: 'system:node-proxier', subjects: [user('system:kube-proxy')] },
  { name: 'kubeadm:cluster-admins', role: 'cluster-admin', subjects: [group('kubeadm:cluster-admins')], kubeadm: true },
  { name: 'kubeadm:node-proxier', role: 'system:node-proxier', subjects: [{ kind: 'ServiceAccount', name: 'kube-proxy', namespace: 'kube-system' }], kubeadm: true },
  { name: 'system:coredns', role: 'system:coredns', subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }], kubeadm: true },
  ...controllerRoles.map((c) => ({
    name: CONTROLLER_ROLE_PREFIX + c.serviceAccount,
    role: CONTROLLER_ROLE_PREFIX + c.serviceAccount,
    subjects: [{ kind: 'ServiceAccount', name: c.serviceAccount, namespace: CONTROLLER_NAMESPACE }],
  })),
];

function ruleKey(r: PolicyRule): string {
  return JSON.stringify([r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);
}

/**
 * Fills aggregated roles as the clusterrole aggregation controller does: the union of the rules of
 * every role labelled `<aggregateFrom>: "true"` (itself possibly aggregated), in name order, deduplicated.
 */
export function aggregateRoles(roles: BootstrapRole[]): Map<string, PolicyRule[]> {
  const out = new Map<string, PolicyRule[]>();
  const resolve = (role: BootstrapRole, depth: number): PolicyRule[] => {
    if (!role.aggregateFrom || depth > 8) return role.rules;
    const cached = out.get(role.name);
    if (cached) return cached;
    const seen = new Set<string>();
    const rules: PolicyRule[] = [];
    const sources = roles.filter((r) => r.labels?.[role.aggregateFrom!] === 'true').sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const src of sources) {
      for (const r of resolve(src, depth + 1)) {
        const k = ruleKey(r);
        if (!seen.has(k)) {
          seen.add(k);
          rules.push(r);
        }
      }
    }
    out.set(role.name, rules);
    return rules;
  };
  for (const r of roles) out.set(r.name, resolve(r, 0));
  return out;
}
