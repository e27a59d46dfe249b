/** List and watch filtering by label and field selectors (the field labels each kind supports come from api/). */
import { fieldSelectorForResource, matchesFields, parseFieldSelector } from '../../api/fieldselectors';
import type { ResourceInfo } from '../../api/registry';
import { matchesLabels, parseLabelSelector } from '../../api/selectors';
import type { KubeObject } from '../../api/types';

/** A predicate for the request's labelSelector and fieldSelector, or undefined when both are empty. */
export function selectorPredicate(
  info: ResourceInfo,
  query: Record<string, string | undefined>,
): ((obj: KubeObject) => boolean) | undefined {
  const labelText = query.labelSelector ?? '';
  const fieldText = query.fieldSelector ?? '';
  if (!labelText && !fieldText) return undefined;
  const labels = labelText ? parseLabelSelector(labelText) : undefined;
  const fields = fieldText ? fieldSelectorForResource(info, parseFieldSelector(fieldText)) : [];
  return (obj) => {
    if (labels && !matchesLabels(labels, obj.metadata.labels)) return false;
    return fields.length === 0 || matchesFields(fields, obj, info);
  };
}
