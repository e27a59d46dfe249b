/** Server-side printing: meta.k8s.io/v1 Table responses with upstream's columns per kind. */
import type { KubeObject, ListMeta } from '../../api/types';
import { splitApiVersion, type ResourceInfo } from '../../api/registry';
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './apps';
import { horizontalPodAutoscalerPrinter, scalePrinter } from './autoscaling';
import { cronJobPrinter, jobPrinter } from './batch';
import {
  certificateSigningRequestPrinter, clusterRoleBindingPrinter, leasePrinter, podDisruptionBudgetPrinter, priorityClassPrinter,
  roleBindingPrinter, runtimeClassPrinter, webhookConfigurationPrinter,
} from './cluster';
import {
  componentStatusPrinter, configMapPrinter, endpointsPrinter, namespacePrinter, nodePrinter, replicationControllerPrinter,
  resourceQuotaPrinter, secretPrinter, serviceAccountPrinter, servicePrinter, statusPrinter,
} from './core';
import { eventPrinter } from './events';
import { createdAtColumn, nameColumn, type Cell, type ColumnDefinition, type KindPrinter, type RowCondition } from './format';
import { endpointSlicePrinter, ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from './networking';
import { podPrinter, podTemplatePrinter } from './pods';
import {
  csiDriverPrinter, csiNodePrinter, persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter, volumeAttachmentPrinter,
} from './storage';

export type { ColumnDefinition, Cell, RowCondition } from './format';

export interface TableOptions {
  /** `-o wide`: include the priority > 0 columns' cells (all columns are always declared). */
  wide?: boolean;
  /** Virtual "now" for AGE columns. */
  nowMs: number;
  /** includeObject=None|Metadata|Object (default Metadata as upstream for kubectl). */
  includeObject?: 'None' | 'Metadata' | 'Object';
}

/** metav1.TableRow. */
export interface TableRow {
  cells: Cell[];
  conditions?: RowCondition[];
  object?: unknown;
}

/** metav1.Table. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  columnDefinitions: ColumnDefinition[];
  rows: TableRow[];
}

/** Printers by `group/Kind` (`/Pod` for the core group), as upstream registers them per internal type. */
const printers = new Map<string, KindPrinter>([
  ['/Pod', podPrinter],
  ['/PodTemplate', podTemplatePrinter],
  ['/Node', nodePrinter],
  ['/Namespace', namespacePrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['/ConfigMap', configMapPrinter],
  ['/Secret', secretPrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['/ResourceQuota', resourceQuotaPrinter],
  ['/ReplicationController', replicationControllerPrinter],
  ['/ComponentStatus', componentStatusPrinter],
  ['/Status', statusPrinter],
  ['/PersistentVolume', persistentVolumePrinter],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter],
  ['/Event', eventPrinter],
  ['events.k8s.io/Event', eventPrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['apps/DaemonSet', daemonSetPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['apps/ControllerRevision', controllerRevisionPrinter],
  ['batch/Job', jobPrinter],
  ['batch/CronJob', cronJobPrinter],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerPrinter],
  ['autoscaling/Scale', scalePrinter],
  ['networking.k8s.io/Ingress', ingressPrinter],
  ['networking.k8s.io/IngressClass', ingressClassPrinter],
  ['networking.k8s.io/NetworkPolicy', networkPolicyPrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['policy/PodDisruptionBudget', podDisruptionBudgetPrinter],
  ['scheduling.k8s.io/PriorityClass', priorityClassPrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter],
  ['storage.k8s.io/StorageClass', storageClassPrinter],
  ['storage.k8s.io/VolumeAttachment', volumeAttachmentPrinter],
  ['storage.k8s.io/CSINode', csiNodePrinter],
  ['storage.k8s.io/CSIDriver', csiDriverPrinter],
  ['node.k8s.io/RuntimeClass', runtimeClassPrinter],
  ['admissionregistration.k8s.io/MutatingWebhookConfiguration', webhookConfigurationPrinter],
  ['admissionregistration.k8s.io/ValidatingWebhookConfiguration', webhookConfigurationPrinter],
  ['certificates.k8s.io/CertificateSigningRequest', certificateSigningRequestPrinter],
]);

/**
 * The default table convertor, for kinds without a printer (Roles, ClusterRoles, LimitRanges...):
 * NAME and CREATED AT (RFC 3339, UTC, whole seconds).
 */
const defaultPrinter: KindPrinter = {
  columns: [nameColumn(), createdAtColumn()],
  print(obj) {
    const ts = obj.metadata?.creationTimestamp;
    const ms = ts ? Date.parse(ts) : NaN;
    const created = Number.isNaN(ms) ? '0001-01-01T00:00:00Z' : new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    return { cells: [obj.metadata?.name ?? '', created] };
  },
};

/** The printer for what is being printed: the objects' own kind (Scale for /scale) before the resource's. */
function printerFor(info: ResourceInfo, objects: KubeObject[]): KindPrinter {
  const first = objects[0];
  if (first?.apiVersion && first.kind) {
    const p = printers.get(`${splitApiVersion(first.apiVersion).group}/${first.kind}`);
    if (p) return p;
  }
  return printers.get(`${info.group}/${info.kind}`) ?? defaultPrinter;
}

function rowObject(obj: KubeObject, include: TableOptions['includeObject']): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/**
 * The meta.k8s.io/v1 Table kube-apiserver answers for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`:
 * every column declared (priority 1 for the `-o wide` ones), one row per object with its cells and,
 * per includeObject, a PartialObjectMetadata (default), the full object, or nothing.
 */
export function printTable(info: ResourceInfo, objects: KubeObject[], opts: TableOptions, listMeta: ListMeta): Table {
  const printer = printerFor(info, objects);
  const ctx = { nowMs: opts.nowMs, wide: opts.wide ?? false };
  const rows = objects.map((obj): TableRow => {
    const printed = printer.print(obj, ctx);
    const row: TableRow = { cells: printed.cells };
    if (printed.conditions) row.conditions = printed.conditions;
    const object = rowObject(obj, opts.includeObject);
    if (object !== undefined) row.object = object;
    return row;
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, columnDefinitions: printer.columns.map((c) => ({ ...c })), rows };
}
