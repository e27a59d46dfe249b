/**
 * Static pods (pkg/kubelet/config file source and mirror pods): manifests the node runs on its own,
 * each shown in the API as a mirror pod named `<name>-<node>` with the config annotations and the
 * Node as controller owner.
 */
import type { KubeObject } from '../../api/types';
import { rfc3339 } from '../../controllers/meta-time';
import { hex64 } from '../runtime/images';

/** The annotation marking a mirror pod (its value is the config hash). */
export const CONFIG_MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
export const CONFIG_HASH_ANNOTATION = 'kubernetes.io/config.hash';
export const CONFIG_SEEN_ANNOTATION = 'kubernetes.io/config.seen';
export const CONFIG_SOURCE_ANNOTATION = 'kubernetes.io/config.source';

/** True for a mirror pod. */
export function isMirrorPod(pod: KubeObject): boolean {
  return !!pod.metadata.annotations?.[CONFIG_MIRROR_ANNOTATION];
}

/** The mirror pod of a static pod manifest on a node. */
export function mirrorPod(manifest: KubeObject, nodeName: string, nodeUid: string, seenMs: number): KubeObject {
  const hash = hex64(JSON.stringify(manifest)).slice(0, 32);
  const meta = manifest.metadata;
  const spec = { ...(manifest.spec as object | undefined), nodeName } as Record<string, unknown>;
  const tolerations = (spec.tolerations as object[] | undefined) ?? [];
  spec.tolerations = [...tolerations, { operator: 'Exists', effect: 'NoExecute' }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${meta.name}-${nodeName}`,
      namespace: meta.namespace ?? 'default',
      labels: meta.labels,
      annotations: {
        ...meta.annotations,
        [CONFIG_HASH_ANNOTATION]: hash,
        [CONFIG_MIRROR_ANNOTATION]: hash,
        [CONFIG_SEEN_ANNOTATION]: rfc3339(seenMs).replace('Z', '.000000000Z'),
        [CONFIG_SOURCE_ANNOTATION]: 'file',
      },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid, controller: true }],
    },
    spec,
  };
}
