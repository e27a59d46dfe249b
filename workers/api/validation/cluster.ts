/**
 * Validation of Lease, PodDisruptionBudget, PriorityClass, HorizontalPodAutoscaler, Ingress,
 * IngressClass, NetworkPolicy, EndpointSlice and ControllerRevision, as upstream's validation of each.
 */
import { field } from '../errors';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, nameIsDNS1035Label, nameIsDNSSubdomain, pathSegmentName } from '../names';
import type { FieldError, KubeObject } from '../types';
import { supportedProtocols } from './container';
import { validateLabelSelector, validateObjectMeta } from './meta';
import { arr, has, invalidEach, isObj, nonNegative, num, obj, str, type Obj } from './util';
import { validateIntOrPercent } from './workloads';

const meta = (o: KubeObject, namespaced = true): FieldError[] =>
  validateObjectMeta(o.metadata, { namespaced, nameCheck: nameIsDNSSubdomain });

/** ValidateLease. */
export function validateLease(l: KubeObject): FieldError[] {
  const errs = meta(l);
  const spec = obj(l, 'spec');
  const duration = num(spec, 'leaseDurationSeconds');
  if (duration !== undefined && duration <= 0) errs.push(field.invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  errs.push(...nonNegative(num(spec, 'leaseTransitions'), 'spec.leaseTransitions'));
  return errs;
}

/** ValidatePodDisruptionBudget: minAvailable xor maxUnavailable, each a count or a percentage. */
export function validatePodDisruptionBudget(pdb: KubeObject): FieldError[] {
  const errs = meta(pdb);
  const spec = obj(pdb, 'spec') ?? {};
  if (has(spec, 'minAvailable') && has(spec, 'maxUnavailable')) {
    errs.push(field.invalid('spec.minAvailable', spec.minAvailable, 'minAvailable and maxUnavailable cannot be both set'));
  }
  errs.push(...validateIntOrPercent(spec.minAvailable, 'spec.minAvailable'));
  errs.push(...validateIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = str(spec, 'unhealthyPodEvictionPolicy');
  const policies = ['AlwaysAllow', 'IfHealthyBudget'];
  if (policy && !policies.includes(policy)) errs.push(field.notSupported('spec.unhealthyPodEvictionPolicy', policy, policies));
  return errs;
}

/** HighestUserDefinablePriority: values above it belong to system classes. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;
const systemPriorityClasses = new Set(['system-cluster-critical', 'system-node-critical']);

/** ValidatePriorityClass. */
export function validatePriorityClass(pc: KubeObject): FieldError[] {
  const errs = meta(pc, false);
  const name = pc.metadata?.name ?? '';
  const value = num(pc, 'value') ?? 0;
  if (systemPriorityClasses.has(name)) return errs;
  if (name.startsWith('system-')) {
    errs.push(field.forbidden('metadata.name', "priority class names with 'system-' prefix are reserved for system use only"));
  }
  if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(field.forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  const policy = str(pc, 'preemptionPolicy');
  const policies = ['Never', 'PreemptLowerPriority'];
  if (policy && !policies.includes(policy)) errs.push(field.notSupported('preemptionPolicy', policy, policies));
  return errs;
}

/** ValidatePriorityClassUpdate: value and preemptionPolicy are fixed. */
export function validatePriorityClassUpdate(pc: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (pc.value !== old.value) errs.push(field.forbidden('value', 'may not be changed in an update.'));
  if ((pc.preemptionPolicy ?? '') !== (old.preemptionPolicy ?? '')) {
    errs.push(field.invalid('preemptionPolicy', pc.preemptionPolicy ?? '', 'field is immutable'));
  }
  return errs;
}

const metricTypes = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const targetTypes = ['AverageValue', 'Utilization', 'Value'];

function validateMetric(m: unknown, path: string): FieldError[] {
  const type = str(m, 'type');
  if (!type) return [field.required(`${path}.type`, 'must specify a metric source type')];
  if (!metricTypes.includes(type)) return [field.notSupported(`${path}.type`, type, metricTypes)];
  const key = type.charAt(0).toLowerCase() + type.slice(1);
  const source = obj(m, key);
  if (!source) return [field.required(`${path}.${key}`, `must populate information for the given metric source`)];
  const errs: FieldError[] = [];
  if ((type === 'Resource' || type === 'ContainerResource') && !str(source, 'name')) errs.push(field.required(`${path}.${key}.name`, 'must specify a resource name'));
  const target = obj(source, 'target');
  const tPath = `${path}.${key}.target`;
  const tType = str(target, 'type');
  if (!tType) errs.push(field.required(`${tPath}.type`, 'must specify a metric target type'));
  else if (!targetTypes.includes(tType)) errs.push(field.notSupported(`${tPath}.type`, tType, targetTypes));
  const util = num(target, 'averageUtilization');
  if (util !== undefined && util < 1) errs.push(field.invalid(`${tPath}.averageUtilization`, util, 'must be greater than 0'));
  return errs;
}

/** ValidateHorizontalPodAutoscaler (v1 and v2 shapes). */
export function validateHorizontalPodAutoscaler(hpa: KubeObject): FieldError[] {
  const errs = meta(hpa);
  const spec = obj(hpa, 'spec') ?? {};
  const ref = obj(spec, 'scaleTargetRef');
  if (!str(ref, 'kind')) errs.push(field.required('spec.scaleTargetRef.kind', ''));
  else errs.push(...invalidEach('spec.scaleTargetRef.kind', str(ref, 'kind'), pathSegmentName(str(ref, 'kind'), false)));
  if (!str(ref, 'name')) errs.push(field.required('spec.scaleTargetRef.name', ''));
  else errs.push(...invalidEach('spec.scaleTargetRef.name', str(ref, 'name'), pathSegmentName(str(ref, 'name'), false)));
  const min = num(spec, 'minReplicas');
  const max = num(spec, 'maxReplicas') ?? 0;
  if (min !== undefined && min < 1) errs.push(field.invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(field.invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min) errs.push(field.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  const cpu = num(spec, 'targetCPUUtilizationPercentage');
  if (cpu !== undefined && cpu < 1) errs.push(field.invalid('spec.targetCPUUtilizationPercentage', cpu, 'must be greater than 0'));
  arr(spec, 'metrics').forEach((m, i) => errs.push(...validateMetric(m, `spec.metrics[${i}]`)));
  return errs;
}

const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];

function validateIngressBackend(b: unknown, path: string): FieldError[] {
  const svc = obj(b, 'service');
  const resource = obj(b, 'resource');
  if (svc && resource) return [field.invalid(path, '', 'cannot set both resource and service backends')];
  if (!svc && !resource) return [field.invalid(path, '', 'one of `service` or `resource` must be specified')];
  if (!svc) return [];
  const errs: FieldError[] = [];
  const name = str(svc, 'name');
  if (!name) errs.push(field.required(`${path}.service.name`, ''));
  else errs.push(...invalidEach(`${path}.service.name`, name, nameIsDNS1035Label(name, false)));
  const port = obj(svc, 'port');
  const portName = str(port, 'name');
  const portNum = num(port, 'number');
  if (portName && portNum !== undefined) errs.push(field.invalid(`${path}.service.port`, port, 'cannot set both port name & port number'));
  else if (portName) errs.push(...invalidEach(`${path}.service.port.name`, portName, isValidPortName(portName)));
  else if (portNum !== undefined) errs.push(...invalidEach(`${path}.service.port.number`, portNum, isValidPortNum(portNum)));
  else errs.push(field.required(`${path}.service.port`, 'port name or number is required'));
  return errs;
}

function validateIngressRule(rule: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const host = str(rule, 'host');
  if (host) {
    if (/^[0-9.]+$/.test(host) || host.includes(':')) errs.push(field.invalid(`${path}.host`, host, 'must be a DNS name, not an IP address'));
    else errs.push(...invalidEach(`${path}.host`, host, isDNS1123Subdomain(host.startsWith('*.') ? host.slice(2) : host)));
  }
  const http = obj(rule, 'http');
  if (!http) return errs;
  const paths = arr(http, 'paths');
  if (paths.length === 0) errs.push(field.required(`${path}.http.paths`, ''));
  paths.forEach((p, i) => {
    const pp = `${path}.http.paths[${i}]`;
    const type = str(p, 'pathType');
    const value = str(p, 'path');
    if (!type) errs.push(field.required(`${pp}.pathType`, 'pathType must be specified'));
    else if (!pathTypes.includes(type)) errs.push(field.notSupported(`${pp}.pathType`, type, pathTypes));
    if ((type === 'Exact' || type === 'Prefix') && !value.startsWith('/')) errs.push(field.invalid(`${pp}.path`, value, 'must be an absolute path'));
    errs.push(...validateIngressBackend(obj(p, 'backend'), `${pp}.backend`));
  });
  return errs;
}

/** ValidateIngress (networking.k8s.io/v1). */
export function validateIngress(ing: KubeObject): FieldError[] {
  const errs = meta(ing);
  const spec = obj(ing, 'spec') ?? {};
  const rules = arr(spec, 'rules');
  if (rules.length === 0 && !has(spec, 'defaultBackend')) {
    errs.push(field.invalid('spec', rules, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (has(spec, 'defaultBackend')) errs.push(...validateIngressBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((r, i) => errs.push(...validateIngressRule(r, `spec.rules[${i}]`)));
  const className = str(spec, 'ingressClassName');
  if (className) errs.push(...invalidEach('spec.ingressClassName', className, isDNS1123Subdomain(className)));
  arr(spec, 'tls').forEach((t, i) => {
    arr(t, 'hosts').forEach((h, j) => {
      if (typeof h === 'string') errs.push(...invalidEach(`spec.tls[${i}].hosts[${j}]`, h, isDNS1123Subdomain(h.startsWith('*.') ? h.slice(2) : h)));
    });
  });
  return errs;
}

/** ValidateIngressClass. */
export function validateIngressClass(ic: KubeObject): FieldError[] {
  const errs = meta(ic, false);
  const controller = str(obj(ic, 'spec'), 'controller');
  if (!controller) errs.push(field.required('spec.controller', ''));
  else if (controller.length > 250) errs.push(field.tooLong('spec.controller', controller, 250));
  return errs;
}

function validateNetworkPolicyPort(port: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const protocol = str(port, 'protocol');
  if (protocol && !supportedProtocols.includes(protocol)) errs.push(field.notSupported(`${path}.protocol`, protocol, supportedProtocols));
  const p = isObj(port) ? port.port : undefined;
  if (typeof p === 'number') errs.push(...invalidEach(`${path}.port`, p, isValidPortNum(p)));
  else if (typeof p === 'string') errs.push(...invalidEach(`${path}.port`, p, isValidPortName(p)));
  const end = num(port, 'endPort');
  if (end !== undefined) {
    if (typeof p !== 'number') errs.push(field.required(`${path}.port`, 'must be specified when endPort is specified'));
    else if (end < p) errs.push(field.invalid(`${path}.endPort`, end, 'must be greater than or equal to `port`'));
  }
  return errs;
}

function validatePeers(peers: unknown[], path: string): FieldError[] {
  return peers.flatMap((peer, i) => {
    const p = `${path}[${i}]`;
    const set = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => has(peer, k));
    if (set.length === 0) return [field.required(p, 'must specify a peer')];
    if (has(peer, 'ipBlock') && set.length > 1) return [field.forbidden(p, 'may not specify both ipBlock and another peer')];
    return [...validateLabelSelector((peer as Obj).podSelector, `${p}.podSelector`), ...validateLabelSelector((peer as Obj).namespaceSelector, `${p}.namespaceSelector`)];
  });
}

/** ValidateNetworkPolicy. */
export function validateNetworkPolicy(np: KubeObject): FieldError[] {
  const errs = meta(np);
  const spec = obj(np, 'spec') ?? {};
  errs.push(...validateLabelSelector(spec.podSelector, 'spec.podSelector'));
  for (const [dir, peerKey] of [['ingress', 'from'], ['egress', 'to']]) {
    arr(spec, dir).forEach((rule, i) => {
      arr(rule, 'ports').forEach((port, j) => errs.push(...validateNetworkPolicyPort(port, `spec.${dir}[${i}].ports[${j}]`)));
      errs.push(...validatePeers(arr(rule, peerKey), `spec.${dir}[${i}].${peerKey}`));
    });
  }
  const types = arr(spec, 'policyTypes');
  const allowed = ['Egress', 'Ingress'];
  types.forEach((t, i) => {
    if (typeof t !== 'string' || !allowed.includes(t)) errs.push(field.notSupported(`spec.policyTypes[${i}]`, t, allowed));
  });
  if (types.length > 2) errs.push(field.invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
  return errs;
}

const addressTypes = ['FQDN', 'IPv4', 'IPv6'];

/** ValidateEndpointSlice (discovery.k8s.io/v1). */
export function validateEndpointSlice(es: KubeObject): FieldError[] {
  const errs = meta(es);
  const type = str(es, 'addressType');
  if (!type) errs.push(field.required('addressType', ''));
  else if (!addressTypes.includes(type)) errs.push(field.notSupported('addressType', type, addressTypes));
  arr(es, 'endpoints').forEach((ep, i) => {
    if (arr(ep, 'addresses').length === 0) errs.push(field.required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
  });
  arr(es, 'ports').forEach((port, i) => {
    const p = `ports[${i}]`;
    const name = str(port, 'name');
    if (name) errs.push(...invalidEach(`${p}.name`, name, isDNS1123Label(name)));
    const protocol = str(port, 'protocol');
    if (protocol && !supportedProtocols.includes(protocol)) errs.push(field.notSupported(`${p}.protocol`, protocol, supportedProtocols));
    const n = num(port, 'port');
    if (n !== undefined) errs.push(...invalidEach(`${p}.port`, n, isValidPortNum(n)));
  });
  return errs;
}

/** ValidateControllerRevision. */
export function validateControllerRevision(cr: KubeObject): FieldError[] {
  const errs = meta(cr);
  if (cr.data === undefined || cr.data === null) errs.push(field.required('data', 'data is mandatory'));
  errs.push(...nonNegative(num(cr, 'revision'), 'revision'));
  return errs;
}
