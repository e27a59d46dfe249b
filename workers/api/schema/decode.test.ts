import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import type { ResourceInfo } from '../registry';
import type { KubeObject } from '../types';
import { decodeChecked, parseJsonStrict, type FieldValidation } from './decode';

function info(group: string, version: string, kind: string): ResourceInfo {
  return {
    group, version, kind, listKind: `${kind}List`, resource: `${kind.toLowerCase()}s`, singular: kind.toLowerCase(),
    namespaced: true, shortNames: [], categories: [], verbs: [], subresources: [],
  };
}
const deployment = info('apps', 'v1', 'Deployment');
const pod = info('', 'v1', 'Pod');

function deploymentWith(spec: Record<string, unknown>, container: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', ...container }] } },
      ...spec,
    },
  };
}

/** Runs decodeChecked and returns the 400 message, or the warnings when it passes. */
function run(obj: KubeObject, i: ResourceInfo, mode: FieldValidation): { error?: ApiError; warnings?: string[] } {
  try {
    return { warnings: decodeChecked(obj, i, mode).warnings };
  } catch (e) {
    if (e instanceof ApiError) return { error: e };
    throw e;
  }
}

const prefix = 'Deployment in version "v1" cannot be handled as a Deployment: ';

describe('decodeChecked: unknown fields', () => {
  // Key order is document order: replicass comes before template here, as in a typical manifest.
  const obj = deploymentWith({ replicass: 3 }, { imagePullPolice: 'Always' });
  const spec = obj.spec as Record<string, unknown>;
  obj.spec = { replicass: spec.replicass, ...spec };

  it('Strict: 400 listing every unknown field with its path, in document order', () => {
    const { error } = run(obj, deployment, 'Strict');
    expect(error?.code).toBe(400);
    expect(error?.reason).toBe('BadRequest');
    expect(error?.message).toBe(
      prefix + 'strict decoding error: unknown field "spec.replicass", unknown field "spec.template.spec.containers[0].imagePullPolice"',
    );
    expect(error?.status.details?.causes).toEqual([
      { reason: 'FieldValueUnknown', message: 'unknown field "spec.replicass"', field: 'spec.replicass' },
      {
        reason: 'FieldValueUnknown',
        message: 'unknown field "spec.template.spec.containers[0].imagePullPolice"',
        field: 'spec.template.spec.containers[0].imagePullPolice',
      },
    ]);
  });

  it('Warn: returns the warnings', () => {
    expect(run(obj, deployment, 'Warn')).toEqual({
      warnings: ['unknown field "spec.replicass"', 'unknown field "spec.template.spec.containers[0].imagePullPolice"'],
    });
  });

  it('Ignore: silent', () => {
    expect(run(obj, deployment, 'Ignore')).toEqual({ warnings: [] });
  });

  it.each([
    ['top level', { ...deploymentWith({}), extra: 1 }, 'extra'],
    ['metadata', { ...deploymentWith({}), metadata: { name: 'a', label: {} } }, 'metadata.label'],
    ['second list item', deploymentWith({ template: { spec: { containers: [{ name: 'a' }, { name: 'b', imagee: 'x' }] } } }), 'spec.template.spec.containers[1].imagee'],
    ['nested list in list', deploymentWith({}, { ports: [{ containerPort: 80 }, { containerPort: 81, hostPortt: 1 }] }), 'spec.template.spec.containers[0].ports[1].hostPortt'],
    ['under a probe', deploymentWith({}, { livenessProbe: { httpGet: { port: 80, pathh: '/' } } }), 'spec.template.spec.containers[0].livenessProbe.httpGet.pathh'],
    ['case matters', deploymentWith({ Replicas: 1 }), 'spec.Replicas'],
  ])('finds an unknown field %s', (_name, obj, path) => {
    expect(run(obj as KubeObject, deployment, 'Warn').warnings).toEqual([`unknown field "${path}"`]);
  });

  it('accepts any content in free-form fields (RawExtension, FieldsV1)', () => {
    const o = deploymentWith({});
    o.metadata.managedFields = [{ manager: 'kubectl', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }];
    expect(run(o, deployment, 'Strict')).toEqual({ warnings: [] });
  });
});

