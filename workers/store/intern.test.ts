import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { withRevision } from './freeze';
import { INTERN_GENERATION_SIZE } from './intern';

// A pod as a ReplicaSet would create it, each call a private copy (as every write arrives).
function pod(name: string, opts: { node?: string; order?: 'cpu-first' | 'memory-first'; ready?: string } = {}): KubeObject {
  const requests = opts.order === 'memory-first' ? { memory: '16Mi', cpu: '10m' } : { cpu: '10m', memory: '16Mi' };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web', 'pod-template-hash': 'abc' } },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { requests } }],
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      nodeName: opts.node ?? 'worker-1',
    },
    status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: opts.ready ?? '2026-01-01T09:00:07Z' }], podIP: `10.0.0.${name.length}` },
  } as unknown as KubeObject;
}

type Loose = Record<string, any>;

describe('interned stored parts', () => {
  it('stores equal parts of different objects once, and each object exactly as written', () => {
    const a = pod('a');
    const b = pod('bb');
    const wantA = JSON.stringify({ ...a, metadata: { ...a.metadata, resourceVersion: '1' } });
    const wantB = JSON.stringify({ ...b, metadata: { ...b.metadata, resourceVersion: '2' } });
    const sa = withRevision(a, 1) as Loose;
    const sb = withRevision(b, 2) as Loose;
    expect(JSON.stringify(sa)).toBe(wantA);
    expect(JSON.stringify(sb)).toBe(wantB);
    // Same node, same template: the whole spec is one object; labels and conditions too.
    expect(sb.spec).toBe(sa.spec);
    expect(sb.metadata.labels).toBe(sa.metadata.labels);
    expect(sb.status.conditions).toBe(sa.status.conditions);
    // What tells them apart stays apart.
    expect(sb.metadata).not.toBe(sa.metadata);
    expect(sb.status).not.toBe(sa.status);
    expect(Object.isFrozen(sb.spec.containers[0].resources.requests)).toBe(true);
  });

  it('keeps parts apart that differ in a value or in key order', () => {
    const s1 = withRevision(pod('c', { node: 'worker-1' }), 3) as Loose;
    const s2 = withRevision(pod('d', { node: 'worker-2' }), 4) as Loose;
    const s3 = withRevision(pod('e', { order: 'memory-first' }), 5) as Loose;
    const s4 = withRevision(pod('f', { ready: '2026-01-01T09:00:08Z' }), 6) as Loose;
    expect(s2.spec).not.toBe(s1.spec);
    expect(s2.spec.containers).toBe(s1.spec.containers);
    expect(s3.spec.containers[0].resources.requests).not.toBe(s1.spec.containers[0].resources.requests);
    expect(Object.keys(s3.spec.containers[0].resources.requests)).toEqual(['memory', 'cpu']);
    expect(s4.status.conditions).not.toBe(s1.status.conditions);
    expect(s4.status.conditions[0].lastTransitionTime).toBe('2026-01-01T09:00:08Z');
  });

  it('walks big parts without sharing them, sharing their small members', () => {
    const big = () => Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, { v: i }]));
    const s1 = withRevision({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: big() } as unknown as KubeObject, 7) as Loose;
    const s2 = withRevision({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'y' }, data: big() } as unknown as KubeObject, 8) as Loose;
    expect(s2.data).not.toBe(s1.data);
    expect(s2.data.k3).toBe(s1.data.k3);
    expect(JSON.stringify(s2.data)).toBe(JSON.stringify(big()));
  });

  it('forgets parts after two generations of others', () => {
    const first = withRevision({ apiVersion: 'v1', kind: 'X', metadata: { name: 'a' }, part: { marker: 'only-once' } } as unknown as KubeObject, 9) as Loose;
    for (let i = 0; i < 2 * INTERN_GENERATION_SIZE + 1; i++) {
      withRevision({ apiVersion: 'v1', kind: 'X', metadata: { name: `n${i}` }, part: { unique: i } } as unknown as KubeObject, 10 + i);
    }
    const again = withRevision({ apiVersion: 'v1', kind: 'X', metadata: { name: 'b' }, part: { marker: 'only-once' } } as unknown as KubeObject, 1e6) as Loose;
    expect(again.part).not.toBe(first.part);
    expect(again.part).toEqual(first.part);
  });
});
