/** PersistentVolume, PersistentVolumeClaim and StorageClass validation (core/v1, storage.k8s.io/v1). */
import { field } from '../errors';
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from '../names';
import { tryParseQuantity } from '../quantity';
import type { FieldError, KubeObject } from '../types';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { arr, has, invalidEach, isObj, jsonEqual, obj, str } from './util';

const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const volumeModes = ['Block', 'Filesystem'];

function validateAccessModes(spec: unknown, path: string, detail: string): FieldError[] {
  const modes = arr(spec, 'accessModes');
  if (modes.length === 0) return [field.required(`${path}.accessModes`, detail)];
  return modes
    .filter((m) => typeof m !== 'string' || !accessModes.includes(m))
    .map((m) => field.notSupported(`${path}.accessModes`, m, accessModes));
}

function validateVolumeMode(spec: unknown, path: string): FieldError[] {
  const mode = str(spec, 'volumeMode');
  return mode && !volumeModes.includes(mode) ? [field.notSupported(`${path}.volumeMode`, mode, volumeModes)] : [];
}

/** ValidatePersistentVolumeClaimSpec: access modes, a positive storage request, volume mode, class name. */
export function validatePersistentVolumeClaimSpec(spec: unknown, path: string): FieldError[] {
  const errs = validateAccessModes(spec, path, 'at least 1 access mode is required');
  const hasSource = has(spec, 'dataSource') || has(spec, 'dataSourceRef');
  const storage = obj(obj(spec, 'resources'), 'requests')?.storage;
  if (storage === undefined) {
    if (!hasSource) errs.push(field.required(`${path}.resources[storage]`, ''));
  } else {
    const q = tryParseQuantity(storage);
    if (!q || q.sign() <= 0) errs.push(field.invalid(`${path}.resources.requests[storage]`, storage, 'must be greater than zero'));
  }
  errs.push(...validateVolumeMode(spec, path));
  const className = str(spec, 'storageClassName');
  if (className) errs.push(...invalidEach(`${path}.storageClassName`, className, isDNS1123Subdomain(className)));
  return errs;
}

/** ValidatePersistentVolumeClaim. */
export function validatePersistentVolumeClaim(pvc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pvc.metadata, { namespaced: true, nameCheck: nameIsDNSSubdomain });
  return [...errs, ...validatePersistentVolumeClaimSpec(obj(pvc, 'spec'), 'spec')];
}

/** ValidatePersistentVolumeClaimUpdate: the volume name may be set once; bound claims may grow. */
export function validatePersistentVolumeClaimUpdate(pvc: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(pvc, old), ...validatePersistentVolumeClaimSpec(obj(pvc, 'spec'), 'spec')];
  const now = structuredClone(obj(pvc, 'spec') ?? {});
  const before = structuredClone(obj(old, 'spec') ?? {});
  if (!str(before, 'volumeName')) before.volumeName = now.volumeName;
  const bound = str(obj(old, 'status'), 'phase') === 'Bound';
  if (bound) {
    const nowStorage = tryParseQuantity(obj(obj(now, 'resources'), 'requests')?.storage);
    const oldStorage = tryParseQuantity(obj(obj(before, 'resources'), 'requests')?.storage);
    if (nowStorage && oldStorage && nowStorage.cmp(oldStorage) < 0) {
      errs.push(field.forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
    }
    before.resources = now.resources;
  }
  if (!jsonEqual(now, before)) {
    errs.push(field.forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  return errs;
}

const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];
const pvSources = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc',
  'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk',
  'portworxVolume', 'scaleIO', 'local', 'storageos', 'csi',
];

/** ValidatePersistentVolume. */
export function validatePersistentVolume(pv: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pv.metadata, { namespaced: false, nameCheck: nameIsDNSSubdomain });
  const spec = obj(pv, 'spec');
  errs.push(...validateAccessModes(spec, 'spec', ''));
  const capacity = obj(spec, 'capacity') ?? {};
  if (Object.keys(capacity).length === 0) errs.push(field.required('spec.capacity', ''));
  else if (capacity.storage === undefined || Object.keys(capacity).length > 1) {
    errs.push(field.notSupported('spec.capacity', capacity, ['storage']));
  }
  const policy = str(spec, 'persistentVolumeReclaimPolicy');
  if (policy && !reclaimPolicies.includes(policy)) errs.push(field.notSupported('spec.persistentVolumeReclaimPolicy', policy, reclaimPolicies));
  const sources = pvSources.filter((k) => has(spec, k));
  if (sources.length === 0) errs.push(field.required('spec', 'must specify a volume type'));
  for (const extra of sources.slice(1)) errs.push(field.forbidden(`spec.${extra}`, 'may not specify more than 1 volume type'));
  const hostPath = obj(spec, 'hostPath');
  if (hostPath && !str(hostPath, 'path')) errs.push(field.required('spec.hostPath.path', ''));
  errs.push(...validateVolumeMode(spec, 'spec'));
  const className = str(spec, 'storageClassName');
  if (className) errs.push(...invalidEach('spec.storageClassName', className, isDNS1123Subdomain(className)));
  return errs;
}

/** ValidateStorageClass. */
export function validateStorageClass(sc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(sc.metadata, { namespaced: false, nameCheck: nameIsDNSSubdomain });
  const provisioner = str(sc, 'provisioner');
  if (!provisioner) errs.push(field.required('provisioner', ''));
  else errs.push(...invalidEach('provisioner', provisioner, isQualifiedName(provisioner.toLowerCase())));
  const reclaim = str(sc, 'reclaimPolicy');
  if (reclaim && reclaim !== 'Delete' && reclaim !== 'Retain') errs.push(field.notSupported('reclaimPolicy', reclaim, ['Delete', 'Retain']));
  const binding = str(sc, 'volumeBindingMode');
  const modes = ['Immediate', 'WaitForFirstConsumer'];
  if (binding && !modes.includes(binding)) errs.push(field.notSupported('volumeBindingMode', binding, modes));
  if (isObj(sc.parameters) && Object.keys(sc.parameters).length > 512) {
    errs.push(field.tooLong('parameters', sc.parameters, 512));
  }
  return errs;
}

/** ValidateStorageClassUpdate: parameters, provisioner and policies are fixed at creation. */
export function validateStorageClassUpdate(sc: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(sc, old), ...validateStorageClass(sc)];
  if (!jsonEqual(sc.parameters ?? {}, old.parameters ?? {})) errs.push(field.forbidden('parameters', 'updates to parameters are forbidden.'));
  if (sc.provisioner !== old.provisioner) errs.push(field.forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (sc.reclaimPolicy !== old.reclaimPolicy) errs.push(field.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (sc.volumeBindingMode !== old.volumeBindingMode) errs.push(field.invalid('volumeBindingMode', sc.volumeBindingMode, 'field is immutable'));
  return errs;
}
