/**
 * The status conditions the namespace controller keeps on a terminating namespace, with upstream's
 * reasons and messages (pkg/controller/namespace/deletion/status_condition_utils.go).
 */

/** One namespace status condition. */
export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

/** The condition types the namespace controller owns, in the order it writes them. */
export const NAMESPACE_CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const okReasons: Record<string, string> = {
  NamespaceDeletionDiscoveryFailure: 'ResourcesDiscovered',
  NamespaceDeletionGroupVersionParsingFailure: 'ParsedGroupVersions',
  NamespaceDeletionContentFailure: 'ContentDeleted',
  NamespaceContentRemaining: 'ContentRemoved',
  NamespaceFinalizersRemaining: 'ContentHasNoFinalizers',
};

const okMessages: Record<string, string> = {
  NamespaceDeletionDiscoveryFailure: 'All resources successfully discovered',
  NamespaceDeletionGroupVersionParsingFailure: 'All legacy kube types successfully parsed',
  NamespaceDeletionContentFailure: 'All content successfully deleted, may be waiting on finalization',
  NamespaceContentRemaining: 'All content successfully removed',
  NamespaceFinalizersRemaining: 'All content-preserving finalizers finished',
};

/** What one pass of content deletion found. */
export interface DeletionTotals {
  /** `pods.` (resource.group) -> instances still present. */
  remainingByResource: Map<string, number>;
  /** finalizer -> instances still carrying it. */
  remainingByFinalizer: Map<string, number>;
  /** Messages of failed deletions. */
  deleteErrors: string[];
}

/** The failing conditions a pass implies; types not listed are set to their ok variant. */
export function failingConditions(t: DeletionTotals, nowIso: string): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  if (t.deleteErrors.length) {
    const msgs = [...t.deleteErrors].sort();
    out.push({
      type: 'NamespaceDeletionContentFailure', status: 'True', lastTransitionTime: nowIso, reason: 'ContentDeletionFailed',
      // Formatted as apimachinery's error aggregate: the lone message, or all of them in brackets.
      message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`}`,
    });
  }
  const byResource = [...t.remainingByResource].filter(([, n]) => n > 0).map(([r, n]) => `${r} has ${n} resource instances`).sort();
  if (byResource.length) {
    out.push({
      type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: nowIso, reason: 'SomeResourcesRemain',
      message: `Some resources are remaining: ${byResource.join(', ')}`,
    });
  }
  const byFinalizer = [...t.remainingByFinalizer].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
  if (byFinalizer.length) {
    out.push({
      type: 'NamespaceFinalizersRemaining', status: 'True', lastTransitionTime: nowIso, reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${byFinalizer.join(', ')}`,
    });
  }
  return out;
}

/**
 * Merges the pass's conditions into `current` (mutated), as upstream's namespaceConditionUpdater:
 * every owned type present, the ok variant when not failing; an existing condition is rewritten only
 * when its status flips (a new count in the same failing state is not written). True when changed.
 */
export function mergeConditions(current: NamespaceCondition[], failing: NamespaceCondition[], nowIso: string): boolean {
  let changed = false;
  for (const type of NAMESPACE_CONDITION_TYPES) {
    const want = failing.find((c) => c.type === type) ?? { type, status: 'False', lastTransitionTime: nowIso, reason: okReasons[type], message: okMessages[type] };
    const have = current.find((c) => c.type === type);
    if (!have) {
      current.push({ ...want });
      changed = true;
    } else if (have.status !== want.status) {
      have.lastTransitionTime = nowIso;
      have.status = want.status;
      have.reason = want.reason;
      have.message = want.message;
      changed = true;
    }
  }
  return changed;
}
