/** apps/v1 workloads: Deployments, ReplicaSets, DaemonSets, StatefulSets, ControllerRevisions. */
import type { KubeObject } from '../../api/types';
import { formatLabelSelector, labelSelectorFromObject, selectorToString } from '../../api/selectors';
import {
  ageColumn, ageOf, apiDoc, arr, col, containerCells, field, formatLabels, groupKindString, map, nameColumn, nameOf, num,
  type Cell, type KindPrinter,
} from './format';

const containersColumn = () => col('Containers', 'string', 'Names of each container in the template.', 1);
const imagesColumn = () => col('Images', 'string', 'Images referenced by each container in the template.', 1);

/** The pod template's containers (`spec.template.spec.containers`). */
export function templateContainers(obj: KubeObject, ...prefix: string[]): [string, string] {
  return containerCells(arr(obj, ...prefix, 'spec', 'template', 'spec', 'containers'));
}

/** Replicas as the internal types hold them: defaulted to 1 when unset. */
const replicas = (obj: KubeObject) => num(obj, ['spec', 'replicas'], 1);

/** Deployments: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR. */
export const deploymentPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', apiDoc('apps.v1.DeploymentStatus', 'updatedReplicas')),
    col('Available', 'string', apiDoc('apps.v1.DeploymentStatus', 'availableReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    col('Selector', 'string', apiDoc('apps.v1.DeploymentSpec', 'selector'), 1),
  ],
  print(obj, ctx) {
    const cells: Cell[] = [
      nameOf(obj),
      `${num(obj, ['status', 'readyReplicas'])}/${replicas(obj)}`,
      num(obj, ['status', 'updatedReplicas']),
      num(obj, ['status', 'availableReplicas']),
      ageOf(obj, ctx),
    ];
    if (ctx.wide) {
      // The selector's own String(): an empty selector prints empty here, not <none>.
      let selector: string;
      try {
        selector = selectorToString(labelSelectorFromObject(field(obj, 'spec', 'selector')));
      } catch {
        selector = '<invalid>';
      }
      cells.push(...templateContainers(obj), selector);
    }
    return { cells };
  },
};

/** ReplicaSets: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR. */
export const replicaSetPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Desired', 'integer', apiDoc('apps.v1.ReplicaSetSpec', 'replicas')),
    col('Current', 'integer', apiDoc('apps.v1.ReplicaSetStatus', 'replicas')),
    col('Ready', 'integer', apiDoc('apps.v1.ReplicaSetStatus', 'readyReplicas')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    col('Selector', 'string', apiDoc('apps.v1.ReplicaSetSpec', 'selector'), 1),
  ],
  print(obj, ctx) {
    const cells: Cell[] = [nameOf(obj), replicas(obj), num(obj, ['status', 'replicas']), num(obj, ['status', 'readyReplicas']), ageOf(obj, ctx)];
    if (ctx.wide) cells.push(...templateContainers(obj), formatLabelSelector(field(obj, 'spec', 'selector')));
    return { cells };
  },
};

/** DaemonSets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide CONTAINERS IMAGES SELECTOR. */
export const daemonSetPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Desired', 'integer', apiDoc('apps.v1.DaemonSetStatus', 'desiredNumberScheduled')),
    col('Current', 'integer', apiDoc('apps.v1.DaemonSetStatus', 'currentNumberScheduled')),
    col('Ready', 'integer', apiDoc('apps.v1.DaemonSetStatus', 'numberReady')),
    col('Up-to-date', 'integer', apiDoc('apps.v1.DaemonSetStatus', 'updatedNumberScheduled')),
    col('Available', 'integer', apiDoc('apps.v1.DaemonSetStatus', 'numberAvailable')),
    col('Node Selector', 'string', apiDoc('core.v1.PodSpec', 'nodeSelector')),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    col('Selector', 'string', apiDoc('apps.v1.DaemonSetSpec', 'selector'), 1),
  ],
  print(obj, ctx) {
    const s = (f: string) => num(obj, ['status', f]);
    const cells: Cell[] = [
      nameOf(obj),
      s('desiredNumberScheduled'),
      s('currentNumberScheduled'),
      s('numberReady'),
      s('updatedNumberScheduled'),
      s('numberAvailable'),
      formatLabels(map(obj, 'spec', 'template', 'spec', 'nodeSelector')),
      ageOf(obj, ctx),
    ];
    if (ctx.wide) cells.push(...templateContainers(obj), formatLabelSelector(field(obj, 'spec', 'selector')));
    return { cells };
  },
};

/** StatefulSets: NAME READY AGE, wide CONTAINERS IMAGES. */
export const statefulSetPrinter: KindPrinter = {
  columns: [nameColumn(), col('Ready', 'string', 'Number of the pod with ready state'), ageColumn(), containersColumn(), imagesColumn()],
  print(obj, ctx) {
    const cells: Cell[] = [nameOf(obj), `${num(obj, ['status', 'readyReplicas'])}/${replicas(obj)}`, ageOf(obj, ctx)];
    if (ctx.wide) cells.push(...templateContainers(obj));
    return { cells };
  },
};

/** ControllerRevisions: NAME CONTROLLER REVISION AGE (`daemonset.apps/fluentd`). */
export const controllerRevisionPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Controller', 'string', 'Controller of the object'),
    col('Revision', 'string', apiDoc('apps.v1.ControllerRevision', 'revision')),
    ageColumn(),
  ],
  print(obj, ctx) {
    const ref = (obj.metadata.ownerReferences ?? []).find((o) => o.controller === true);
    const controller = ref ? `${groupKindString(ref.apiVersion, ref.kind).toLowerCase()}/${ref.name}` : '<none>';
    return { cells: [nameOf(obj), controller, num(obj, ['revision']), ageOf(obj, ctx)] };
  },
};
