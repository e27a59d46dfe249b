/**
 * What a fresh kubeadm cluster has at the API level before any controller runs: the four system
 * namespaces, the bootstrap RBAC policy (aggregated roles filled in), the system PriorityClasses and
 * the `kubernetes` Service in `default`.
 */
import type { KubeObject } from '../api/types';
import type { Store } from '../store/store';
import type { Clock, Rng } from '../sim/types';
import { SYSTEM_PRIORITY_CLASSES } from './admission/priority';
import { aggregateRoles, bootstrapBindings, bootstrapRoles } from './bootstrap-roles';
import { coreKeys } from './keys';
import { rfc3339, uuidV4 } from './names';

/** The namespaces `kubeadm init` leaves. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The cluster IP of the `kubernetes` Service: the first address of kubeadm's 10.96.0.0/12. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

const rbacLabels = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const rbacAnnotations = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

function namespace(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function clusterRoles(): KubeObject[] {
  const rules = aggregateRoles(bootstrapRoles);
  return bootstrapRoles.map((r) => {
    const obj: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: r.name, labels: { ...rbacLabels, ...r.labels }, annotations: { ...rbacAnnotations } },
      rules: rules.get(r.name) ?? r.rules,
    };
    if (r.aggregateFrom) obj.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [r.aggregateFrom]: 'true' } }] };
    return obj;
  });
}

function clusterRoleBindings(): KubeObject[] {
  return bootstrapBindings.map((b) => {
    const obj: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: b.kubeadm ? { name: b.name } : { name: b.name, labels: { ...rbacLabels }, annotations: { ...rbacAnnotations } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: b.role },
    };
    if (b.subjects.length) {
      obj.subjects = b.subjects.map((s) => (s.kind === 'ServiceAccount' ? { ...s } : { apiGroup: 'rbac.authorization.k8s.io', ...s }));
    }
    return obj;
  });
}

function priorityClasses(): KubeObject[] {
  return SYSTEM_PRIORITY_CLASSES.map((pc) => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: pc.name },
    value: pc.value,
    description: pc.description,
    preemptionPolicy: 'PreemptLowerPriority',
  }));
}

function kubernetesService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: KUBERNETES_SERVICE_IP,
      clusterIPs: [KUBERNETES_SERVICE_IP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  };
}

/**
 * The `kubernetes` Endpoints and EndpointSlice the apiserver's endpoint reconciler keeps, pointing at
 * the control-plane address on the secure port (6443, as kubeadm).
 */
function apiserverEndpoints(address: string): [string, KubeObject][] {
  const port = { name: 'https', port: 6443, protocol: 'TCP' };
  const endpoints: KubeObject = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: address }], ports: [port] }],
  };
  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' }, generation: 1 },
    addressType: 'IPv4',
    endpoints: [{ addresses: [address], conditions: { ready: true } }],
    ports: [port],
  };
  return [
    ['/registry/endpoints/default/kubernetes', endpoints],
    ['/registry/endpointslices/default/kubernetes', slice],
  ];
}

/** The objects bootstrap writes, keyed by their storage key; endpoints only when the address is known. */
export function bootstrapObjects(advertiseAddress?: string): [string, KubeObject][] {
  const out: [string, KubeObject][] = [];
  for (const ns of SYSTEM_NAMESPACES) out.push([coreKeys.namespace(ns), namespace(ns)]);
  for (const r of clusterRoles()) out.push([coreKeys.clusterRole(r.metadata.name!), r]);
  for (const b of clusterRoleBindings()) out.push([`${coreKeys.clusterRoleBindings}${b.metadata.name}`, b]);
  for (const pc of priorityClasses()) out.push([coreKeys.priorityClass(pc.metadata.name!), pc]);
  out.push(['/registry/services/default/kubernetes', kubernetesService()]);
  if (advertiseAddress) out.push(...apiserverEndpoints(advertiseAddress));
  return out;
}

/** Writes every bootstrap object that is missing (idempotent, as the apiserver's post-start hooks). */
export function bootstrapCluster(store: Store, clock: Clock, rng: Rng, advertiseAddress?: string): number {
  let created = 0;
  for (const [key, obj] of bootstrapObjects(advertiseAddress)) {
    if (store.get(key)) continue;
    obj.metadata.uid = uuidV4(rng);
    obj.metadata.creationTimestamp = rfc3339(clock.now());
    store.create(key, obj);
    created++;
  }
  return created;
}
