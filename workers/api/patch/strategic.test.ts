import { describe, expect, it } from 'vitest';
import { isApiError } from '../errors';
import type { SchemaNode } from '../schema/schema';
import type { KubeObject } from '../types';
import { applyPatch } from './index';

// A small schema in the generated shape, so these tests do not depend on the generated file.
const schemas: Record<string, SchemaNode> = {
  'test.Pod': {
    type: 'object',
    properties: {
      metadata: { $ref: '#/components/schemas/test.ObjectMeta' },
      spec: { $ref: '#/components/schemas/test.PodSpec' },
    },
  },
  'test.ObjectMeta': {
    type: 'object',
    properties: {
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      finalizers: { type: 'array', items: { type: 'string' }, 'x-kubernetes-patch-strategy': 'merge' },
      ownerReferences: {
        type: 'array',
        items: { type: 'object' },
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'uid',
      },
    },
  },
  'test.PodSpec': {
    type: 'object',
    properties: {
      containers: {
        type: 'array',
        items: { $ref: '#/components/schemas/test.Container' },
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'name',
      },
      volumes: {
        type: 'array',
        items: { $ref: '#/components/schemas/test.Volume' },
        'x-kubernetes-patch-strategy': 'merge,retainKeys',
        'x-kubernetes-patch-merge-key': 'name',
      },
      tolerations: { type: 'array', items: { type: 'object' } },
      strategy: { $ref: '#/components/schemas/test.Strategy', 'x-kubernetes-patch-strategy': 'retainKeys' },
      selector: { type: 'object', 'x-kubernetes-patch-strategy': 'replace' },
    },
  },
  'test.Container': {
    type: 'object',
    properties: {
      name: { type: 'string' },
      image: { type: 'string' },
      ports: {
        type: 'array',
        items: { type: 'object' },
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'containerPort',
      },
      env: {
        type: 'array',
        items: { type: 'object' },
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'name',
      },
      args: { type: 'array', items: { type: 'string' } },
    },
  },
  'test.Volume': { type: 'object', properties: { name: { type: 'string' }, emptyDir: { type: 'object' }, hostPath: { type: 'object' } } },
  'test.Strategy': { type: 'object', properties: { type: { type: 'string' }, rollingUpdate: { type: 'object' } } },
};
const lookup = (name: string) => schemas[name];

const pod = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'web', tier: 'fe' }, finalizers: ['a', 'b'] },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }], args: ['x', 'y'] },
      { name: 'sidecar', image: 'envoy:1' },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'k', operator: 'Exists' }],
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
    selector: { matchLabels: { app: 'web' } },
  },
});

const smp = (target: KubeObject, patch: unknown) => applyPatch(target, patch, 'strategic', { schemaName: 'test.Pod', schemaLookup: lookup });
const spec = (o: KubeObject) => o.spec as Record<string, unknown> & { containers: Record<string, unknown>[] };

