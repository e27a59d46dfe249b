/**
 * Adoption and release (upstream's BaseControllerRefManager.ClaimObject): a controller takes the
 * orphans its selector matches and lets go of the objects it controls that no longer match.
 */
import { isApiError } from '../../api/errors';
import type { LabelSelector } from '../../api/selectors';
import { matchesLabelsCached } from '../../api/selector-memo';
import type { KubeObject } from '../../api/types';
import { controllerOf } from './controller-ref';

/** How a claim talks to the cluster. */
export interface ClaimActions<T extends KubeObject> {
  /**
   * Checked once before the first adoption: the owner, read fresh from the server, still exists
   * with the same UID and is not being deleted (upstream's RecheckDeletionTimestamp).
   */
  canAdopt(): Promise<void>;
  adopt(obj: T): Promise<void>;
  release(obj: T): Promise<void>;
}

function isNotFound(err: unknown): boolean {
  return isApiError(err) && err.status.code === 404;
}

/**
 * The objects among `candidates` the owner controls after adopting matching orphans and releasing
 * its non-matching ones. Objects that vanished meanwhile are skipped; other failures are returned
 * next to what was claimed, as upstream's aggregated error.
 */
export async function claimObjects<T extends KubeObject>(
  owner: KubeObject,
  selector: LabelSelector,
  candidates: readonly T[],
  actions: ClaimActions<T>,
): Promise<{ claimed: T[]; errors: unknown[] }> {
  const claimed: T[] = [];
  const errors: unknown[] = [];
  let adoptable: Promise<void> | undefined;
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  for (const obj of candidates) {
    const match = matchesLabelsCached(selector, obj.metadata.labels);
    const ref = controllerOf(obj);
    try {
      if (ref) {
        if (ref.uid !== owner.metadata.uid) continue;
        if (match) claimed.push(obj);
        else if (!ownerDeleting) await actions.release(obj);
        continue;
      }
      if (ownerDeleting || !match || obj.metadata.deletionTimestamp) continue;
      adoptable ??= actions.canAdopt();
      await adoptable;
      await actions.adopt(obj);
      claimed.push(obj);
    } catch (err) {
      if (!isNotFound(err)) errors.push(err);
    }
  }
  return { claimed, errors };
}
