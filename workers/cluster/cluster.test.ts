import { describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResponse } from '../apiserver/types';
import type { KubeObject } from '../api/types';
import { DexiePersistence } from '../store/dexie-persistence';
import { Cluster, DEFAULT_EPOCH_MS } from './cluster';

const admin = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };

async function call(cluster: Cluster, req: Omit<ApiRequest, 'user'>): Promise<ApiResponse> {
  const res = await cluster.handle({ ...req, user: admin });
  if (res.kind !== 'response') throw new Error('unexpected watch');
  return res;
}

function configMap(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } };
}

describe('Cluster', () => {
  it('bootstraps a new cluster and resumes a persisted one exactly', async () => {
    const a = await Cluster.open({ seed: 5, epochMs: DEFAULT_EPOCH_MS, persistence: new DexiePersistence('cluster-test-reload') });
    expect(a.resumed).toBe(false);
    const created = (await call(a, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: configMap('one') })).body as KubeObject;
    const revision = a.store.revision;
    await a.close();

    const b = await Cluster.open({ seed: 5, epochMs: DEFAULT_EPOCH_MS, persistence: new DexiePersistence('cluster-test-reload') });
    expect(b.resumed).toBe(true);
    expect(b.store.revision).toBe(revision);
    const read = (await call(b, { method: 'GET', path: '/api/v1/namespaces/default/configmaps/one' })).body as KubeObject;
    expect(read.metadata.uid).toBe(created.metadata.uid);
    expect(read.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    // A restored cluster does not replay the random stream: new objects get new uids.
    const next = (await call(b, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: configMap('two') })).body as KubeObject;
    expect(next.metadata.uid).not.toBe(created.metadata.uid);
    expect(Number(next.metadata.resourceVersion)).toBe(revision + 1);
    await b.close();
  });

  it('gives the same uids, names and resourceVersions for the same seed', async () => {
    const run = async () => {
      const c = await Cluster.open({ seed: 99, epochMs: DEFAULT_EPOCH_MS });
      const out: string[] = [];
      for (let i = 0; i < 5; i++) {
        const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cm-' } };
        const o = (await call(c, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body })).body as KubeObject;
        out.push(`${o.metadata.name} ${o.metadata.uid} ${o.metadata.resourceVersion}`);
      }
      await c.close();
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBe(5);
    const other = await Cluster.open({ seed: 100, epochMs: DEFAULT_EPOCH_MS });
    const o = (await call(other, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cm-' } } })).body as KubeObject;
    expect(`${o.metadata.name} ${o.metadata.uid}`).not.toBe(first[0].split(' ').slice(0, 2).join(' '));
  });

  it('traces every request with its pipeline stages', async () => {
    const c = await Cluster.open({ seed: 1, epochMs: DEFAULT_EPOCH_MS });
    await call(c, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: configMap('traced') });
    const denied = await c.handle({
      method: 'GET',
      path: '/api/v1/namespaces/default/secrets',
      user: { username: 'alice', groups: ['system:authenticated'] },
    });
    expect(denied.kind === 'response' && denied.status).toBe(403);
    const records = c.trace.records('request').map((e) => e.record);
    const create = records.find((r) => r.verb === 'create' && r.path.endsWith('/configmaps'))!;
    expect(create.code).toBe(201);
    expect(create.stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['authentication', 'authorization']));
    expect(create.resourceVersion).toBe(String(c.store.revision));
    const forbidden = records.find((r) => r.user === 'alice')!;
    expect(forbidden.code).toBe(403);
    expect(forbidden.stages.find((s) => s.stage === 'authorization')?.outcome).toBe('denied');
    await c.close();
  });
});
