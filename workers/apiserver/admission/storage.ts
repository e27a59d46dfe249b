/**
 * Storage admission: DefaultStorageClass (a claim without storageClassName gets the class annotated
 * as default) and StorageObjectInUseProtection (claims and volumes get their protection finalizers).
 */
import type { KubeObject } from '../../api/types';
import type { AdmissionDeps, MutatingPlugin } from './types';

const defaultClassAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** The default StorageClass; with several, the newest wins (then the name), as upstream. */
export function defaultStorageClass(deps: AdmissionDeps): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const sc of deps.store.list('/registry/storageclasses/').items) {
    const ann = sc.metadata.annotations ?? {};
    if (!defaultClassAnnotations.some((k) => ann[k] === 'true')) continue;
    const newer = !best || (sc.metadata.creationTimestamp ?? '') > (best.metadata.creationTimestamp ?? '');
    const tie = best && sc.metadata.creationTimestamp === best.metadata.creationTimestamp && (sc.metadata.name ?? '') < (best.metadata.name ?? '');
    if (newer || tie) best = sc;
  }
  return best;
}

function isCore(a: { info: { group: string; resource: string } }, resource: string): boolean {
  return a.info.group === '' && a.info.resource === resource;
}

/** The DefaultStorageClass admission plugin. */
export const defaultStorageClassPlugin: MutatingPlugin = {
  name: 'DefaultStorageClass',
  admit(a, deps) {
    if (a.operation !== 'CREATE' || !isCore(a, 'persistentvolumeclaims') || a.subresource || !a.object) return false;
    const spec = (a.object.spec ?? (a.object.spec = {})) as { storageClassName?: string | null };
    const legacy = a.object.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
    if (spec.storageClassName !== undefined && spec.storageClassName !== null) return false;
    if (legacy !== undefined) return false;
    const sc = defaultStorageClass(deps);
    if (!sc) return false;
    spec.storageClassName = sc.metadata.name;
    return true;
  },
};

function addFinalizer(obj: KubeObject, finalizer: string): boolean {
  const list = obj.metadata.finalizers ?? [];
  if (list.includes(finalizer)) return false;
  obj.metadata.finalizers = [...list, finalizer];
  return true;
}

/** The StorageObjectInUseProtection admission plugin. */
export const storageProtectionPlugin: MutatingPlugin = {
  name: 'StorageObjectInUseProtection',
  admit(a) {
    if (a.operation !== 'CREATE' || a.subresource || !a.object) return false;
    if (isCore(a, 'persistentvolumeclaims')) return addFinalizer(a.object, 'kubernetes.io/pvc-protection');
    if (isCore(a, 'persistentvolumes')) return addFinalizer(a.object, 'kubernetes.io/pv-protection');
    return false;
  },
};
