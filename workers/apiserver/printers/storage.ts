/** Volumes and storage.k8s.io: PersistentVolumes, claims, StorageClasses, CSI objects, attachments. */
import type { KubeObject } from '../../api/types';
import { ageColumn, ageOf, apiDoc, arr, col, field, map, nameColumn, nameOf, quantityString, str, type KindPrinter } from './format';

const betaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

/** GetAccessModesAsString: `RWO,ROX,RWX,RWOP` in that order, each once. */
export function accessModes(modes: string[]): string {
  const has = new Set(modes);
  const out: string[] = [];
  if (has.has('ReadWriteOnce')) out.push('RWO');
  if (has.has('ReadOnlyMany')) out.push('ROX');
  if (has.has('ReadWriteMany')) out.push('RWX');
  if (has.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** The class of a PV or PVC: the beta annotation wins over spec.storageClassName. */
function storageClassOf(obj: KubeObject): string {
  const ann = obj.metadata.annotations ?? {};
  if (Object.hasOwn(ann, betaStorageClassAnnotation)) return ann[betaStorageClassAnnotation];
  return str(obj, 'spec', 'storageClassName');
}

const unset = (v: unknown) => (typeof v === 'string' ? v : '<unset>');

/** PersistentVolumes: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE, wide VOLUMEMODE. */
export const persistentVolumePrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Capacity', 'string', apiDoc('core.v1.PersistentVolumeSpec', 'capacity')),
    col('Access Modes', 'string', apiDoc('core.v1.PersistentVolumeSpec', 'accessModes')),
    col('Reclaim Policy', 'string', apiDoc('core.v1.PersistentVolumeSpec', 'persistentVolumeReclaimPolicy')),
    col('Status', 'string', apiDoc('core.v1.PersistentVolumeStatus', 'phase')),
    col('Claim', 'string', apiDoc('core.v1.PersistentVolumeSpec', 'claimRef')),
    col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    col('Reason', 'string', apiDoc('core.v1.PersistentVolumeStatus', 'reason')),
    ageColumn(),
    col('VolumeMode', 'string', apiDoc('core.v1.PersistentVolumeSpec', 'volumeMode'), 1),
  ],
  print(pv, ctx) {
    const claimRef = field(pv, 'spec', 'claimRef');
    const claim = claimRef ? `${str(claimRef, 'namespace')}/${str(claimRef, 'name')}` : '';
    const phase = pv.metadata.deletionTimestamp !== undefined ? 'Terminating' : str(pv, 'status', 'phase');
    return {
      cells: [
        nameOf(pv),
        quantityString(field(pv, 'spec', 'capacity', 'storage')),
        accessModes(arr<string>(pv, 'spec', 'accessModes')),
        str(pv, 'spec', 'persistentVolumeReclaimPolicy'),
        phase,
        claim,
        storageClassOf(pv),
        unset(field(pv, 'spec', 'volumeAttributesClassName')),
        str(pv, 'status', 'reason'),
        ageOf(pv, ctx),
        unset(field(pv, 'spec', 'volumeMode')),
      ],
    };
  },
};

/** PersistentVolumeClaims: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE, wide VOLUMEMODE. */
export const persistentVolumeClaimPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Status', 'string', apiDoc('core.v1.PersistentVolumeClaimStatus', 'phase')),
    col('Volume', 'string', apiDoc('core.v1.PersistentVolumeClaimSpec', 'volumeName')),
    col('Capacity', 'string', apiDoc('core.v1.PersistentVolumeClaimStatus', 'capacity')),
    col('Access Modes', 'string', apiDoc('core.v1.PersistentVolumeClaimStatus', 'accessModes')),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    col('VolumeMode', 'string', apiDoc('core.v1.PersistentVolumeClaimSpec', 'volumeMode'), 1),
  ],
  print(pvc, ctx) {
    const phase = pvc.metadata.deletionTimestamp !== undefined ? 'Terminating' : str(pvc, 'status', 'phase');
    const volumeName = str(pvc, 'spec', 'volumeName');
    // Capacity and modes describe the bound volume, so they show only once a volume is named.
    const capacity = volumeName ? quantityString(field(pvc, 'status', 'capacity', 'storage')) : '';
    const modes = volumeName ? accessModes(arr<string>(pvc, 'status', 'accessModes')) : '';
    return {
      cells: [
        nameOf(pvc), phase, volumeName, capacity, modes, storageClassOf(pvc),
        unset(field(pvc, 'spec', 'volumeAttributesClassName')), ageOf(pvc, ctx), unset(field(pvc, 'spec', 'volumeMode')),
      ],
    };
  },
};

