/**
 * The `system:controller:*` ClusterRoles and ClusterRoleBindings of kube-apiserver's bootstrap policy
 * (bootstrappolicy/controller_policy.go, v1.32 with its patch-release fixes): one role per
 * kube-controller-manager service account, bound to ServiceAccount kube-system/<name>. Roles behind
 * feature gates that are off by default in 1.32 (DRA, MultiCIDRServiceAllocator, ClusterTrustBundle,
 * StorageVersionAPI, StorageVersionMigrator, VolumeAttributesClass) are left out, as a default
 * kubeadm cluster does not have them.
 */
import type { PolicyRule } from './rbac-rules';

/** Prefix of every controller role; the rest of the name is the service account's. */
export const CONTROLLER_ROLE_PREFIX = 'system:controller:';

/** The namespace the controller service accounts live in. */
export const CONTROLLER_NAMESPACE = 'kube-system';

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Upstream builds rules from string sets, so verbs, groups, resources and names come out sorted;
// `kubectl get clusterrole -o yaml` shows them that way.
function rule(verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule {
  const r: PolicyRule = { apiGroups: [...apiGroups].sort(byName), resources: [...resources].sort(byName), verbs: [...verbs].sort(byName) };
  if (resourceNames) r.resourceNames = [...resourceNames].sort(byName);
  return r;
}

const core = [''];
const apps = ['apps'];
const appsAndExtensions = ['apps', 'extensions'];
const batch = ['batch'];
const storage = ['storage.k8s.io'];
const read = ['get', 'list', 'watch'];
const events = rule(['create', 'update', 'patch'], ['', 'events.k8s.io'], ['events']);

/** One controller role: the service account name (without prefix) and its rules, in upstream's order. */
export interface ControllerRole {
  serviceAccount: string;
  rules: PolicyRule[];
}

/** The controller roles in upstream's registration order. */
export const controllerRoles: ControllerRole[] = [
  {
    serviceAccount: 'attachdetach-controller',
    rules: [
      rule(['list', 'watch'], core, ['persistentvolumes', 'persistentvolumeclaims']),
      rule(read, core, ['nodes']),
      rule(['patch', 'update'], core, ['nodes/status']),
      rule(['list', 'watch'], core, ['pods']),
      events,
      rule(['get', 'create', 'delete', 'list', 'watch'], storage, ['volumeattachments']),
      rule(read, storage, ['csidrivers']),
      rule(read, storage, ['csinodes']),
    ],
  },
  {
    serviceAccount: 'clusterrole-aggregation-controller',
    rules: [rule(['escalate', 'get', 'list', 'watch', 'update', 'patch'], ['rbac.authorization.k8s.io'], ['clusterroles'])],
  },
  {
    serviceAccount: 'cronjob-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update'], batch, ['cronjobs']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'], batch, ['jobs']),
      rule(['update'], batch, ['cronjobs/status']),
      rule(['update'], batch, ['cronjobs/finalizers']),
      rule(['list', 'watch', 'delete'], core, ['pods']),
      events,
    ],
  },
  {
    serviceAccount: 'daemon-set-controller',
    rules: [
      rule(read, appsAndExtensions, ['daemonsets']),
      rule(['update'], appsAndExtensions, ['daemonsets/status']),
      rule(['update'], appsAndExtensions, ['daemonsets/finalizers']),
      rule(['list', 'watch'], core, ['nodes']),
      rule(['list', 'watch', 'create', 'delete', 'patch'], core, ['pods']),
      rule(['create'], core, ['pods/binding']),
      rule(['get', 'list', 'watch', 'create', 'delete', 'update', 'patch'], apps, ['controllerrevisions']),
      events,
    ],
  },
  {
    serviceAccount: 'deployment-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update'], appsAndExtensions, ['deployments']),
      rule(['update'], appsAndExtensions, ['deployments/status']),
      rule(['update'], appsAndExtensions, ['deployments/finalizers']),
      rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], appsAndExtensions, ['replicasets']),
      // Upstream still grants pod updates for an old adoption path (kubernetes/kubernetes#36897).
      rule(['get', 'list', 'watch', 'update'], core, ['pods']),
      events,
    ],
  },
  {
    serviceAccount: 'disruption-controller',
    rules: [
      rule(read, appsAndExtensions, ['deployments']),
      rule(read, appsAndExtensions, ['replicasets']),
      rule(read, core, ['replicationcontrollers']),
      rule(read, ['policy'], ['poddisruptionbudgets']),
      rule(read, apps, ['statefulsets']),
      rule(['update'], ['policy'], ['poddisruptionbudgets/status']),
      rule(['patch', 'update'], core, ['pods/status']),
      rule(['get'], ['*'], ['*/scale']),
      events,
    ],
  },
  {
    serviceAccount: 'endpoint-controller',
    rules: [
      rule(read, core, ['services', 'pods']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete'], core, ['endpoints']),
      rule(['create'], core, ['endpoints/restricted']),
      events,
    ],
  },
  {
    serviceAccount: 'endpointslice-controller',
    rules: [
      rule(read, core, ['services', 'pods', 'nodes']),
      // Slices owned by a Service with blockOwnerDeletion need update on services/finalizers.
      rule(['update'], core, ['services/finalizers']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
      events,
    ],
  },
  {
    serviceAccount: 'endpointslicemirroring-controller',
    rules: [
      rule(read, core, ['services', 'endpoints']),
      rule(['update'], core, ['services/finalizers']),
      rule(['update'], core, ['endpoints/finalizers']),
      rule(['get', 'list', 'watch', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
      events,
    ],
  },
  {
    serviceAccount: 'expand-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update', 'patch'], core, ['persistentvolumes']),
      rule(['update', 'patch'], core, ['persistentvolumeclaims/status']),
      rule(read, core, ['persistentvolumeclaims']),
      events,
      rule(['get'], core, ['services']),
    ],
  },
  {
    serviceAccount: 'ephemeral-volume-controller',
    rules: [
      rule(read, core, ['pods']),
      rule(['update'], core, ['pods/finalizers']),
      rule(['get', 'list', 'watch', 'create'], core, ['persistentvolumeclaims']),
      events,
    ],
  },
  {
    serviceAccount: 'generic-garbage-collector',
    rules: [rule(['get', 'list', 'watch', 'patch', 'update', 'delete'], ['*'], ['*']), events],
  },
  {
    serviceAccount: 'horizontal-pod-autoscaler',
    rules: [
      rule(read, ['autoscaling'], ['horizontalpodautoscalers']),
      rule(['update'], ['autoscaling'], ['horizontalpodautoscalers/status']),
      rule(['get', 'update'], ['*'], ['*/scale']),
      rule(['list', 'watch'], core, ['pods']),
      rule(['list', 'watch'], ['metrics.k8s.io'], ['pods']),
      rule(read, ['custom.metrics.k8s.io'], ['*']),
      rule(read, ['external.metrics.k8s.io'], ['*']),
      events,
    ],
  },
  {
    serviceAccount: 'job-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update', 'patch'], batch, ['jobs']),
      rule(['update'], batch, ['jobs/status']),
      rule(['update'], batch, ['jobs/finalizers']),
      rule(['list', 'watch', 'create', 'delete', 'patch'], core, ['pods']),
      events,
    ],
  },
  {
    serviceAccount: 'namespace-controller',
    rules: [
      rule(['get', 'list', 'watch', 'delete'], core, ['namespaces']),
      rule(['update'], core, ['namespaces/finalize', 'namespaces/status']),
      rule(['get', 'list', 'watch', 'delete', 'deletecollection'], ['*'], ['*']),
    ],
  },
  {
    serviceAccount: 'node-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update', 'delete', 'patch'], core, ['nodes']),
      rule(['patch', 'update'], core, ['nodes/status']),
      rule(['patch', 'update'], core, ['pods/status']),
      rule(['list', 'watch', 'get', 'delete'], core, ['pods']),
      events,
    ],
  },
  {
    serviceAccount: 'persistent-volume-binder',
    rules: [
      rule(['get', 'list', 'watch', 'update', 'create', 'delete'], core, ['persistentvolumes']),
      rule(['update'], core, ['persistentvolumes/status']),
      rule(['get', 'list', 'watch', 'update'], core, ['persistentvolumeclaims']),
      rule(['update'], core, ['persistentvolumeclaims/status']),
      rule(['list', 'watch', 'get', 'create', 'delete'], core, ['pods']),
      rule(read, storage, ['storageclasses']),
      rule(['list', 'watch'], core, ['nodes']),
      events,
      rule(['watch'], core, ['events']),
      rule(['get'], core, ['services']),
    ],
  },
  {
    serviceAccount: 'pod-garbage-collector',
    rules: [rule(['list', 'watch', 'delete'], core, ['pods']), rule(read, core, ['nodes']), rule(['patch'], core, ['pods/status'])],
  },
  {
    serviceAccount: 'replicaset-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update'], appsAndExtensions, ['replicasets']),
      rule(['update'], appsAndExtensions, ['replicasets/status']),
      rule(['update'], appsAndExtensions, ['replicasets/finalizers']),
      rule(['list', 'watch', 'patch', 'create', 'delete'], core, ['pods']),
      events,
    ],
  },
  {
    serviceAccount: 'replication-controller',
    rules: [
      rule(['get', 'list', 'watch', 'update'], core, ['replicationcontrollers']),
      rule(['update'], core, ['replicationcontrollers/status']),
      rule(['update'], core, ['replicationcontrollers/finalizers']),
      rule(['list', 'watch', 'patch', 'create', 'delete'], core, ['pods']),
      events,
    ],
  },
  {
    serviceAccount: 'resourcequota-controller',
    // Quota may count anything, so it lists and watches everything.
    rules: [rule(['list', 'watch'], ['*'], ['*']), rule(['update'], core, ['resourcequotas/status']), events],
  },
  {
    serviceAccount: 'route-controller',
    rules: [rule(['list', 'watch'], core, ['nodes']), rule(['patch'], core, ['nodes/status']), events],
  },
  { serviceAccount: 'service-account-controller', rules: [rule(['create'], core, ['serviceaccounts']), events] },
  {
    serviceAccount: 'service-controller',
    rules: [rule(read, core, ['services']), rule(['patch', 'update'], core, ['services/status']), rule(['list', 'watch'], core, ['nodes']), events],
  },
  {
    serviceAccount: 'statefulset-controller',
    rules: [
      rule(['list', 'watch'], core, ['pods']),
      rule(read, apps, ['statefulsets']),
      rule(['update'], apps, ['statefulsets/status']),
      rule(['update'], apps, ['statefulsets/finalizers']),
      rule(['get', 'create', 'delete', 'update', 'patch'], core, ['pods']),
      rule(['get', 'create', 'delete', 'update', 'patch', 'list', 'watch'], apps, ['controllerrevisions']),
      rule(['get', 'create', 'list', 'watch'], core, ['persistentvolumeclaims']),
      rule(['update', 'delete'], core, ['persistentvolumeclaims']),
      rule(['update'], core, ['pods/finalizers']),
      events,
    ],
  },
  { serviceAccount: 'ttl-controller', rules: [rule(['update', 'patch', 'list', 'watch'], core, ['nodes']), events] },
  {
    serviceAccount: 'certificate-controller',
    rules: [
      rule(['get', 'list', 'watch', 'delete'], ['certificates.k8s.io'], ['certificatesigningrequests']),
      rule(['update'], ['certificates.k8s.io'], ['certificatesigningrequests/status', 'certificatesigningrequests/approval']),
      rule(['approve'], ['certificates.k8s.io'], ['signers'], ['kubernetes.io/kube-apiserver-client-kubelet']),
      rule(['sign'], ['certificates.k8s.io'], ['signers'], [
        'kubernetes.io/legacy-unknown',
        'kubernetes.io/kube-apiserver-client',
        'kubernetes.io/kube-apiserver-client-kubelet',
        'kubernetes.io/kubelet-serving',
      ]),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
      events,
    ],
  },
  {
    serviceAccount: 'pvc-protection-controller',
    rules: [rule(['get', 'list', 'watch', 'update'], core, ['persistentvolumeclaims']), rule(read, core, ['pods']), events],
  },
  { serviceAccount: 'pv-protection-controller', rules: [rule(['get', 'list', 'watch', 'update'], core, ['persistentvolumes']), events] },
  { serviceAccount: 'ttl-after-finished-controller', rules: [rule(['get', 'list', 'watch', 'delete'], batch, ['jobs']), events] },
  { serviceAccount: 'root-ca-cert-publisher', rules: [rule(['create', 'update'], core, ['configmaps']), events] },
  {
    serviceAccount: 'validatingadmissionpolicy-status-controller',
    rules: [
      rule(read, ['admissionregistration.k8s.io'], ['validatingadmissionpolicies']),
      rule(['get', 'patch', 'update'], ['admissionregistration.k8s.io'], ['validatingadmissionpolicies/status']),
      events,
    ],
  },
  {
    serviceAccount: 'legacy-service-account-token-cleaner',
    rules: [
      rule(['get'], core, ['configmaps'], ['kube-apiserver-legacy-service-account-token-tracking']),
      rule(['patch', 'delete'], core, ['secrets']),
    ],
  },
];
