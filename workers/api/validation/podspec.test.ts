import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../defaults';
import { fieldErrorString } from '../errors';
import { resourceForKind } from '../registry';
import type { KubeObject } from '../types';
import { POD_UPDATE_FORBIDDEN, validatePodSpec, validatePodUpdate } from './podspec';
import { arr, isObj, jsonEqual, num, type Obj } from './util';

type Patch = (o: any) => void;

const base = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: '7' },
  spec: {
    containers: [{ name: 'app', image: 'nginx' }, { name: 'side', image: 'busybox', command: ['sh'] }],
    initContainers: [{ name: 'init', image: 'busybox' }],
    tolerations: [{ key: 'a', operator: 'Exists' }],
    schedulingGates: [{ name: 'g1' }, { name: 'g2' }],
  },
};

function make(patch?: Patch, from: Record<string, unknown> = base): KubeObject {
  const o = structuredClone(from) as KubeObject;
  applyDefaults(o, resourceForKind('v1', 'Pod')!);
  patch?.(o);
  return o;
}

const forbidden = `spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`;
const updateErrors = (o: KubeObject, old: KubeObject): string[] => validatePodUpdate(o, old).map(fieldErrorString);

/** The former rule, kept as the oracle: clone the new spec, lay the old mutable fields over it, compare. */
function oracleUnchanged(spec: Obj, old: Obj): boolean {
  const copy = structuredClone(spec);
  for (const key of ['containers', 'initContainers']) {
    const now = arr(copy, key);
    const before = arr(old, key);
    if (now.length !== before.length) continue;
    now.forEach((c, i) => {
      if (isObj(c) && isObj(before[i])) c.image = (before[i] as Obj).image;
    });
  }
  copy.activeDeadlineSeconds = old.activeDeadlineSeconds;
  const kept = arr(old, 'tolerations').every((t) => arr(copy, 'tolerations').some((n) => jsonEqual(n, t)));
  if (kept) copy.tolerations = old.tolerations;
  const grace = num(old, 'terminationGracePeriodSeconds');
  if (grace !== undefined && grace < 0) copy.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  if (arr(copy, 'schedulingGates').length <= arr(old, 'schedulingGates').length) copy.schedulingGates = old.schedulingGates;
  return jsonEqual(copy, old);
}

const cases: [string, Patch, boolean][] = [
  ['unchanged copy', () => {}, true],
  ['image changed', (o) => (o.spec.containers[1].image = 'busybox:1.36'), true],
  ['init image changed', (o) => (o.spec.initContainers[0].image = 'alpine'), true],
  ['image removed', (o) => delete o.spec.containers[0].image, true],
  ['image set to undefined', (o) => (o.spec.containers[0].image = undefined), true],
  ['container name changed', (o) => (o.spec.containers[0].name = 'other'), false],
  ['container command changed', (o) => (o.spec.containers[1].command = ['bash']), false],
  ['container added', (o) => o.spec.containers.push({ name: 'x', image: 'nginx' }), false],
  ['container removed', (o) => o.spec.containers.pop(), false],
  ['containers reordered', (o) => o.spec.containers.reverse(), false],
  ['containers not a list', (o) => (o.spec.containers = { name: 'app' }), false],
  ['container not an object', (o) => (o.spec.containers[0] = 'app'), false],
  ['activeDeadlineSeconds set', (o) => (o.spec.activeDeadlineSeconds = 30), true],
  ['toleration added', (o) => o.spec.tolerations.push({ key: 'b', operator: 'Exists' }), true],
  ['toleration removed', (o) => (o.spec.tolerations = []), false],
  ['toleration changed', (o) => (o.spec.tolerations[0].key = 'z'), false],
  ['tolerations dropped', (o) => delete o.spec.tolerations, false],
  ['grace period changed', (o) => (o.spec.terminationGracePeriodSeconds = 5), false],
  ['scheduling gate removed', (o) => o.spec.schedulingGates.pop(), true],
  ['scheduling gates cleared', (o) => delete o.spec.schedulingGates, true],
  ['scheduling gate added', (o) => o.spec.schedulingGates.push({ name: 'g3' }), false],
  ['nodeName set', (o) => (o.spec.nodeName = 'worker-1'), false],
  ['restartPolicy changed', (o) => (o.spec.restartPolicy = 'Never'), false],
  ['member set to undefined', (o) => (o.spec.hostname = undefined), true],
  ['nodeSelector changed', (o) => (o.spec.nodeSelector = { disk: 'ssd' }), false],
  ['prototype-named key', (o) => (o.spec.constructor = 'x'), false],
  ['status only', (o) => (o.status = { phase: 'Running' }), true],
];

