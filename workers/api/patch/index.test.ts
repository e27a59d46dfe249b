import { describe, expect, it } from 'vitest';
import { isApiError } from '../errors';
import type { KubeObject } from '../types';
import { applyPatch, patchContentTypes } from './index';

const cm = (): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: '1' } }, data: { k: 'v' } });

function statusOf(fn: () => unknown): { code: number; reason?: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return { code: e.code, reason: e.reason, message: e.message };
    throw e;
  }
  return undefined;
}

describe('applyPatch', () => {
  it('maps content types to patch types', () => {
    expect(patchContentTypes['application/strategic-merge-patch+json']).toBe('strategic');
    expect(patchContentTypes['application/json-patch+json']).toBe('json');
  });

  it('answers a JSON patch that does not apply with upstream 422 (detail hidden)', () => {
    expect(statusOf(() => applyPatch(cm(), [{ op: 'remove', path: '/spec/affinity' }], 'json'))).toEqual({
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
    });
  });

  it('answers more than 10000 JSON patch operations with 413', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/data/k', value: 'v' }));
    expect(statusOf(() => applyPatch(cm(), ops, 'json'))).toMatchObject({
      code: 413,
      message: 'The allowed maximum operations in a JSON patch is 10000, got 10001',
    });
  });

  it('answers a null merge patch with 400 Invalid JSON Patch', () => {
    expect(statusOf(() => applyPatch(cm(), null, 'merge'))).toMatchObject({ code: 400, message: 'Invalid JSON Patch' });
  });

  it('rejects forbidden keys in JSON patch pointers', () => {
    expect(statusOf(() => applyPatch(cm(), [{ op: 'add', path: '/metadata/__proto__/x', value: 1 }], 'json'))).toMatchObject({
      code: 400,
      message: 'patch contains the forbidden key "__proto__" at [0].path',
    });
  });

  it('never mutates the target or the patch', () => {
    const target = Object.freeze(cm());
    const patch = Object.freeze({ metadata: Object.freeze({ labels: Object.freeze({ b: '2' }) }) });
    for (const type of ['merge', 'strategic', 'apply'] as const) {
      expect(applyPatch(target, patch, type).metadata.labels).toEqual({ a: '1', b: '2' });
    }
    expect(target.metadata.labels).toEqual({ a: '1' });
  });
});
