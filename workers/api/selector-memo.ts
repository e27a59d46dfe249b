/**
 * Selector work remembered across controller syncs. A ReplicaSet's sync matches its selector (and its
 * template's labels) against every pod it may own, and a 1,000-replica owner syncs hundreds of times
 * while rolling out: the answers only change when the objects do. Cache objects are frozen and a new
 * version shares the parts that did not change (its `spec.selector`, a pod's `metadata.labels`), so
 * the compiled selector and each verdict are kept per frozen object and are exact by construction.
 * Unfrozen input is computed afresh every time.
 */
import { labelSelectorFromObject, matchesLabels, selectorFromSet, type LabelSelector } from './selectors';

const fromObject = new WeakMap<object, LabelSelector>();
const fromSet = new WeakMap<Record<string, string>, LabelSelector>();
const verdicts = new WeakMap<LabelSelector, WeakMap<object, boolean>>();
const EMPTY_SET: Record<string, string> = Object.freeze({});
const emptySetSelector = compiledOnce(fromSet, EMPTY_SET, selectorFromSet);

function isFrozenObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && Object.isFrozen(v);
}

// A selector compiled here gets its verdict cache with it: only these are known never to change.
function compiledOnce<K extends object>(memo: WeakMap<K, LabelSelector>, source: K, compile: (source: K) => LabelSelector): LabelSelector {
  let compiled = memo.get(source);
  if (compiled === undefined) {
    compiled = compile(source);
    memo.set(source, compiled);
    verdicts.set(compiled, new WeakMap());
  }
  return compiled;
}

/** labelSelectorFromObject, compiled once per frozen metav1.LabelSelector (it throws as that does). */
export function compiledLabelSelector(sel: unknown): LabelSelector {
  return isFrozenObject(sel) ? compiledOnce(fromObject, sel, labelSelectorFromObject) : labelSelectorFromObject(sel);
}

/** selectorFromSet, compiled once per frozen label map. */
export function compiledSetSelector(labels: Record<string, string> | undefined | null): LabelSelector {
  if (labels === undefined || labels === null) return emptySetSelector;
  return Object.isFrozen(labels) ? compiledOnce(fromSet, labels, selectorFromSet) : selectorFromSet(labels);
}

/**
 * matchesLabels, remembered per (selector, frozen label map) for selectors the two functions above
 * compiled from frozen input; any other selector is matched afresh (and costs no cache).
 */
export function matchesLabelsCached(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const known = verdicts.get(sel);
  if (known === undefined || !isFrozenObject(labels)) return matchesLabels(sel, labels);
  const seen = known.get(labels);
  if (seen !== undefined) return seen;
  const matched = matchesLabels(sel, labels);
  known.set(labels, matched);
  return matched;
}