describe('validatePodUpdate spec immutability', () => {
  it.each(cases)('%s', (_, patch, unchanged) => {
    const old = make();
    const now = make(patch);
    expect(oracleUnchanged(now.spec as Obj, old.spec as Obj)).toBe(unchanged);
    const errs = updateErrors(now, old);
    expect(errs.includes(forbidden)).toBe(!unchanged);
  });

  it('accepts a status update that shares the stored spec object', () => {
    const old = make();
    const now = { ...old, status: { phase: 'Running' } } as KubeObject;
    expect(updateErrors(now, old)).toEqual([]);
  });

  it('gives the same error and field path as before when a status update changes the spec', () => {
    const old = make();
    const now = make((o) => {
      o.status = { phase: 'Running' };
      o.spec.containers[0].ports = [{ containerPort: 80, protocol: 'TCP' }];
    });
    expect(validatePodUpdate(now, old)).toEqual([{ type: 'FieldValueForbidden', field: 'spec', detail: POD_UPDATE_FORBIDDEN }]);
  });

  it('lets a negative grace period become 1 and keeps the deadline rules', () => {
    const old = make((o) => {
      o.spec.terminationGracePeriodSeconds = -1;
      o.spec.activeDeadlineSeconds = 10;
    });
    expect(updateErrors(make((o) => {
      o.spec.terminationGracePeriodSeconds = 1;
      o.spec.activeDeadlineSeconds = 5;
    }), old)).toEqual([]);
    expect(updateErrors(make((o) => (o.spec.activeDeadlineSeconds = 20)), old)).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value',
    ]);
  });
});

describe('validatePodSpec on frozen specs', () => {
  const deepFreeze = <T>(v: T): T => {
    if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const c of Object.values(v)) deepFreeze(c);
    }
    return v;
  };

  it('gives the same answer for a deeply frozen spec the second time', () => {
    const spec = deepFreeze(make().spec);
    expect(validatePodSpec(spec, 'spec')).toEqual([]);
    const again = validatePodSpec(spec, 'spec');
    expect(again).toEqual([]);
    again.push({ type: 'FieldValueRequired', field: 'x', detail: '' });
    expect(validatePodSpec(spec, 'spec')).toEqual([]);
  });

  it('keeps reporting the errors of an invalid frozen spec', () => {
    const spec = deepFreeze(make((o) => (o.spec.restartPolicy = 'Sometimes')).spec);
    const want = ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'];
    expect(validatePodSpec(spec, 'spec').map(fieldErrorString)).toEqual(want);
    expect(validatePodSpec(spec, 'spec').map(fieldErrorString)).toEqual(want);
  });

  it('re-checks a spec frozen only at the top, which may still change below', () => {
    const spec = make().spec as any;
    Object.freeze(spec);
    expect(validatePodSpec(spec, 'spec')).toEqual([]);
    spec.containers[0].name = 'Bad_Name';
    expect(validatePodSpec(spec, 'spec').map(fieldErrorString)[0]).toMatch(/^spec\.containers\[0\]\.name: Invalid value: "Bad_Name"/);
  });

  it('re-checks a spec that is not frozen', () => {
    const spec = make().spec as any;
    expect(validatePodSpec(spec, 'spec')).toEqual([]);
    spec.restartPolicy = 'Sometimes';
    expect(validatePodSpec(spec, 'spec')).toHaveLength(1);
  });
});
