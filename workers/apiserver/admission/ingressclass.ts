/** DefaultIngressClass: an Ingress without ingressClassName gets the IngressClass annotated as default. */
import type { KubeObject } from '../../api/types';
import type { MutatingPlugin } from './types';

const defaultAnnotation = 'ingressclass.kubernetes.io/is-default-class';

/** The DefaultIngressClass admission plugin. */
export const defaultIngressClassPlugin: MutatingPlugin = {
  name: 'DefaultIngressClass',
  admit(a, deps) {
    if (a.operation !== 'CREATE' || a.info.group !== 'networking.k8s.io' || a.info.resource !== 'ingresses' || a.subresource || !a.object) return false;
    const spec = (a.object.spec ?? (a.object.spec = {})) as { ingressClassName?: string | null };
    if (spec.ingressClassName || a.object.metadata.annotations?.['kubernetes.io/ingress.class'] !== undefined) return false;
    let best: KubeObject | undefined;
    for (const ic of deps.store.list('/registry/ingressclasses/').items) {
      if (ic.metadata.annotations?.[defaultAnnotation] !== 'true') continue;
      if (!best || (ic.metadata.creationTimestamp ?? '') > (best.metadata.creationTimestamp ?? '')) best = ic;
    }
    if (!best) return false;
    spec.ingressClassName = best.metadata.name;
    return true;
  },
};
