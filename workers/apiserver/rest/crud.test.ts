import { describe, expect, it } from 'vitest';
import { asResponse, newTestServer, request } from '../testkit';

const cm = (name: string, data: Record<string, string> = { a: '1' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
const deploy = (name: string, replicas = 2) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  },
});

describe('REST round trips', () => {
  it('creates, gets, lists, updates and deletes a ConfigMap', async () => {
    const { server } = await newTestServer();
    const created = asResponse(await server.handle(request('POST', '/api/v1/namespaces/default/configmaps', cm('c1'))));
    expect(created.status).toBe(201);
    const obj = created.body as { metadata: Record<string, unknown> };
    expect(obj.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(obj.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(obj.metadata.namespace).toBe('default');
    expect(obj.metadata.generation).toBeUndefined();
    const got = asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/configmaps/c1')));
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
    const list = asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/configmaps')));
    expect(list.body).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1', items: [{ metadata: { name: 'c1' } }] });
    const rv = obj.metadata.resourceVersion as string;
    const upd = asResponse(await server.handle(request('PUT', '/api/v1/namespaces/default/configmaps/c1', { ...cm('c1', { a: '2' }), metadata: { name: 'c1', resourceVersion: rv } })));
    expect(upd.status).toBe(200);
    expect(Number((upd.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion)).toBeGreaterThan(Number(rv));
    const del = asResponse(await server.handle(request('DELETE', '/api/v1/namespaces/default/configmaps/c1')));
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'c1', kind: 'configmaps' } });
    const gone = asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/configmaps/c1')));
    expect(gone.status).toBe(404);
  });

  it('accepts YAML bodies', async () => {
    const { server } = await newTestServer();
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y1\ndata:\n  mode: "0644"\n';
    const r = asResponse(await server.handle(request('POST', '/api/v1/namespaces/default/configmaps', yaml, { headers: { 'content-type': 'application/yaml' } })));
    expect(r.status).toBe(201);
    expect((r.body as { data: Record<string, string> }).data.mode).toBe('0644');
  });

  it('answers errors with upstream Status bodies', async () => {
    const { server } = await newTestServer();
    await server.handle(request('POST', '/api/v1/namespaces/default/configmaps', cm('dup')));
    const cases: [ReturnType<typeof request>, number, string, string][] = [
      [request('GET', '/api/v1/namespaces/default/configmaps/nope'), 404, 'NotFound', 'configmaps "nope" not found'],
      [request('GET', '/apis/apps/v1/namespaces/default/deployments/nope'), 404, 'NotFound', 'deployments.apps "nope" not found'],
      [request('POST', '/api/v1/namespaces/default/configmaps', cm('dup')), 409, 'AlreadyExists', 'configmaps "dup" already exists'],
      [request('GET', '/api/v1/namespaces/default/widgets'), 404, 'NotFound', 'the server could not find the requested resource'],
      [request('GET', '/apis/nope.example.com/v1/things'), 404, 'NotFound', 'the server could not find the requested resource'],
      [request('POST', '/api/v1/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }), 405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'],
      [request('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }), 422, 'Invalid', 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required'],
      [request('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } }), 400, 'BadRequest', 'the API version in the data (apps/v1) does not match the expected API version (v1)'],
      [request('POST', '/api/v1/namespaces/default/configmaps', { ...cm('x'), metadata: { name: 'x', namespace: 'other' } }), 400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'],
      [request('POST', '/api/v1/namespaces/default/configmaps', { ...cm('rv'), metadata: { name: 'rv', resourceVersion: '5' } }), 500, 'InternalError', 'Internal error occurred: resourceVersion should not be set on objects to be created'],
      [
        request('POST', '/api/v1/namespaces/default/configmaps', '{"apiVersion":', { headers: { 'content-type': 'application/json' } }),
        400,
        'BadRequest',
        'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"apiVersion":)',
      ],
    ];
    for (const [req, code, reason, message] of cases) {
      const r = asResponse(await server.handle(req));
      expect(r.status, `${req.method} ${req.path}`).toBe(code);
      expect(r.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
      if (message) expect((r.body as { message: string }).message).toBe(message);
    }
  });

  it('refuses a stale resourceVersion with 409 Conflict', async () => {
    const { server } = await newTestServer();
    const c = asResponse(await server.handle(request('POST', '/api/v1/namespaces/default/configmaps', cm('c'))));
    const rv = (c.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    await server.handle(request('PUT', '/api/v1/namespaces/default/configmaps/c', { ...cm('c', { a: '2' }), metadata: { name: 'c', resourceVersion: rv } }));
    const stale = asResponse(await server.handle(request('PUT', '/api/v1/namespaces/default/configmaps/c', { ...cm('c', { a: '3' }), metadata: { name: 'c', resourceVersion: rv } })));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'c', kind: 'configmaps' },
    });
    const unconditional = asResponse(await server.handle(request('PUT', '/api/v1/namespaces/default/configmaps/c', cm('c', { a: '4' }))));
    expect(unconditional.status).toBe(200);
    const missing = asResponse(await server.handle(request('PUT', '/api/v1/namespaces/default/configmaps/zz', cm('zz'))));
    expect(missing.status).toBe(404);
  });

  it('generates names from generateName with upstream alphabet', async () => {
    const { server } = await newTestServer();
    const names = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = asResponse(await server.handle(request('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-' } })));
      expect(r.status).toBe(201);
      const name = (r.body as { metadata: { name: string } }).metadata.name;
      expect(name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      names.add(name);
    }
    expect(names.size).toBe(20);
  });

  it('tracks generation for Deployments: 1 on create, bumped by spec changes only', async () => {
    const { server } = await newTestServer();
    const base = '/apis/apps/v1/namespaces/default/deployments';
    const c = asResponse(await server.handle(request('POST', base, deploy('web'))));
    expect((c.body as { metadata: { generation: number } }).metadata.generation).toBe(1);
    expect((c.body as { status?: unknown }).status).toBeUndefined();
    const labelOnly = { ...deploy('web'), metadata: { name: 'web', labels: { app: 'web', extra: 'x' } } };
    const l = asResponse(await server.handle(request('PUT', `${base}/web`, labelOnly)));
    expect((l.body as { metadata: { generation: number } }).metadata.generation).toBe(1);
    const withStatus = { ...labelOnly, status: { replicas: 5 } };
    const s = asResponse(await server.handle(request('PUT', `${base}/web`, withStatus)));
    expect((s.body as { status?: unknown }).status).toBeUndefined();
    const scaled = { ...labelOnly, spec: { ...deploy('web').spec, replicas: 5 } };
    const u = asResponse(await server.handle(request('PUT', `${base}/web`, scaled)));
    expect((u.body as { metadata: { generation: number } }).metadata.generation).toBe(2);
    const st = asResponse(await server.handle(request('PUT', `${base}/web/status`, { ...scaled, spec: { ...scaled.spec, replicas: 9 }, status: { replicas: 5, observedGeneration: 2 } })));
    expect(st.status).toBe(200);
    expect(st.body).toMatchObject({ metadata: { generation: 2 }, spec: { replicas: 5 }, status: { replicas: 5, observedGeneration: 2 } });
  });

  it('does not write an update that changes nothing', async () => {
    const { server, store } = await newTestServer();
    await server.handle(request('POST', '/api/v1/namespaces/default/configmaps', cm('same')));
    const before = store.revision;
    const r = asResponse(await server.handle(request('PUT', '/api/v1/namespaces/default/configmaps/same', cm('same'))));
    expect(r.status).toBe(200);
    expect(store.revision).toBe(before);
  });

  it('dry-runs creates, updates and deletes without writing', async () => {
    const { server, store } = await newTestServer();
    await server.handle(request('POST', '/api/v1/namespaces/default/configmaps', cm('real')));
    const before = store.revision;
    const q = { query: { dryRun: 'All' } };
    const c = asResponse(await server.handle(request('POST', '/api/v1/namespaces/default/configmaps', cm('dry'), q)));
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ metadata: { name: 'dry', namespace: 'default' } });
    expect((c.body as { metadata: { uid?: string } }).metadata.uid).toBeDefined();
    const u = asResponse(await server.handle(request('PUT', '/api/v1/namespaces/default/configmaps/real', cm('real', { b: '2' }), q)));
    expect(u.body).toMatchObject({ data: { b: '2' } });
    const d = asResponse(await server.handle(request('DELETE', '/api/v1/namespaces/default/configmaps/real', undefined, q)));
    expect(d.status).toBe(200);
    expect(store.revision).toBe(before);
    expect(asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/configmaps/dry'))).status).toBe(404);
    const bad = asResponse(await server.handle(request('POST', '/api/v1/namespaces/default/configmaps', cm('x'), { query: { dryRun: 'Some' } })));
    expect(bad.status).toBe(400);
  });

  it('traces every stage of a request', async () => {
    const { server, traces } = await newTestServer();
    await server.handle(request('POST', '/api/v1/namespaces/default/configmaps', cm('t')));
    const rec = traces[traces.length - 1];
    expect(rec).toMatchObject({ user: 'kubernetes-admin', verb: 'create', path: '/api/v1/namespaces/default/configmaps', code: 201 });
    expect(rec.resourceVersion).toMatch(/^\d+$/);
    expect(rec.stages.map((s) => s.stage)).toEqual([
      'authentication',
      'audit',
      'flowcontrol',
      'authorization',
      'decode',
      'defaulting',
      'mutating-admission',
      'validation',
      'validating-admission',
      'storage',
    ]);
    expect(rec.stages.find((s) => s.stage === 'flowcontrol')?.detail).toBe('exempt / exempt');
    const audit = server.audit.events();
    expect(audit[audit.length - 1]).toMatchObject({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      stage: 'ResponseComplete',
      verb: 'create',
      user: { username: 'kubernetes-admin' },
      objectRef: { resource: 'configmaps', namespace: 'default', apiVersion: 'v1' },
      responseStatus: { code: 201 },
      requestReceivedTimestamp: '2026-01-01T00:00:00.000000Z',
    });
  });
});

describe('Job strategy', () => {
  it('generates the controller-uid selector and template labels', async () => {
    const { server } = await newTestServer();
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } },
    };
    const r = asResponse(await server.handle(request('POST', '/apis/batch/v1/namespaces/default/jobs', job)));
    expect(r.status).toBe(201);
    const body = r.body as { metadata: { uid: string; generation: number }; spec: { selector: unknown; template: { metadata: { labels: Record<string, string> } } } };
    const uid = body.metadata.uid;
    expect(body.metadata.generation).toBe(1);
    expect(body.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(body.spec.template.metadata.labels).toEqual({
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'job-name': 'pi',
    });
  });
});