describe('decodeChecked: wrong types', () => {
  it.each([
    ['string for int32', deploymentWith({ replicas: '3' }), 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['fraction for int32', deploymentWith({ replicas: 1.5 }), 'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['overflow for int32', deploymentWith({ replicas: 2147483648 }), 'json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['number for string', deploymentWith({}, { image: 5 }), 'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string'],
    ['bool for named string', deploymentWith({}, { imagePullPolicy: true }), 'json: cannot unmarshal bool into Go struct field Container.spec.template.spec.containers.imagePullPolicy of type v1.PullPolicy'],
    ['object for list', deploymentWith({}, { ports: { containerPort: 80 } }), 'json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.ports of type []v1.ContainerPort'],
    ['string for list item', deploymentWith({}, { ports: ['80'] }), 'json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.ports of type v1.ContainerPort'],
    ['array for struct', deploymentWith({}, { livenessProbe: [] }), 'json: cannot unmarshal array into Go struct field Container.spec.template.spec.containers.livenessProbe of type v1.Probe'],
    ['number as label value', { ...deploymentWith({}), metadata: { name: 'a', labels: { tier: 1 } } }, 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    ['string for map', { ...deploymentWith({}), metadata: { name: 'a', labels: 'x' } }, 'json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string'],
    ['int64 field', deploymentWith({ template: { spec: { containers: [], terminationGracePeriodSeconds: 'x' } } }), 'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.terminationGracePeriodSeconds of type int64'],
    ['IntOrString bool', deploymentWith({ strategy: { rollingUpdate: { maxSurge: true } } }), 'json: cannot unmarshal bool into Go value of type int32'],
    ['Quantity bool', deploymentWith({}, { resources: { limits: { cpu: true } } }), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['Quantity bad suffix', deploymentWith({}, { resources: { requests: { memory: '1Qi' } } }), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['Quantity bad number', deploymentWith({}, { resources: { requests: { cpu: '1.2.3' } } }), 'unable to parse numeric part of quantity'],
  ])('%s', (_name, obj, detail) => {
    for (const mode of ['Strict', 'Warn', 'Ignore'] as const) {
      const { error } = run(obj as KubeObject, deployment, mode);
      expect(error?.code).toBe(400);
      expect(error?.message).toBe(prefix + detail);
    }
  });

  it('reports the first wrong type only, before any unknown field', () => {
    const { error } = run(deploymentWith({ zzz: 1, replicas: 'a', paused: 'no' }), deployment, 'Strict');
    expect(error?.message).toBe(prefix + 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(error?.status.details?.causes).toEqual([
      { reason: 'FieldValueTypeInvalid', message: expect.stringContaining('spec.replicas'), field: 'spec.replicas' },
    ]);
  });

  it.each([
    ['IntOrString number', { strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } }, {}],
    ['Quantity string and number', {}, { resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.5, memory: 1e9 } } }],
    ['nulls anywhere', { replicas: null, strategy: null }, { ports: null, image: null }],
  ])('accepts %s', (_name, spec, container) => {
    expect(run(deploymentWith(spec, container), deployment, 'Strict')).toEqual({ warnings: [] });
  });

  it('checks times and base64 bytes', () => {
    const withTime = { ...deploymentWith({}), metadata: { name: 'a', creationTimestamp: 'yesterday' } };
    expect(run(withTime, deployment, 'Strict').error?.message).toBe(
      prefix + 'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    );
    const okTime = { ...deploymentWith({}), metadata: { name: 'a', creationTimestamp: '2024-01-02T03:04:05Z' } };
    expect(run(okTime, deployment, 'Strict')).toEqual({ warnings: [] });
    const secret = info('', 'v1', 'Secret');
    const s = (data: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data });
    expect(run(s({ a: 'aGVsbG8=' }), secret, 'Strict')).toEqual({ warnings: [] });
    expect(run(s({ a: 'not base64!' }), secret, 'Strict').error?.message).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    );
  });
});

describe('decodeChecked: duplicate fields from parseJsonStrict', () => {
  const text =
    '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a","name":"b"},' +
    '"spec":{"replicas":1,"bogus":1,"replicas":2,"selector":{},"template":{"spec":{"containers":[{"name":"c","name":"d"}]}}}}';

  it('Strict: duplicates and unknowns in one strict decoding error', () => {
    const obj = parseJsonStrict(text) as KubeObject;
    expect(run(obj, deployment, 'Strict').error?.message).toBe(
      prefix +
        'strict decoding error: duplicate field "metadata.name", duplicate field "spec.replicas", unknown field "spec.bogus", ' +
        'duplicate field "spec.template.spec.containers[0].name"',
    );
    expect((obj.spec as { replicas: number }).replicas).toBe(2);
  });

  it('Warn and Ignore', () => {
    const obj = parseJsonStrict(text) as KubeObject;
    expect(run(obj, deployment, 'Warn').warnings).toEqual([
      'duplicate field "metadata.name"', 'duplicate field "spec.replicas"', 'unknown field "spec.bogus"',
      'duplicate field "spec.template.spec.containers[0].name"',
    ]);
    expect(run(obj, deployment, 'Ignore').warnings).toEqual([]);
  });

  it('duplicates in map values are reported too', () => {
    const obj = parseJsonStrict('{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"a":"1","a":"2"}},"spec":{"containers":[]}}');
    expect(run(obj as KubeObject, pod, 'Warn').warnings).toEqual(['duplicate field "metadata.labels.a"']);
  });
});

describe('decodeChecked: prototype keys in objects that skipped parseJsonStrict', () => {
  it.each([
    ['label key', { ...deploymentWith({}), metadata: { name: 'a', labels: { constructor: 'x' } } }, 'constructor', 'metadata.labels.constructor'],
    ['unknown field', deploymentWith({ prototype: 1 }), 'prototype', 'spec.prototype'],
  ])('%s', (_name, obj, key, path) => {
    for (const mode of ['Strict', 'Warn', 'Ignore'] as const) {
      expect(run(obj as KubeObject, deployment, mode).error?.message).toBe(`json: the object key "${key}" is not allowed (at "${path}")`);
    }
  });

  it('a JSON.parse-made __proto__ own property is refused too', () => {
    const obj = JSON.parse('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{"__proto__":"x"}}}') as KubeObject;
    expect(run(obj, deployment, 'Ignore').error?.message).toBe('json: the object key "__proto__" is not allowed (at "metadata.annotations.__proto__")');
  });
});

describe('decodeChecked: kinds without a schema', () => {
  it('passes them untouched', () => {
    const o: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: {}, anything: 1 };
    expect(run(o, info('example.com', 'v1', 'Widget'), 'Strict')).toEqual({ warnings: [] });
  });
});