function isDefaultClass(obj: KubeObject): boolean {
  const ann = obj.metadata.annotations ?? {};
  return ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

/** StorageClasses: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE. */
export const storageClassPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Provisioner', 'string', apiDoc('storage.v1.StorageClass', 'provisioner')),
    col('ReclaimPolicy', 'string', apiDoc('storage.v1.StorageClass', 'reclaimPolicy')),
    col('VolumeBindingMode', 'string', apiDoc('storage.v1.StorageClass', 'volumeBindingMode')),
    col('AllowVolumeExpansion', 'string', apiDoc('storage.v1.StorageClass', 'allowVolumeExpansion')),
    ageColumn(),
  ],
  print(sc, ctx) {
    return {
      cells: [
        isDefaultClass(sc) ? `${nameOf(sc)} (default)` : nameOf(sc),
        str(sc, 'provisioner'),
        str(sc, 'reclaimPolicy') || 'Delete',
        str(sc, 'volumeBindingMode') || 'Immediate',
        field(sc, 'allowVolumeExpansion') === true,
        ageOf(sc, ctx),
      ],
    };
  },
};

/** VolumeAttachments: NAME ATTACHER PV NODE ATTACHED AGE. */
export const volumeAttachmentPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Attacher', 'string', apiDoc('storage.v1.VolumeAttachmentSpec', 'attacher'), 0, 'name'),
    col('PV', 'string', apiDoc('storage.v1.VolumeAttachmentSource', 'persistentVolumeName')),
    col('Node', 'string', apiDoc('storage.v1.VolumeAttachmentSpec', 'nodeName')),
    col('Attached', 'boolean', apiDoc('storage.v1.VolumeAttachmentStatus', 'attached')),
    ageColumn(),
  ],
  print: (va, ctx) => ({
    cells: [
      nameOf(va), str(va, 'spec', 'attacher'), str(va, 'spec', 'source', 'persistentVolumeName'), str(va, 'spec', 'nodeName'),
      field(va, 'status', 'attached') === true, ageOf(va, ctx),
    ],
  }),
};

/** CSINodes: NAME DRIVERS AGE. */
export const csiNodePrinter: KindPrinter = {
  columns: [nameColumn(), col('Drivers', 'integer', 'Drivers indicates the number of CSI drivers registered on the node'), ageColumn()],
  print: (obj, ctx) => ({ cells: [nameOf(obj), arr(obj, 'spec', 'drivers').length, ageOf(obj, ctx)] }),
};

/** CSIDrivers: NAME ATTACHREQUIRED PODINFOONMOUNT STORAGECAPACITY TOKENREQUESTS REQUIRESREPUBLISH MODES AGE. */
export const csiDriverPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('AttachRequired', 'boolean', apiDoc('storage.v1.CSIDriverSpec', 'attachRequired')),
    col('PodInfoOnMount', 'boolean', apiDoc('storage.v1.CSIDriverSpec', 'podInfoOnMount')),
    col('StorageCapacity', 'boolean', apiDoc('storage.v1.CSIDriverSpec', 'storageCapacity')),
    col('TokenRequests', 'string', apiDoc('storage.v1.CSIDriverSpec', 'tokenRequests')),
    col('RequiresRepublish', 'boolean', apiDoc('storage.v1.CSIDriverSpec', 'requiresRepublish')),
    col('Modes', 'string', apiDoc('storage.v1.CSIDriverSpec', 'volumeLifecycleModes')),
    ageColumn(),
  ],
  print(d, ctx) {
    const spec = map<unknown>(d, 'spec');
    const tokens = Array.isArray(spec.tokenRequests) ? (spec.tokenRequests as { audience?: string }[]).map((t) => t.audience ?? '').join(',') : '<unset>';
    const modes = arr<string>(d, 'spec', 'volumeLifecycleModes').join(',') || '<none>';
    return {
      cells: [
        nameOf(d), spec.attachRequired !== false, spec.podInfoOnMount === true, spec.storageCapacity === true, tokens,
        spec.requiresRepublish === true, modes, ageOf(d, ctx),
      ],
    };
  },
};
