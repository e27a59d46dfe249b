/**
 * Container validation as upstream's validateContainers / validateInitContainers: names, images,
 * ports, env, resources, probes, lifecycle handlers and volume mounts.
 */
import { field } from '../errors';
import { isDNS1123Label, isQualifiedName, isRelaxedEnvVarName, isValidPortName, isValidPortNum } from '../names';
import { tryParseQuantity } from '../quantity';
import type { FieldError } from '../types';
import { arr, has, invalidEach, isObj, nonNegative, num, obj, str } from './util';

const pullPolicies = ['Always', 'IfNotPresent', 'Never'];
const messagePolicies = ['FallbackToLogsOnError', 'File'];
/** Upstream lists the protocols from a sorted set. */
export const supportedProtocols = ['SCTP', 'TCP', 'UDP'];

/** validateContainerPorts: containerPort required and in range, names unique IANA names, protocol. */
export function validateContainerPorts(ports: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `${path}[${i}]`;
    const name = str(port, 'name');
    if (name) {
      errs.push(...invalidEach(`${p}.name`, name, isValidPortName(name)));
      if (names.has(name)) errs.push(field.duplicate(`${p}.name`, name));
      names.add(name);
    }
    const containerPort = num(port, 'containerPort') ?? 0;
    if (containerPort === 0) errs.push(field.required(`${p}.containerPort`, ''));
    else errs.push(...invalidEach(`${p}.containerPort`, containerPort, isValidPortNum(containerPort)));
    const hostPort = num(port, 'hostPort') ?? 0;
    if (hostPort !== 0) errs.push(...invalidEach(`${p}.hostPort`, hostPort, isValidPortNum(hostPort)));
    const protocol = str(port, 'protocol');
    if (!protocol) errs.push(field.required(`${p}.protocol`, ''));
    else if (!supportedProtocols.includes(protocol)) errs.push(field.notSupported(`${p}.protocol`, protocol, supportedProtocols));
  });
  return errs;
}

