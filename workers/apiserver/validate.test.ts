import { describe, expect, it } from 'vitest';
import { asResponse, newTestServer, request } from './testkit';

const cmPath = '/api/v1/namespaces/default/configmaps';
const podPath = '/api/v1/namespaces/default/pods';

async function setup() {
  const t = await newTestServer();
  const call = async (method: 'POST' | 'PUT', path: string, body: unknown, query: Record<string, string> = {}) =>
    asResponse(await t.server.handle(request(method, path, typeof body === 'string' ? body : JSON.stringify(body), { query })));
  return { ...t, call };
}

describe('schema decoding of request bodies', () => {
  const typeError = 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string';

  it.each(['Strict', 'Warn', 'Ignore', ''])('refuses a wrong type with fieldValidation=%s', async (mode) => {
    const { call, store } = await setup();
    const before = store.revision;
    const r = await call('POST', cmPath, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 1 } }, mode ? { fieldValidation: mode } : {});
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ reason: 'BadRequest', message: typeError });
    expect(store.revision).toBe(before);
  });

  it('refuses a wrong type on update with fieldValidation=Ignore', async () => {
    const { call } = await setup();
    await call('POST', cmPath, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1' } });
    const r = await call('PUT', `${cmPath}/x`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 2 } }, { fieldValidation: 'Ignore' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ message: typeError });
  });

  it('with Ignore still accepts unknown and duplicate fields silently', async () => {
    const { call } = await setup();
    const r = await call('POST', cmPath, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"bogus":1,"data":{"a":"1"},"data":{"a":"2"}}', { fieldValidation: 'Ignore' });
    expect(r.status).toBe(201);
    expect(r.headers.warning).toBeUndefined();
    expect(r.body).toMatchObject({ data: { a: '2' } });
  });
});

describe('validation wiring', () => {
  it('reports an invalid name and a missing image in one 422', async () => {
    const { call } = await setup();
    const r = await call('POST', podPath, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c' }] } });
    expect(r.status).toBe(422);
    const body = r.body as { message: string; reason: string; details: { kind: string; name: string; causes: { field: string; reason: string }[] } };
    expect(body.reason).toBe('Invalid');
    expect(body.message).toMatch(/^Pod "Bad_Name" is invalid: \[metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/);
    expect(body.message).toContain(', spec.containers[0].image: Required value]');
    expect(body.details).toMatchObject({ kind: 'Pod', name: 'Bad_Name' });
    expect(body.details.causes.map((c) => [c.field, c.reason])).toEqual([
      ['metadata.name', 'FieldValueInvalid'],
      ['spec.containers[0].image', 'FieldValueRequired'],
    ]);
  });

  it('defaults and validates updates: a cleared image is Required, defaults come back', async () => {
    const { call } = await setup();
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const created = await call('POST', podPath, pod);
    expect(created.body).toMatchObject({
      spec: {
        restartPolicy: 'Always',
        containers: [{ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log' }],
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      },
    });
    const bad = await call('PUT', `${podPath}/p`, { ...pod, spec: { containers: [{ name: 'c', image: '' }] } });
    expect(bad.status).toBe(422);
    expect((bad.body as { message: string }).message).toContain('spec.containers[0].image: Required value');
  });
});