describe('strategic merge patch', () => {
  it('merges containers by name and keeps fields the patch does not mention', () => {
    const target = pod();
    const before = JSON.stringify(target);
    const patch = { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } };
    const out = smp(target, patch);
    expect(spec(out).containers).toEqual([
      { name: 'web', image: 'nginx:2', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }], args: ['x', 'y'] },
      { name: 'sidecar', image: 'envoy:1' },
    ]);
    expect(JSON.stringify(target)).toBe(before);
    expect(patch).toEqual({ spec: { containers: [{ name: 'web', image: 'nginx:2' }] } });
  });

  it('appends new list items, merges nested lists by their own keys, replaces lists without a strategy', () => {
    const out = smp(pod(), {
      spec: {
        containers: [{ name: 'web', ports: [{ containerPort: 443 }], env: [{ name: 'A', value: '2' }], args: ['z'] }, { name: 'new', image: 'busybox' }],
        tolerations: [{ key: 'other', operator: 'Exists' }],
      },
    });
    const web = spec(out).containers[0];
    // Upstream puts patch items not in the live list ahead of the live-only items (no $setElementOrder here).
    expect(web.ports).toEqual([{ containerPort: 443 }, { containerPort: 80 }]);
    expect(web.env).toEqual([{ name: 'A', value: '2' }]);
    expect(web.args).toEqual(['z']);
    expect(spec(out).containers.map((c) => c.name)).toEqual(['web', 'new', 'sidecar']);
    expect(spec(out).tolerations).toEqual([{ key: 'other', operator: 'Exists' }]);
  });

  it('deletes keys set to null and list items with $patch: delete', () => {
    const out = smp(pod(), {
      metadata: { labels: { tier: null } },
      spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] },
    });
    expect(out.metadata.labels).toEqual({ app: 'web' });
    expect(spec(out).containers.map((c) => c.name)).toEqual(['web']);
  });

  it('replaces a whole list with $patch: replace and a map with $patch: replace', () => {
    const out = smp(pod(), {
      spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }], strategy: { $patch: 'replace', type: 'Recreate' } },
    });
    expect(spec(out).containers).toEqual([{ name: 'only', image: 'x' }]);
    expect(spec(out).strategy).toEqual({ type: 'Recreate' });
  });

  it('orders the merged list by $setElementOrder', () => {
    const out = smp(pod(), {
      spec: {
        $setElementOrder: undefined,
        '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'new' }, { name: 'web' }],
        containers: [{ name: 'new', image: 'busybox' }],
      },
    });
    expect(spec(out).containers.map((c) => c.name)).toEqual(['sidecar', 'new', 'web']);
    expect(spec(out)).not.toHaveProperty('$setElementOrder/containers');
  });

  it('clears keys not in $retainKeys (Deployment strategy switch)', () => {
    const out = smp(pod(), { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    expect(spec(out).strategy).toEqual({ type: 'Recreate' });
  });

  it('rejects a $retainKeys list that does not cover the patch (400)', () => {
    expect(() => smp(pod(), { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } })).toThrow('invalid patch format of retainKeys');
  });

  it('removes values with $deleteFromPrimitiveList and unions primitive merge lists', () => {
    const out = smp(pod(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], finalizers: ['c'] } });
    expect(out.metadata.finalizers).toEqual(['c', 'b']);
  });

  it('replaces maps with strategy replace', () => {
    const out = smp(pod(), { spec: { selector: { matchExpressions: [] } } });
    expect(spec(out).selector).toEqual({ matchExpressions: [] });
  });

  it('applies a kubectl-apply-shaped patch (annotation, element order, retained volume keys)', () => {
    const out = smp(pod(), {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      spec: {
        '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
        containers: [{ image: 'nginx:3', name: 'web' }],
        '$setElementOrder/volumes': [{ name: 'data' }],
        volumes: [{ $retainKeys: ['hostPath', 'name'], hostPath: { path: '/d' }, name: 'data' }],
      },
    });
    expect(out.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '{}' });
    expect(spec(out).containers.map((c) => [c.name, c.image])).toEqual([['web', 'nginx:3'], ['sidecar', 'envoy:1']]);
    expect(spec(out).volumes).toEqual([{ name: 'data', hostPath: { path: '/d' } }]);
  });

  it('answers a list item without its merge key with upstream 500 text', () => {
    let err: unknown;
    try {
      smp(pod(), { spec: { containers: [{ image: 'x' }] } });
    } catch (e) {
      err = e;
    }
    expect(isApiError(err) && err.code).toBe(500);
    expect((err as Error).message).toBe('Internal error occurred: map: map[image:x] does not contain declared merge key: name');
  });

  it('rejects a non-object patch (400) and proto keys anywhere (400, naming the path)', () => {
    expect(() => smp(pod(), [1])).toThrow('json: cannot unmarshal array into Go value of type map[string]interface {}');
    const evil = JSON.parse('{"metadata":{"labels":{"__proto__":{"polluted":"yes"}}}}');
    expect(() => smp(pod(), evil)).toThrow('patch contains the forbidden key "__proto__" at metadata.labels.__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => applyPatch(pod(), [{ op: 'add', path: '/metadata/constructor', value: 1 }], 'json')).toThrow('forbidden key "constructor"');
  });
});

describe('strategic merge patch over the generated schema', () => {
  it('merges a Deployment container by name and its ports by containerPort', () => {
    const deploy: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', finalizers: ['x'] },
      spec: {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
        template: { spec: { containers: [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }] }] } },
      },
    };
    const out = applyPatch(deploy, {
      metadata: { finalizers: ['y'] },
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        template: { spec: { containers: [{ name: 'web', image: 'nginx:2', ports: [{ containerPort: 8080 }] }] } },
      },
    }, 'strategic');
    expect(out.metadata.finalizers).toEqual(['y', 'x']);
    expect(out.spec).toEqual({
      strategy: { type: 'Recreate' },
      template: { spec: { containers: [{ name: 'web', image: 'nginx:2', ports: [{ containerPort: 8080 }, { containerPort: 80 }] }] } },
    });
  });

  it('merges Service ports by port', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, name: 'http' }] } };
    const out = applyPatch(svc, { spec: { ports: [{ port: 443, name: 'https' }] } }, 'strategic');
    expect((out.spec as { ports: unknown[] }).ports).toEqual([{ port: 443, name: 'https' }, { port: 80, name: 'http' }]);
  });

  it('server-side apply merges list-type map lists by their key', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, protocol: 'TCP' }] } };
    const out = applyPatch(svc, { spec: { ports: [{ port: 80, targetPort: 8080 }] } }, 'apply');
    expect((out.spec as { ports: unknown[] }).ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080 }]);
  });
});
