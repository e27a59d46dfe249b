/** ServiceAccount admission: pods run as `default` unless they name a service account, which must exist. */
import { forbiddenWithReason } from '../../api/errors';
import { coreKeys } from '../keys';
import { isPod, type MutatingPlugin } from './types';

const mirrorPodAnnotation = 'kubernetes.io/config.mirror';

/** Sets spec.serviceAccountName and checks the account exists (mirror pods are exempt, as upstream). */
export const serviceAccountPlugin: MutatingPlugin = {
  name: 'ServiceAccount',
  admit(a, deps) {
    if (a.operation !== 'CREATE' || !isPod(a) || !a.object) return false;
    const pod = a.object;
    if (pod.metadata.annotations?.[mirrorPodAnnotation] !== undefined) return false;
    const spec = (pod.spec ?? (pod.spec = {})) as Record<string, unknown>;
    let changed = false;
    if (!spec.serviceAccountName) {
      spec.serviceAccountName = (spec.serviceAccount as string | undefined) || 'default';
      changed = true;
    }
    const name = spec.serviceAccountName as string;
    if (deps.requireServiceAccount && !deps.store.get(coreKeys.serviceAccount(a.namespace, name))) {
      throw forbiddenWithReason(
        '',
        'pods',
        a.name,
        `error looking up service account ${a.namespace}/${name}: serviceaccount "${name}" not found`,
      );
    }
    return changed;
  },
};
