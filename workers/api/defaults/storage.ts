/** Storage defaulting: PersistentVolume, PersistentVolumeClaim and StorageClass (core/v1, storage/v1). */
import { child, existing, setDefault, setDefaultString, type Obj } from './util';

/** PVC: volumeMode Filesystem and, on a new claim, status.phase Pending. */
export function defaultPersistentVolumeClaim(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (spec) setDefaultString(spec, 'volumeMode', 'Filesystem');
  const status = child(obj, 'status');
  if (status) setDefaultString(status, 'phase', 'Pending');
}

/** PV: reclaim policy Retain, volumeMode Filesystem, status.phase Pending. */
export function defaultPersistentVolume(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (spec) {
    setDefaultString(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefaultString(spec, 'volumeMode', 'Filesystem');
    const hostPath = existing(spec, 'hostPath');
    if (hostPath) setDefault(hostPath, 'type', '');
  }
  const status = child(obj, 'status');
  if (status) setDefaultString(status, 'phase', 'Pending');
}

/** StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate. */
export function defaultStorageClass(obj: Obj): void {
  setDefaultString(obj, 'reclaimPolicy', 'Delete');
  setDefaultString(obj, 'volumeBindingMode', 'Immediate');
}
