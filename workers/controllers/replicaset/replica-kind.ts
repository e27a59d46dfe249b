/**
 * What differs between ReplicaSets and ReplicationControllers: upstream runs the RC controller
 * through the ReplicaSet code by converting, and so do we, through this small description.
 */
import type { LabelSelector } from '../../api/selectors';
import { compiledLabelSelector, compiledSetSelector } from '../../api/selector-memo';
import type { KubeObject } from '../../api/types';
import type { GroupVersionResource } from '../../client/paths';

/** The spec and status fields both kinds share. */
export interface ReplicaOwner extends KubeObject {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: unknown;
    template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] }; spec?: unknown };
  };
  status?: ReplicaOwnerStatus;
}

/** ReplicaSetStatus / ReplicationControllerStatus. */
export interface ReplicaOwnerStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaCondition[];
}

/** ReplicaSetCondition / ReplicationControllerCondition. */
export interface ReplicaCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** One of the two kinds the replica controller runs. */
export interface ReplicaKind {
  kind: 'ReplicaSet' | 'ReplicationController';
  apiVersion: string;
  gvr: GroupVersionResource;
  /** The controller's name in events and logs. */
  component: string;
  selectorOf(owner: ReplicaOwner): LabelSelector;
}

/** apps/v1 ReplicaSet: a metav1.LabelSelector. */
export const REPLICA_SET_KIND: ReplicaKind = {
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  gvr: { group: 'apps', version: 'v1', resource: 'replicasets' },
  component: 'replicaset-controller',
  selectorOf: (o) => compiledLabelSelector(o.spec?.selector),
};

/** v1 ReplicationController: a plain label map, defaulted from the template's labels by the API. */
export const REPLICATION_CONTROLLER_KIND: ReplicaKind = {
  kind: 'ReplicationController',
  apiVersion: 'v1',
  gvr: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  component: 'replication-controller',
  selectorOf: (o) => compiledSetSelector((o.spec?.selector as Record<string, string> | undefined) ?? o.spec?.template?.metadata?.labels),
};

/** spec.replicas, defaulting to 1 as the API does. */
export function desiredReplicas(o: ReplicaOwner): number {
  return o.spec?.replicas ?? 1;
}
