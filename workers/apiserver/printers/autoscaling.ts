/** autoscaling: HorizontalPodAutoscalers (v1 and v2 shapes) and the Scale subresource. */
import type { KubeObject } from '../../api/types';
import { ageColumn, ageOf, apiDoc, arr, col, doc, field, nameColumn, nameOf, num, quantityString, str, type KindPrinter } from './format';

type Obj = Record<string, unknown>;

/** An autoscaling/v1 HPA's CPU target and reading, as the v2 metric conversion makes them. */
function v1Metrics(hpa: KubeObject): { specs: Obj[]; statuses: Obj[] } {
  const target = field(hpa, 'spec', 'targetCPUUtilizationPercentage');
  if (typeof target !== 'number') return { specs: [], statuses: [] };
  const specs = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }];
  const current = field(hpa, 'status', 'currentCPUUtilizationPercentage');
  const statuses = typeof current === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }] : [];
  return { specs, statuses };
}

/** `current/target` for a metric with a value or an average value target. */
function valueTarget(kind: string, spec: Obj, status: Obj | undefined): string {
  const target = (field(spec, kind, 'target') ?? {}) as Obj;
  const current = (field(status, kind, 'current') ?? undefined) as Obj | undefined;
  if (target.averageValue !== undefined) {
    const cur = current?.averageValue !== undefined ? quantityString(current.averageValue) : '<unknown>';
    return `${cur}/${quantityString(target.averageValue)} (avg)`;
  }
  const cur = current ? quantityString(current.value) : '<unknown>';
  return `${cur}/${quantityString(target.value)}`;
}

/** `cpu: 40%/80%` or `memory: 100Mi/200Mi` for a (container) resource metric. */
function resourceTarget(kind: string, spec: Obj, status: Obj | undefined): string {
  const name = str(spec, kind, 'name');
  const target = (field(spec, kind, 'target') ?? {}) as Obj;
  const current = field(status, kind, 'current') as Obj | undefined;
  if (target.averageValue !== undefined) {
    const cur = current ? quantityString(current.averageValue) : '<unknown>';
    return `${name}: ${cur}/${quantityString(target.averageValue)}`;
  }
  const cur = typeof current?.averageUtilization === 'number' ? `${current.averageUtilization}%` : '<unknown>';
  const tgt = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
  return `${name}: ${cur}/${tgt}`;
}

function metricText(spec: Obj, status: Obj | undefined): string {
  switch (spec.type) {
    case 'External':
      return valueTarget('external', spec, status);
    case 'Object':
      return valueTarget('object', spec, status);
    case 'Pods': {
      const cur = status && field(status, 'pods') ? quantityString(field(status, 'pods', 'current', 'averageValue')) : '<unknown>';
      return `${cur}/${quantityString(field(spec, 'pods', 'target', 'averageValue'))}`;
    }
    case 'Resource':
      return resourceTarget('resource', spec, status);
    case 'ContainerResource':
      return resourceTarget('containerResource', spec, status);
  }
  return '<unknown type>';
}

/** formatHPAMetrics: the first two metrics, then `+ N more...`; `<none>` without metrics. */
export function formatHpaMetrics(hpa: KubeObject): string {
  let specs = arr(hpa, 'spec', 'metrics');
  let statuses = arr(hpa, 'status', 'currentMetrics');
  if (field(hpa, 'spec', 'metrics') === undefined) ({ specs, statuses } = v1Metrics(hpa));
  if (specs.length === 0) return '<none>';
  const max = 2;
  // A status counts for its spec only when it reports the same kind of source.
  const list = specs.map((s, i) => metricText(s, statuses[i] && field(statuses[i], kindField(s)) !== undefined ? statuses[i] : undefined));
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

function kindField(spec: Obj): string {
  const t = String(spec.type ?? '');
  return t.charAt(0).toLowerCase() + t.slice(1);
}

/** HorizontalPodAutoscalers: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE. */
export const horizontalPodAutoscalerPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Reference', 'string', apiDoc('autoscaling.v2.HorizontalPodAutoscalerSpec', 'scaleTargetRef')),
    col('Targets', 'string', apiDoc('autoscaling.v2.HorizontalPodAutoscalerSpec', 'metrics')),
    col('MinPods', 'string', apiDoc('autoscaling.v2.HorizontalPodAutoscalerSpec', 'minReplicas')),
    col('MaxPods', 'string', apiDoc('autoscaling.v2.HorizontalPodAutoscalerSpec', 'maxReplicas')),
    col('Replicas', 'string', apiDoc('autoscaling.v2.HorizontalPodAutoscalerStatus', 'currentReplicas')),
    ageColumn(),
  ],
  print(hpa, ctx) {
    const min = field(hpa, 'spec', 'minReplicas');
    return {
      cells: [
        nameOf(hpa),
        `${str(hpa, 'spec', 'scaleTargetRef', 'kind')}/${str(hpa, 'spec', 'scaleTargetRef', 'name')}`,
        formatHpaMetrics(hpa),
        typeof min === 'number' ? String(min) : '<unset>',
        num(hpa, ['spec', 'maxReplicas']),
        num(hpa, ['status', 'currentReplicas']),
        ageOf(hpa, ctx),
      ],
    };
  },
};

/** autoscaling/v1 Scale (`kubectl get --subresource=scale`): NAME DESIRED AVAILABLE AGE. */
export const scalePrinter: KindPrinter = {
  columns: [
    col('Name', 'string', doc('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'name')),
    col('Desired', 'integer', apiDoc('autoscaling.v1.ScaleSpec', 'replicas')),
    col('Available', 'integer', apiDoc('autoscaling.v1.ScaleStatus', 'replicas')),
    ageColumn(),
  ],
  print: (obj, ctx) => ({ cells: [nameOf(obj), num(obj, ['spec', 'replicas']), num(obj, ['status', 'replicas']), ageOf(obj, ctx)] }),
};
