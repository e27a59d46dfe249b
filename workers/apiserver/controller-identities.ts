/**
 * Who each kube-controller-manager controller is, with --use-service-account-credentials=true (as
 * kubeadm runs it): a service account in kube-system, bound by the bootstrap policy to the ClusterRole
 * `system:controller:<name>`. Upstream the controller-manager's client builder creates these service
 * accounts itself (with its own `system:kube-controller-manager` identity) and then talks as them;
 * the apiserver bootstrap only creates the roles and bindings.
 */
import { serviceAccountGroups, serviceAccountUsername } from './authn';
import { CONTROLLER_NAMESPACE, controllerRoles } from './controller-roles';
import type { UserInfo } from './types';

export { CONTROLLER_NAMESPACE } from './controller-roles';

/** Every controller service account name the bootstrap policy binds (kube-system/<name>). */
export const CONTROLLER_SERVICE_ACCOUNTS: readonly string[] = Object.freeze(controllerRoles.map((r) => r.serviceAccount));

/**
 * The service account each kube-controller-manager controller (by its `--controllers` name, v1.32)
 * gets its client for. Several controllers share one: node-ipam, node-lifecycle and taint-eviction
 * all use `node-controller`; the three CSR controllers use `certificate-controller`.
 * `serviceaccount-token-controller` is absent: it runs with the controller-manager's own identity.
 */
export const CONTROLLER_SERVICE_ACCOUNT_FOR: Readonly<Record<string, string>> = Object.freeze({
  'clusterrole-aggregation-controller': 'clusterrole-aggregation-controller',
  'cronjob-controller': 'cronjob-controller',
  'daemonset-controller': 'daemon-set-controller',
  'deployment-controller': 'deployment-controller',
  'disruption-controller': 'disruption-controller',
  'endpoints-controller': 'endpoint-controller',
  'endpointslice-controller': 'endpointslice-controller',
  'endpointslice-mirroring-controller': 'endpointslicemirroring-controller',
  'ephemeral-volume-controller': 'ephemeral-volume-controller',
  'garbage-collector-controller': 'generic-garbage-collector',
  'horizontal-pod-autoscaler-controller': 'horizontal-pod-autoscaler',
  'job-controller': 'job-controller',
  'legacy-serviceaccount-token-cleaner-controller': 'legacy-service-account-token-cleaner',
  'namespace-controller': 'namespace-controller',
  'node-ipam-controller': 'node-controller',
  'node-lifecycle-controller': 'node-controller',
  'taint-eviction-controller': 'node-controller',
  'persistentvolume-attach-detach-controller': 'attachdetach-controller',
  'persistentvolume-binder-controller': 'persistent-volume-binder',
  'persistentvolume-expander-controller': 'expand-controller',
  'persistentvolume-protection-controller': 'pv-protection-controller',
  'persistentvolumeclaim-protection-controller': 'pvc-protection-controller',
  'pod-garbage-collector-controller': 'pod-garbage-collector',
  'replicaset-controller': 'replicaset-controller',
  'replicationcontroller-controller': 'replication-controller',
  'resourcequota-controller': 'resourcequota-controller',
  'root-ca-certificate-publisher-controller': 'root-ca-cert-publisher',
  'serviceaccount-controller': 'service-account-controller',
  'service-lb-controller': 'service-controller',
  'node-route-controller': 'route-controller',
  'statefulset-controller': 'statefulset-controller',
  'ttl-after-finished-controller': 'ttl-after-finished-controller',
  'ttl-controller': 'ttl-controller',
  'certificatesigningrequest-signing-controller': 'certificate-controller',
  'certificatesigningrequest-approving-controller': 'certificate-controller',
  'certificatesigningrequest-cleaner-controller': 'certificate-controller',
  'validatingadmissionpolicy-status-controller': 'validatingadmissionpolicy-status-controller',
});

/**
 * The identity a controller's requests carry: what the service-account token authenticator reports
 * for kube-system/<saName> (pass the ServiceAccount's uid once it exists, as the token carries it).
 */
export function controllerUser(saName: string, uid?: string): UserInfo {
  const user: UserInfo = { username: serviceAccountUsername(CONTROLLER_NAMESPACE, saName), groups: serviceAccountGroups(CONTROLLER_NAMESPACE) };
  if (uid) user.uid = uid;
  return user;
}
