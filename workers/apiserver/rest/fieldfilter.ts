/** List and watch filtering by label and field selectors (the field labels each kind supports come from api/). */
import { fieldSelectorForResource, matchesFields, parseFieldSelector } from '../../api/fieldselectors';
import type { ResourceInfo } from '../../api/registry';
import { matchesLabels, parseLabelSelector } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import type { WatchIndex } from '../../store/watch-hub';

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
  const node = !labels ? nodeNameOnly(info, fields) : undefined;
  // A kubelet's watch asks for its node's pods alone: one field read, not the pod's whole field set.
  if (node !== undefined) return (obj) => podNodeName(obj) === node;
  return (obj) => {
    if (labels && !matchesLabels(labels, obj.metadata.labels)) return false;
    return fields.length === 0 || matchesFields(fields, obj, info);
  };
}

/** A pod's node, as the watch index and the field set read it ("" when unscheduled). */
function podNodeName(obj: KubeObject): string {
  const n = (obj.spec as { nodeName?: unknown } | undefined)?.nodeName;
  return n === undefined || n === null ? '' : String(n);
}

/** The node of a pods selector that is exactly `spec.nodeName=<node>`, else undefined. */
function nodeNameOnly(info: ResourceInfo, fields: { field: string; operator: string; value: string }[]): string | undefined {
  if (info.group !== '' || info.resource !== 'pods' || fields.length !== 1) return undefined;
  const [f] = fields;
  return f.field === 'spec.nodeName' && f.operator !== '!=' ? f.value : undefined;
}

/**
 * The store watch index a request can use, as upstream's watch cache indexes pods by spec.nodeName:
 * each kubelet's watch then hears only its own node's pods instead of every pod in the cluster.
 */
export function watchIndexFor(info: ResourceInfo, query: Record<string, string | undefined>): WatchIndex | undefined {
  if (info.group !== '' || info.resource !== 'pods' || !query.fieldSelector) return undefined;
  const fields = fieldSelectorForResource(info, parseFieldSelector(query.fieldSelector));
  const eq = fields.find((f) => f.field === 'spec.nodeName' && f.operator !== '!=');
  return eq ? { name: 'spec.nodeName', value: eq.value, of: podNodeName } : undefined;
}
