/**
 * Controller references (upstream's metav1 controller refs and ControllerRefManager): who controls
 * an object, the owner reference a controller stamps on what it creates, and the adopt/release
 * patches. A reference names its owner and is trusted only after a UID check.
 */
import type { KubeObject, OwnerReference } from '../../api/types';

// Frozen reference lists (cache objects; a pod's versions share theirs) -> their controller reference.
const controllers = new WeakMap<readonly OwnerReference[], OwnerReference | null>();

/** The owner reference with `controller: true`, if any. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences;
  if (refs === undefined) return undefined;
  const known = controllers.get(refs);
  if (known !== undefined) return known ?? undefined;
  const found = refs.find((r) => r.controller === true);
  if (Object.isFrozen(refs)) controllers.set(refs, found ?? null);
  return found;
}

/** The reference a controller puts on the objects it creates (controller and blockOwnerDeletion true). */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * Resolves a controller reference to the owner in a cache: same kind, found by name, and only if the
 * UID matches (a same-named successor does not inherit the old owner's objects).
 */
export function resolveControllerRef<T extends KubeObject>(
  ref: OwnerReference | undefined,
  kind: string,
  lookup: (name: string) => T | undefined,
): T | undefined {
  if (!ref || ref.kind !== kind) return undefined;
  const owner = lookup(ref.name);
  return owner && owner.metadata.uid === ref.uid ? owner : undefined;
}

/** The strategic merge patch that makes `owner` the controller of the object with uid `uid`. */
export function adoptPatch(owner: KubeObject, uid: string): unknown {
  return { metadata: { ownerReferences: [newControllerRef(owner)], uid } };
}

/** The strategic merge patch that removes `owner`'s reference from the object with uid `uid`. */
export function releasePatch(owner: KubeObject, uid: string): unknown {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: owner.metadata.uid }], uid } };
}

/** Index of objects by `<namespace>/<controller uid>`, orphans under `<namespace>/`. */
export const CONTROLLER_INDEX = 'controllerRef';

/** The CONTROLLER_INDEX value of an object. */
export function controllerIndexFunc(obj: KubeObject): string[] {
  return [`${obj.metadata.namespace ?? ''}/${controllerOf(obj)?.uid ?? ''}`];
}

/**
 * What an owner may claim: the objects it controls and the orphans of its namespace. Objects other
 * controllers own would be skipped by a claim anyway, so a large namespace costs nothing extra.
 */
export function claimCandidates<T extends KubeObject>(byIndex: (name: string, value: string) => T[], owner: KubeObject): T[] {
  const ns = owner.metadata.namespace ?? '';
  return [...byIndex(CONTROLLER_INDEX, `${ns}/${owner.metadata.uid ?? ''}`), ...byIndex(CONTROLLER_INDEX, `${ns}/`)];
}
