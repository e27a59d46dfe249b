import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { controllerOf } from './controller-ref';
import { podsToDelete } from './pod-ranking';
import { slowStartBatch } from './slow-start';
import { canonicalJson, computeHash, fnv1a32, safeEncodeString } from './template-hash';
import { makePod, T0_MS } from './testing';

const pod = (name: string, o: Parameters<typeof makePod>[1]) => makePod(name, o) as unknown as Pod;
const NOW = T0_MS + 3600_000;

describe('podsToDelete', () => {
  it.each([
    ['unassigned before assigned', [pod('a', { nodeName: 'n' }), pod('u', {})], ['u']],
    ['pending before unknown before running', [pod('r', { nodeName: 'n' }), pod('k', { nodeName: 'n', phase: 'Unknown' }), pod('p', { nodeName: 'n', phase: 'Pending' })], ['p', 'k']],
    ['not ready before ready', [pod('ready', { nodeName: 'n', readySince: 0 }), pod('nr', { nodeName: 'n' })], ['nr']],
    ['doubled up before alone', [pod('alone', { nodeName: 'n1', readySince: 0 }), pod('d1', { nodeName: 'n2', readySince: 0 }), pod('d2', { nodeName: 'n2', readySince: 0 })], ['d1']],
    ['ready for less time first (log buckets)', [pod('long', { nodeName: 'n', readySince: 0 }), pod('short', { nodeName: 'n', readySince: 3590 })], ['short']],
    ['more restarts first', [pod('calm', { nodeName: 'n' }), pod('crashy', { nodeName: 'n', restarts: 3 })], ['crashy']],
    ['newer first', [pod('old', { nodeName: 'n', createdAt: 0 }), pod('new', { nodeName: 'n', createdAt: 3000 })], ['new']],
  ])('%s', (_name, pods, want) => {
    expect(podsToDelete(pods, pods, want.length, NOW).map((p) => p.metadata!.name)).toEqual(want);
  });

  it('compares sidecar restarts only when regular restarts tie', () => {
    const withSidecar = (name: string, regular: number, sidecar: number) => {
      const p = pod(name, { nodeName: 'n', restarts: regular });
      p.spec!.initContainers = [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }];
      p.status!.initContainerStatuses = [{ name: 'proxy', image: 'envoy', imageID: '', ready: true, restartCount: sidecar }];
      return p;
    };
    const pods = [withSidecar('a', 1, 9), withSidecar('b', 2, 0), withSidecar('c', 1, 3)];
    expect(podsToDelete(pods, pods, 2, NOW).map((p) => p.metadata!.name)).toEqual(['b', 'a']);
  });

  it('honours the pod-deletion-cost annotation before node ranks', () => {
    const cheap = pod('cheap', { nodeName: 'n1' });
    cheap.metadata!.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '-5' };
    const pods = [pod('d1', { nodeName: 'n2' }), pod('d2', { nodeName: 'n2' }), cheap];
    expect(podsToDelete(pods, pods, 1, NOW).map((p) => p.metadata!.name)).toEqual(['cheap']);
  });
});

describe('slowStartBatch', () => {
  it('doubles batches while calls succeed: 1, 2, 4, 3', async () => {
    const batches: number[][] = [];
    let current: number[] = [];
    const r = await slowStartBatch(10, 1, async (i) => {
      current.push(i);
      await Promise.resolve();
      if (current.length > 0) batches.push(current.splice(0));
    });
    expect(r).toEqual({ successes: 10 });
    expect(batches.map((b) => b.length)).toEqual([1, 2, 4, 3]);
  });

  it('stops after the batch holding the first failure', async () => {
    const calls: number[] = [];
    const r = await slowStartBatch(20, 1, async (i) => {
      calls.push(i);
      if (i === 4) throw new Error('quota');
    });
    // Batches 1 + 2 + 4 ran (7 calls); the third batch failed once.
    expect(calls).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(r.successes).toBe(6);
    expect((r.error as Error).message).toBe('quota');
  });
});

describe('computeHash', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } };

  it('maps decimal digits through the safe alphabet as upstream', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('is FNV-1a 32', () => {
    expect(fnv1a32(new TextEncoder().encode(''))).toBe(0x811c9dc5);
    expect(fnv1a32(new TextEncoder().encode('a'))).toBe(0xe40c292c);
  });

  it('is stable, independent of key order, and changes with the template or collisionCount', () => {
    const h = computeHash(template);
    expect(h).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash({ spec: template.spec, metadata: template.metadata })).toBe(h);
    expect(computeHash({ ...template, spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } })).not.toBe(h);
    expect(computeHash(template, 1)).not.toBe(computeHash(template, 0));
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: undefined }] })).toBe('{"a":[{"d":1}],"b":1}');
  });
});

describe('controllerOf', () => {
  const ref = (name: string, controller?: boolean) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: `uid-${name}`, ...(controller === undefined ? {} : { controller }) });
  const withRefs = (refs: readonly ReturnType<typeof ref>[] | undefined) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...(refs ? { ownerReferences: refs as ReturnType<typeof ref>[] } : {}) } });

  it('finds the controller reference of frozen lists (asked twice) and of none', () => {
    const refs = Object.freeze([Object.freeze(ref('a', false)), Object.freeze(ref('b', true))]);
    for (let round = 0; round < 2; round++) expect(controllerOf(withRefs(refs))?.name).toBe('b');
    const none = Object.freeze([Object.freeze(ref('a'))]);
    for (let round = 0; round < 2; round++) expect(controllerOf(withRefs(none))).toBeUndefined();
    expect(controllerOf(withRefs(undefined))).toBeUndefined();
  });

  it('reads an unfrozen list afresh after it changed', () => {
    const refs = [ref('a', true)];
    expect(controllerOf(withRefs(refs))?.name).toBe('a');
    refs[0] = ref('c', true);
    expect(controllerOf(withRefs(refs))?.name).toBe('c');
    refs.pop();
    expect(controllerOf(withRefs(refs))).toBeUndefined();
  });
});
