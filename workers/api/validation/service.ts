/** Service validation as upstream's ValidateService and ValidateServiceUpdate for the fields we model. */
import { field } from '../errors';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, nameIsDNS1035Label } from '../names';
import type { FieldError, KubeObject } from '../types';
import { supportedProtocols } from './container';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { arr, invalidEach, num, obj, str, type Obj } from './util';

const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const affinities = ['ClientIP', 'None'];
const trafficPolicies = ['Cluster', 'Local'];

function validateTargetPort(v: unknown, path: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'number') return invalidEach(path, v, isValidPortNum(v));
  if (typeof v === 'string') return invalidEach(path, v, isValidPortName(v));
  return [field.invalid(path, v, 'must be an integer or a port name')];
}

function validatePorts(spec: Obj, type: string): FieldError[] {
  const errs: FieldError[] = [];
  const ports = arr(spec, 'ports');
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `spec.ports[${i}]`;
    const name = str(port, 'name');
    if (ports.length > 1 && !name) errs.push(field.required(`${p}.name`, ''));
    if (name) {
      errs.push(...invalidEach(`${p}.name`, name, isDNS1123Label(name)));
      if (names.has(name)) errs.push(field.duplicate(`${p}.name`, name));
      names.add(name);
    }
    const portNum = num(port, 'port') ?? 0;
    errs.push(...invalidEach(`${p}.port`, portNum, isValidPortNum(portNum)));
    const protocol = str(port, 'protocol');
    if (!protocol) errs.push(field.required(`${p}.protocol`, ''));
    else if (!supportedProtocols.includes(protocol)) errs.push(field.notSupported(`${p}.protocol`, protocol, supportedProtocols));
    errs.push(...validateTargetPort((port as Obj | undefined)?.targetPort, `${p}.targetPort`));
    const nodePort = num(port, 'nodePort') ?? 0;
    if (nodePort !== 0) {
      if (type === 'ClusterIP') errs.push(field.forbidden(`${p}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
      else errs.push(...invalidEach(`${p}.nodePort`, nodePort, isValidPortNum(nodePort)));
    }
  });
  return errs;
}

function validatePolicies(spec: Obj, type: string): FieldError[] {
  const errs: FieldError[] = [];
  const affinity = str(spec, 'sessionAffinity');
  if (!affinity) errs.push(field.required('spec.sessionAffinity', ''));
  else if (!affinities.includes(affinity)) errs.push(field.notSupported('spec.sessionAffinity', affinity, affinities));
  const timeout = num(obj(obj(spec, 'sessionAffinityConfig'), 'clientIP'), 'timeoutSeconds');
  if (timeout !== undefined && (timeout <= 0 || timeout > 86400)) {
    errs.push(field.invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400'));
  }
  const external = str(spec, 'externalTrafficPolicy');
  if (external) {
    if (type !== 'NodePort' && type !== 'LoadBalancer') {
      errs.push(field.invalid('spec.externalTrafficPolicy', external, "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
    } else if (!trafficPolicies.includes(external)) {
      errs.push(field.notSupported('spec.externalTrafficPolicy', external, trafficPolicies));
    }
  }
  const internal = str(spec, 'internalTrafficPolicy');
  if (internal && !trafficPolicies.includes(internal)) errs.push(field.notSupported('spec.internalTrafficPolicy', internal, trafficPolicies));
  return errs;
}

/** ValidateService. */
export function validateService(svc: KubeObject): FieldError[] {
  const errs = validateObjectMeta(svc.metadata, { namespaced: true, nameCheck: nameIsDNS1035Label });
  const spec = obj(svc, 'spec') ?? {};
  const type = str(spec, 'type');
  if (!type) errs.push(field.required('spec.type', ''));
  else if (!serviceTypes.includes(type)) errs.push(field.notSupported('spec.type', type, serviceTypes));
  const headless = str(spec, 'clusterIP') === 'None';
  if (arr(spec, 'ports').length === 0 && !headless && type !== 'ExternalName') errs.push(field.required('spec.ports', ''));
  if (type === 'ExternalName') {
    const name = str(spec, 'externalName');
    if (!name) errs.push(field.required('spec.externalName', ''));
    else errs.push(...invalidEach('spec.externalName', name, isDNS1123Subdomain(name.replace(/\.$/, ''))));
    if (str(spec, 'clusterIP')) errs.push(field.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
  }
  errs.push(...validatePorts(spec, type));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  errs.push(...validatePolicies(spec, type));
  return errs;
}

/** ValidateServiceUpdate: an allocated cluster IP stays, unless the Service becomes ExternalName. */
export function validateServiceUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(svc, old), ...validateService(svc)];
  const spec = obj(svc, 'spec') ?? {};
  const oldSpec = obj(old, 'spec') ?? {};
  const ip = str(spec, 'clusterIP');
  const oldIP = str(oldSpec, 'clusterIP');
  // An omitted clusterIP is filled from the stored Service by the REST layer, as upstream's patchAllocatedValues.
  if (str(spec, 'type') !== 'ExternalName' && oldIP && ip && ip !== oldIP) {
    errs.push(field.invalid('spec.clusterIPs[0]', arr(spec, 'clusterIPs').length ? spec.clusterIPs : [ip], 'may not change once set'));
  }
  return errs;
}
