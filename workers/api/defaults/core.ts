/** Defaulting of the core/v1 kinds other than Pod and the workloads. */
import { child, existing, isObj, items, setDefault, setDefaultString, type Obj } from './util';

/** The client-IP affinity timeout upstream defaults to: three hours. */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

/**
 * SetDefaults_Service. ipFamilies, ipFamilyPolicy and clusterIP are not defaults upstream: the
 * service REST storage allocates them (apiserver/rest/serviceaddresses.ts).
 */
export function defaultService(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  setDefaultString(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'ClientIP') {
    const config = child(spec, 'sessionAffinityConfig');
    const clientIP = config && child(config, 'clientIP');
    if (clientIP) setDefault(clientIP, 'timeoutSeconds', DEFAULT_CLIENT_IP_TIMEOUT_SECONDS);
  }
  setDefaultString(spec, 'type', 'ClusterIP');
  for (const port of items(spec, 'ports')) {
    setDefaultString(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') {
      port.targetPort = port.port;
    }
  }
  const type = spec.type;
  if ((type === 'NodePort' || type === 'LoadBalancer') && !spec.externalTrafficPolicy) {
    spec.externalTrafficPolicy = 'Cluster';
  }
  if (type !== 'ExternalName') setDefaultString(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
}

/** SetDefaults_Namespace and SetDefaults_NamespaceStatus: the name label, phase Active. */
export function defaultNamespace(obj: Obj): void {
  const meta = child(obj, 'metadata');
  if (meta && typeof meta.name === 'string' && meta.name) {
    const labels = child(meta, 'labels');
    if (labels) labels['kubernetes.io/metadata.name'] = meta.name;
  }
  const status = child(obj, 'status');
  if (status) setDefaultString(status, 'phase', 'Active');
}

/** Secret: type Opaque. */
export function defaultSecret(obj: Obj): void {
  setDefaultString(obj, 'type', 'Opaque');
}

/** Node: allocatable defaults to capacity. */
export function defaultNode(obj: Obj): void {
  const status = existing(obj, 'status');
  if (status && isObj(status.capacity) && !isObj(status.allocatable)) status.allocatable = { ...status.capacity };
}

/** Endpoints: every port's protocol TCP. */
export function defaultEndpoints(obj: Obj): void {
  for (const subset of items(obj, 'subsets')) {
    for (const port of items(subset, 'ports')) setDefaultString(port, 'protocol', 'TCP');
  }
}

/** LimitRange: a Container item's default comes from max, its defaultRequest from default, then min. */
export function defaultLimitRange(obj: Obj): void {
  for (const item of items(existing(obj, 'spec'), 'limits')) {
    if (item.type !== 'Container') continue;
    const max = existing(item, 'max') ?? {};
    const min = existing(item, 'min') ?? {};
    const def = { ...existing(item, 'default') };
    for (const [k, v] of Object.entries(max)) if (def[k] === undefined) def[k] = v;
    const defReq = { ...existing(item, 'defaultRequest') };
    for (const [k, v] of Object.entries(def)) if (defReq[k] === undefined) defReq[k] = v;
    for (const [k, v] of Object.entries(min)) if (defReq[k] === undefined) defReq[k] = v;
    if (Object.keys(def).length) item.default = def;
    if (Object.keys(defReq).length) item.defaultRequest = defReq;
  }
}