function validateEnv(env: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  env.forEach((e, i) => {
    const p = `${path}[${i}]`;
    const name = str(e, 'name');
    if (!name) errs.push(field.required(`${p}.name`, ''));
    else errs.push(...invalidEach(`${p}.name`, name, isRelaxedEnvVarName(name)));
    const from = obj(e, 'valueFrom');
    if (!from) return;
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => has(from, k));
    if (sources.length === 0) errs.push(field.invalid(`${p}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (sources.length > 1) errs.push(field.invalid(`${p}.valueFrom`, '', 'may not have more than one field specified at a time'));
    if (str(e, 'value') && sources.length) errs.push(field.invalid(`${p}.valueFrom`, '', 'may not be specified when `value` is not empty'));
    for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
      const r = obj(from, ref);
      if (r && !str(r, 'key')) errs.push(field.required(`${p}.valueFrom.${ref}.key`, ''));
    }
    const fieldRef = obj(from, 'fieldRef');
    if (fieldRef && !str(fieldRef, 'fieldPath')) errs.push(field.required(`${p}.valueFrom.fieldRef.fieldPath`, ''));
  });
  return errs;
}

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);

function isContainerResourceName(name: string): boolean {
  return standardContainerResources.has(name) || name.startsWith('hugepages-') || (name.includes('/') && !name.startsWith('kubernetes.io/'));
}

function validateResourceList(list: unknown, path: string): FieldError[] {
  if (!isObj(list)) return [];
  const errs: FieldError[] = [];
  for (const [name, value] of Object.entries(list)) {
    const p = `${path}[${name}]`;
    errs.push(...invalidEach(p, name, isQualifiedName(name)));
    if (!isContainerResourceName(name)) errs.push(field.invalid(p, name, 'must be a standard resource for containers'));
    const q = tryParseQuantity(value);
    if (!q) errs.push(field.invalid(p, value, 'must be a valid quantity'));
    else if (q.sign() < 0) errs.push(field.invalid(p, String(value), 'must be greater than or equal to 0'));
  }
  return errs;
}

/** ValidateResourceRequirements: valid names and quantities, and every request within its limit. */
export function validateResources(resources: unknown, path: string): FieldError[] {
  const limits = obj(resources, 'limits');
  const requests = obj(resources, 'requests');
  const errs = [...validateResourceList(limits, `${path}.limits`), ...validateResourceList(requests, `${path}.requests`)];
  for (const [name, value] of Object.entries(requests ?? {})) {
    const limit = limits?.[name];
    const q = tryParseQuantity(value);
    const l = limit === undefined ? undefined : tryParseQuantity(limit);
    if (q && l && q.cmp(l) > 0) {
      errs.push(field.invalid(`${path}.requests`, q.toString(), `must be less than or equal to ${name} limit of ${l.toString()}`));
    }
  }
  return errs;
}

const handlerKinds = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'];

function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return invalidEach(path, port, isValidPortNum(port));
  if (typeof port === 'string') {
    if (port === '') return [field.required(path, '')];
    return invalidEach(path, port, isValidPortName(port));
  }
  return [field.required(path, '')];
}

/** Exactly one handler (exec, httpGet, tcpSocket, grpc, sleep) with its required parts. */
export function validateHandler(handler: unknown, path: string, allowed: string[]): FieldError[] {
  const present = allowed.filter((k) => has(handler, k));
  if (present.length === 0) return [field.required(path, 'must specify a handler type')];
  const errs: FieldError[] = present.slice(1).map((k) => field.forbidden(`${path}.${k}`, 'may not specify more than 1 handler type'));
  const kind = present[0];
  const h = obj(handler, kind);
  const p = `${path}.${kind}`;
  if (kind === 'exec' && arr(h, 'command').length === 0) errs.push(field.required(`${p}.command`, ''));
  if (kind === 'httpGet') {
    if (!str(h, 'path')) errs.push(field.required(`${p}.path`, ''));
    errs.push(...validatePortNumOrName(h?.port, `${p}.port`));
    const scheme = str(h, 'scheme');
    if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(field.notSupported(`${p}.scheme`, scheme, ['HTTP', 'HTTPS']));
  }
  if (kind === 'tcpSocket') errs.push(...validatePortNumOrName(h?.port, `${p}.port`));
  if (kind === 'grpc') errs.push(...validatePortNumOrName(h?.port, `${p}.port`));
  return errs;
}

function validateProbe(probe: unknown, path: string, mustSucceedOnce: boolean): FieldError[] {
  if (!isObj(probe)) return [];
  const errs = validateHandler(probe, path, handlerKinds.filter((k) => k !== 'sleep'));
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...nonNegative(num(probe, k), `${path}.${k}`));
  }
  const success = num(probe, 'successThreshold');
  if (mustSucceedOnce && success !== undefined && success !== 1) errs.push(field.invalid(`${path}.successThreshold`, success, 'must be 1'));
  const grace = num(probe, 'terminationGracePeriodSeconds');
  if (grace !== undefined && grace <= 0) errs.push(field.invalid(`${path}.terminationGracePeriodSeconds`, grace, 'must be greater than 0'));
  return errs;
}

function validateVolumeMounts(mounts: unknown[], volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  mounts.forEach((m, i) => {
    const p = `${path}[${i}]`;
    const name = str(m, 'name');
    if (!name) errs.push(field.required(`${p}.name`, ''));
    else if (!volumes.has(name)) errs.push(field.notFound(`${p}.name`, name));
    const mountPath = str(m, 'mountPath');
    if (!mountPath) errs.push(field.required(`${p}.mountPath`, ''));
    else if (paths.has(mountPath)) errs.push(field.invalid(`${p}.mountPath`, mountPath, 'must be unique'));
    paths.add(mountPath);
    const subPath = str(m, 'subPath');
    if (subPath.startsWith('/')) errs.push(field.invalid(`${p}.subPath`, subPath, 'must be a relative path'));
    if (subPath.split('/').includes('..')) errs.push(field.invalid(`${p}.subPath`, subPath, "must not contain '..'"));
  });
  return errs;
}

/** Which rules apply to a container list. */
export interface ContainerListKind {
  init: boolean;
}

/** One container: name, image, policies, ports, env, resources, probes, handlers, mounts. */
export function validateContainer(c: unknown, path: string, volumes: Set<string>, kind: ContainerListKind): FieldError[] {
  if (!isObj(c)) return [field.typeInvalid(path, c, 'must be an object')];
  const errs: FieldError[] = [];
  const name = str(c, 'name');
  if (!name) errs.push(field.required(`${path}.name`, ''));
  else errs.push(...invalidEach(`${path}.name`, name, isDNS1123Label(name)));
  const image = str(c, 'image');
  if (!image) errs.push(field.required(`${path}.image`, ''));
  else if (image.trim() !== image) errs.push(field.invalid(`${path}.image`, image, 'must not have leading or trailing whitespace'));
  const pull = str(c, 'imagePullPolicy');
  if (!pull) errs.push(field.required(`${path}.imagePullPolicy`, ''));
  else if (!pullPolicies.includes(pull)) errs.push(field.notSupported(`${path}.imagePullPolicy`, pull, pullPolicies));
  const msgPolicy = str(c, 'terminationMessagePolicy');
  if (!msgPolicy) errs.push(field.required(`${path}.terminationMessagePolicy`, ''));
  else if (!messagePolicies.includes(msgPolicy)) {
    errs.push(field.notSupported(`${path}.terminationMessagePolicy`, msgPolicy, messagePolicies));
  }
  errs.push(...validateContainerPorts(arr(c, 'ports'), `${path}.ports`));
  errs.push(...validateEnv(arr(c, 'env'), `${path}.env`));
  errs.push(...validateResources(c.resources, `${path}.resources`));
  errs.push(...validateVolumeMounts(arr(c, 'volumeMounts'), volumes, `${path}.volumeMounts`));
  const restartPolicy = str(c, 'restartPolicy');
  if (restartPolicy && (!kind.init || restartPolicy !== 'Always')) {
    if (kind.init) errs.push(field.notSupported(`${path}.restartPolicy`, restartPolicy, ['Always']));
    else errs.push(field.forbidden(`${path}.restartPolicy`, 'may not be set for non-init containers'));
  }
  const sidecar = kind.init && restartPolicy === 'Always';
  if (kind.init && !sidecar) {
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (has(c, probe)) errs.push(field.forbidden(`${path}.${probe}`, 'may not be set for init containers without restartPolicy=Always'));
    }
  } else {
    errs.push(...validateProbe(c.livenessProbe, `${path}.livenessProbe`, true));
    errs.push(...validateProbe(c.readinessProbe, `${path}.readinessProbe`, false));
    errs.push(...validateProbe(c.startupProbe, `${path}.startupProbe`, true));
  }
  const lifecycle = obj(c, 'lifecycle');
  for (const hook of ['postStart', 'preStop']) {
    if (has(lifecycle, hook)) errs.push(...validateHandler(lifecycle?.[hook], `${path}.lifecycle.${hook}`, handlerKinds));
  }
  return errs;
}
