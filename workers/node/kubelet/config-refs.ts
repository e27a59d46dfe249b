/**
 * ConfigMaps and Secrets a pod needs before it can run (the kubelet's configmap/secret managers and
 * volume manager, simulated): a missing volume source keeps the pod in ContainerCreating with
 * FailedMount events; a missing environment source fails the container with
 * CreateContainerConfigError. Optional references may be missing.
 */
import type { KubeObject } from '../../api/types';
import type { Client } from '../../client/client';
import { isNotFound } from '../../controllers/api-errors';
import { podSpec, type ContainerSpec } from './pod-types';

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps' };
const SECRETS = { group: '', version: 'v1', resource: 'secrets' };

type SourceKind = 'configmap' | 'secret';

interface VolumeSpec {
  name: string;
  configMap?: { name?: string; optional?: boolean };
  secret?: { secretName?: string; optional?: boolean };
}

/** Reads ConfigMaps and Secrets for the pods of one node. */
export class ConfigSource {
  constructor(private readonly client: Client) {}

  /** The object, or undefined when it does not exist. */
  async get(kind: SourceKind, namespace: string, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.client.resource(kind === 'configmap' ? CONFIGMAPS : SECRETS, namespace).get(name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * The FailedMount messages for the pod's configMap and secret volumes whose source is missing
   * (`MountVolume.SetUp failed for volume "cfg" : configmap "app" not found`); empty when all mount.
   */
  async unmountable(pod: KubeObject): Promise<string[]> {
    const ns = pod.metadata.namespace!;
    const out: string[] = [];
    for (const v of ((pod.spec as { volumes?: VolumeSpec[] } | undefined)?.volumes ?? [])) {
      const ref: [SourceKind, string | undefined, boolean | undefined] | undefined = v.configMap
        ? ['configmap', v.configMap.name, v.configMap.optional]
        : v.secret
          ? ['secret', v.secret.secretName, v.secret.optional]
          : undefined;
      if (!ref || ref[2] || !ref[1]) continue;
      if (!(await this.get(ref[0], ns, ref[1]))) out.push(`MountVolume.SetUp failed for volume "${v.name}" : ${ref[0]} "${ref[1]}" not found`);
    }
    return out;
  }

  /**
   * Why the container's environment cannot be built (makeEnvironmentVariables), in the kubelet's
   * words: `configmap "app" not found`, `couldn't find key mode in ConfigMap default/app`.
   */
  async envError(pod: KubeObject, container: ContainerSpec): Promise<string | undefined> {
    const ns = pod.metadata.namespace!;
    const c = container;
    for (const from of c.envFrom ?? []) {
      const ref: [SourceKind, { name?: string; optional?: boolean } | undefined] = from.configMapRef ? ['configmap', from.configMapRef] : ['secret', from.secretRef];
      if (!ref[1]?.name || ref[1].optional) continue;
      if (!(await this.get(ref[0], ns, ref[1].name))) return `${ref[0]} "${ref[1].name}" not found`;
    }
    for (const e of c.env ?? []) {
      const cm = e.valueFrom?.configMapKeyRef;
      const sec = e.valueFrom?.secretKeyRef;
      const ref = cm ?? sec;
      if (!ref?.name) continue;
      const kind: SourceKind = cm ? 'configmap' : 'secret';
      const obj = await this.get(kind, ns, ref.name);
      if (!obj) {
        if (ref.optional) continue;
        return `${kind} "${ref.name}" not found`;
      }
      const data = { ...(obj as { data?: object }).data, ...(obj as { binaryData?: object; stringData?: object }).binaryData };
      if (!(ref.key in data) && !ref.optional) return `couldn't find key ${ref.key} in ${cm ? 'ConfigMap' : 'Secret'} ${ns}/${ref.name}`;
    }
    return undefined;
  }
}

/** True when the pod references a ConfigMap or Secret at all (most do not: no reads for them). */
export function hasConfigRefs(pod: KubeObject): boolean {
  const spec = podSpec(pod);
  const volumes = (pod.spec as { volumes?: VolumeSpec[] } | undefined)?.volumes ?? [];
  if (volumes.some((v) => v.configMap || v.secret)) return true;
  return [...(spec.initContainers ?? []), ...spec.containers].some((c) => {
    return (c.envFrom?.length ?? 0) > 0 || (c.env ?? []).some((x) => x.valueFrom?.configMapKeyRef || x.valueFrom?.secretKeyRef);
  });
}
