/**
 * Version conversion between what a client speaks and what storage holds. Versions of a group share
 * one storage; autoscaling HPAs are stored as v2 and converted for v1 (targetCPUUtilizationPercentage
 * and the `autoscaling.alpha.kubernetes.io/*` annotations that carry what v1 cannot express).
 */
import { apiVersionOf, type ResourceInfo } from '../api/registry';
import type { KubeObject } from '../api/types';
import { coreEventToEventsV1, eventsV1ToCoreEvent } from './eventconversion';

/** The apiVersion objects of a resource are stored as. */
export function storageApiVersion(info: Pick<ResourceInfo, 'group' | 'version' | 'resource'>): string {
  if (info.group === 'autoscaling' && info.resource === 'horizontalpodautoscalers') return 'autoscaling/v2';
  if (info.group === 'events.k8s.io' && info.resource === 'events') return 'v1';
  return apiVersionOf(info);
}

const metricsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics';
const currentMetricsAnnotation = 'autoscaling.alpha.kubernetes.io/current-metrics';
const conditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';
const behaviorAnnotation = 'autoscaling.alpha.kubernetes.io/behavior';
const hpaAnnotations = [metricsAnnotation, currentMetricsAnnotation, conditionsAnnotation, behaviorAnnotation];

type Obj = Record<string, unknown>;

function isCpuUtilization(m: Obj): boolean {
  const r = m.resource as Obj | undefined;
  const t = r?.target as Obj | undefined;
  return m.type === 'Resource' && r?.name === 'cpu' && t?.type === 'Utilization';
}

function isCpuCurrent(m: Obj): boolean {
  const r = m.resource as Obj | undefined;
  return m.type === 'Resource' && r?.name === 'cpu' && (r.current as Obj | undefined)?.averageUtilization !== undefined;
}

function hpaV2ToV1(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Obj;
  const status = obj.status as Obj | undefined;
  const annotations: Record<string, string> = { ...obj.metadata.annotations };
  const metrics = ((spec.metrics as Obj[] | undefined) ?? []);
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  if (others.length) annotations[metricsAnnotation] = JSON.stringify(others);
  if (spec.behavior) annotations[behaviorAnnotation] = JSON.stringify(spec.behavior);
  const v1spec: Obj = { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas };
  if (cpu) v1spec.targetCPUUtilizationPercentage = ((cpu.resource as Obj).target as Obj).averageUtilization;
  const out: KubeObject = { ...obj, apiVersion: 'autoscaling/v1', spec: v1spec };
  if (status) {
    const current = ((status.currentMetrics as Obj[] | undefined) ?? []);
    const cpuNow = current.find(isCpuCurrent);
    const rest = current.filter((m) => m !== cpuNow);
    if (rest.length) annotations[currentMetricsAnnotation] = JSON.stringify(rest);
    if ((status.conditions as unknown[] | undefined)?.length) annotations[conditionsAnnotation] = JSON.stringify(status.conditions);
    const v1status: Obj = {};
    for (const k of ['observedGeneration', 'lastScaleTime', 'currentReplicas', 'desiredReplicas']) if (status[k] !== undefined) v1status[k] = status[k];
    if (cpuNow) v1status.currentCPUUtilizationPercentage = ((cpuNow.resource as Obj).current as Obj).averageUtilization;
    out.status = v1status;
  }
  out.metadata = { ...obj.metadata };
  if (Object.keys(annotations).length) out.metadata.annotations = annotations;
  else delete out.metadata.annotations;
  return out;
}

function parseAnnotation<T>(annotations: Record<string, string>, key: string): T | undefined {
  const text = annotations[key];
  if (text === undefined) return undefined;
  delete annotations[key];
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function hpaV1ToV2(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Obj;
  const annotations: Record<string, string> = { ...obj.metadata.annotations };
  const metrics: Obj[] = [];
  if (typeof spec.targetCPUUtilizationPercentage === 'number') {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
  }
  metrics.push(...(parseAnnotation<Obj[]>(annotations, metricsAnnotation) ?? []));
  const v2spec: Obj = { scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas };
  if (metrics.length) v2spec.metrics = metrics;
  const behavior = parseAnnotation<Obj>(annotations, behaviorAnnotation);
  if (behavior) v2spec.behavior = behavior;
  const out: KubeObject = { ...obj, apiVersion: 'autoscaling/v2', spec: v2spec };
  const current = parseAnnotation<Obj[]>(annotations, currentMetricsAnnotation) ?? [];
  const conditions = parseAnnotation<unknown[]>(annotations, conditionsAnnotation);
  const status = obj.status as Obj | undefined;
  if (status) {
    const v2status: Obj = {};
    for (const k of ['observedGeneration', 'lastScaleTime', 'currentReplicas', 'desiredReplicas']) if (status[k] !== undefined) v2status[k] = status[k];
    const cpuNow = status.currentCPUUtilizationPercentage;
    const all = typeof cpuNow === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpuNow } } }, ...current] : current;
    if (all.length) v2status.currentMetrics = all;
    if (conditions) v2status.conditions = conditions;
    out.status = v2status;
  }
  out.metadata = { ...obj.metadata };
  for (const k of hpaAnnotations) delete annotations[k];
  if (Object.keys(annotations).length) out.metadata.annotations = annotations;
  else delete out.metadata.annotations;
  return out;
}

/** The object as the client's version shows it; the stored object itself when versions agree. */
export function fromStorage(obj: KubeObject, info: ResourceInfo): KubeObject {
  const want = apiVersionOf(info);
  if (obj.apiVersion === want) return obj;
  if (info.group === 'autoscaling' && want === 'autoscaling/v1') return hpaV2ToV1(obj);
  if (obj.kind === 'Event' && obj.apiVersion === 'v1' && want === 'events.k8s.io/v1') return coreEventToEventsV1(obj);
  if (obj.kind === 'Event' && obj.apiVersion === 'events.k8s.io/v1' && want === 'v1') return eventsV1ToCoreEvent(obj);
  return { ...obj, apiVersion: want };
}

/** The object in its storage version. */
export function toStorage(obj: KubeObject, info: ResourceInfo): KubeObject {
  const want = storageApiVersion(info);
  if (obj.apiVersion === want) return obj;
  if (info.group === 'autoscaling' && obj.apiVersion === 'autoscaling/v1') return hpaV1ToV2(obj);
  if (obj.kind === 'Event' && obj.apiVersion === 'events.k8s.io/v1' && want === 'v1') return eventsV1ToCoreEvent(obj);
  return { ...obj, apiVersion: want };
}
