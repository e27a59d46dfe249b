/**
 * PodSpec defaulting as upstream's core/v1 SetDefaults_PodSpec, SetDefaults_Container, probes and
 * volume sources. Pod templates (Deployment, Job...) get exactly these; a bare Pod also gets its
 * requests defaulted from limits (SetDefaults_Pod). Priority and preemptionPolicy are not defaults
 * upstream: the Priority admission plugin sets them, so they are left alone here.
 */
import { child, existing, isObj, items, setDefault, setDefaultString, type Obj } from './util';

/** Mode 0644, the default of configMap, secret, downwardAPI and projected volumes. */
export const DEFAULT_VOLUME_MODE = 420;

/** upstream's imagePullPolicy rule: Always for `:latest` or an untagged image, else IfNotPresent. */
export function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  // A digest pins the image: only the tag decides, and a digest without a tag is not "latest".
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  const hasTag = lastColon > lastSlash;
  if (image.includes('@') && !hasTag) return 'IfNotPresent';
  const tag = hasTag ? withoutDigest.slice(lastColon + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHandler(handler: Obj | undefined): void {
  const httpGet = existing(handler, 'httpGet');
  if (httpGet) {
    setDefaultString(httpGet, 'path', '/');
    setDefaultString(httpGet, 'scheme', 'HTTP');
  }
  const grpc = existing(handler, 'grpc');
  if (grpc) setDefault(grpc, 'service', '');
}

function defaultProbe(probe: Obj | undefined): void {
  if (!probe) return;
  defaultHandler(probe);
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
}

function defaultEnv(container: Obj): void {
  for (const env of items(container, 'env')) {
    const fieldRef = existing(existing(env, 'valueFrom'), 'fieldRef');
    if (fieldRef) setDefaultString(fieldRef, 'apiVersion', 'v1');
  }
}

/** SetDefaults_Container plus its ports, probes and lifecycle handlers. */
export function defaultContainer(container: Obj, hostNetwork: boolean): void {
  setDefaultString(container, 'imagePullPolicy', defaultPullPolicy(container.image));
  setDefaultString(container, 'terminationMessagePath', '/dev/termination-log');
  setDefaultString(container, 'terminationMessagePolicy', 'File');
  setDefault(container, 'resources', {});
  for (const port of items(container, 'ports')) {
    setDefaultString(port, 'protocol', 'TCP');
    // With the host's network the container port is the host port (SetDefaults_PodSpec).
    if (hostNetwork && (port.hostPort === undefined || port.hostPort === 0)) port.hostPort = port.containerPort;
  }
  defaultEnv(container);
  defaultProbe(existing(container, 'livenessProbe'));
  defaultProbe(existing(container, 'readinessProbe'));
  defaultProbe(existing(container, 'startupProbe'));
  const lifecycle = existing(container, 'lifecycle');
  defaultHandler(existing(lifecycle, 'postStart'));
  defaultHandler(existing(lifecycle, 'preStop'));
}

const volumeSources = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

function defaultDownwardItems(source: Obj | undefined): void {
  for (const item of items(source, 'items')) {
    const fieldRef = existing(item, 'fieldRef');
    if (fieldRef) setDefaultString(fieldRef, 'apiVersion', 'v1');
  }
}

/** SetDefaults_Volume and the defaults of each volume source we model. */
export function defaultVolume(volume: Obj): void {
  if (!volumeSources.some((s) => volume[s] !== undefined && volume[s] !== null)) volume.emptyDir = {};
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const source = existing(volume, key);
    if (source) setDefault(source, 'defaultMode', DEFAULT_VOLUME_MODE);
  }
  defaultDownwardItems(existing(volume, 'downwardAPI'));
  for (const projection of items(existing(volume, 'projected'), 'sources')) {
    defaultDownwardItems(existing(projection, 'downwardAPI'));
    const token = existing(projection, 'serviceAccountToken');
    if (token) setDefault(token, 'expirationSeconds', 3600);
  }
  const hostPath = existing(volume, 'hostPath');
  if (hostPath) setDefault(hostPath, 'type', '');
  const iscsi = existing(volume, 'iscsi');
  if (iscsi) setDefaultString(iscsi, 'iscsiInterface', 'default');
}

/** SetDefaults_PodSpec with its containers and volumes. */
export function defaultPodSpec(spec: Obj): void {
  setDefaultString(spec, 'dnsPolicy', 'ClusterFirst');
  setDefaultString(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefaultString(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'enableServiceLinks', true);
  const hostNetwork = spec.hostNetwork === true;
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of items(spec, key)) defaultContainer(c, hostNetwork);
  }
  for (const v of items(spec, 'volumes')) defaultVolume(v);
}

/** Defaults a pod template (`spec.template`) of a workload, when present. */
export function defaultPodTemplate(template: unknown): void {
  if (!isObj(template)) return;
  const spec = child(template, 'spec');
  if (spec) defaultPodSpec(spec);
}

/** SetDefaults_Pod: requests default to limits for every resource that has a limit and no request. */
export function defaultRequestsFromLimits(spec: Obj): void {
  for (const key of ['initContainers', 'containers']) {
    for (const c of items(spec, key)) {
      const resources = existing(c, 'resources');
      const limits = existing(resources, 'limits');
      if (!resources || !limits || Object.keys(limits).length === 0) continue;
      const requests = child(resources, 'requests');
      if (!requests) continue;
      for (const [name, value] of Object.entries(limits)) if (requests[name] === undefined) requests[name] = value;
    }
  }
}

/** Defaults a Pod object. */
export function defaultPod(pod: Obj): void {
  const spec = child(pod, 'spec');
  if (!spec) return;
  defaultPodSpec(spec);
  defaultRequestsFromLimits(spec);
}
