/**
 * Which services a pod change concerns (upstream GetServicesToUpdateOnPodChange): none when nothing
 * an endpoint shows changed; when only the labels changed, the services that select the pod before
 * or after but not both; otherwise every service selecting it before or after.
 */
import { podEndpointsChanged, sameLabels, selects, type Pod, type Service } from './endpoint-pods';

/** The services (from `inNamespace`) to sync for a pod add (old undefined), update or delete. */
export function servicesForPodChange(inNamespace: Service[], cur: Pod, old?: Pod): Service[] {
  if (!old) return inNamespace.filter((s) => selects(s, cur.metadata.labels));
  if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return [];
  const labelsChanged = !sameLabels(old.metadata.labels, cur.metadata.labels);
  const endpointsChanged = podEndpointsChanged(old, cur);
  if (!labelsChanged && !endpointsChanged) return [];
  const out: Service[] = [];
  for (const s of inNamespace) {
    const before = labelsChanged ? selects(s, old.metadata.labels) : undefined;
    const after = selects(s, cur.metadata.labels);
    if (!labelsChanged) {
      if (after) out.push(s);
    } else if (endpointsChanged ? before || after : before !== after) out.push(s);
  }
  return out;
}
