/**
 * NamespaceLifecycle: nothing is created in a namespace that does not exist or is being terminated,
 * and the namespaces kube-apiserver depends on cannot be deleted.
 */
import { forbiddenWithReason, notFound } from '../../api/errors';
import { coreKeys } from '../keys';
import type { ValidatingPlugin } from './types';

/** Namespaces upstream refuses to delete. */
export const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

/** Review kinds that may be created anywhere, as upstream exempts them. */
const accessReviews = new Set(['localsubjectaccessreviews', 'subjectaccessreviews', 'selfsubjectaccessreviews', 'tokenreviews']);

/** The NamespaceLifecycle admission plugin. */
export const namespaceLifecyclePlugin: ValidatingPlugin = {
  name: 'NamespaceLifecycle',
  validate(a, deps) {
    const isNamespace = a.info.group === '' && a.info.resource === 'namespaces';
    if (a.operation === 'DELETE' && isNamespace && IMMORTAL_NAMESPACES.has(a.name)) {
      throw forbiddenWithReason('', 'namespaces', a.name, 'this namespace may not be deleted');
    }
    if (a.operation !== 'CREATE' || !a.info.namespaced || !a.namespace) return;
    if (accessReviews.has(a.info.resource)) return;
    const ns = deps.store.get(coreKeys.namespace(a.namespace))?.object;
    if (!ns) throw notFound('', 'namespaces', a.namespace);
    const phase = (ns.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Terminating' || ns.metadata.deletionTimestamp) {
      throw forbiddenWithReason(
        a.info.group,
        a.info.resource,
        a.name,
        `unable to create new content in namespace ${a.namespace} because it is being terminated`,
      );
    }
  },
};
