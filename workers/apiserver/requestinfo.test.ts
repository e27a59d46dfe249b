import { describe, expect, it } from 'vitest';
import { parseRequestInfo } from './requestinfo';

describe('parseRequestInfo', () => {
  const cases: [string, string, Record<string, string>, Partial<ReturnType<typeof parseRequestInfo>>][] = [
    ['GET', '/api/v1/namespaces/default/pods', {}, { verb: 'list', apiGroup: '', apiVersion: 'v1', namespace: 'default', resource: 'pods', name: '' }],
    ['GET', '/api/v1/namespaces/default/pods/web', {}, { verb: 'get', resource: 'pods', name: 'web' }],
    ['GET', '/api/v1/pods', {}, { verb: 'list', namespace: '', resource: 'pods' }],
    ['GET', '/api/v1/pods', { watch: 'true' }, { verb: 'watch', resource: 'pods' }],
    ['GET', '/api/v1/watch/namespaces/default/pods', {}, { verb: 'watch', namespace: 'default', resource: 'pods' }],
    ['GET', '/api/v1/watch/namespaces/default/pods/web', {}, { verb: 'watch', name: 'web' }],
    ['POST', '/apis/apps/v1/namespaces/ns1/deployments', {}, { verb: 'create', apiGroup: 'apps', apiVersion: 'v1', resource: 'deployments' }],
    ['PUT', '/apis/apps/v1/namespaces/ns1/deployments/web/scale', {}, { verb: 'update', name: 'web', subresource: 'scale' }],
    ['PATCH', '/api/v1/nodes/n1/status', {}, { verb: 'patch', resource: 'nodes', name: 'n1', subresource: 'status' }],
    ['DELETE', '/api/v1/namespaces/default/pods', {}, { verb: 'deletecollection' }],
    ['DELETE', '/api/v1/namespaces/default/pods/web', {}, { verb: 'delete', name: 'web' }],
    ['GET', '/api/v1/namespaces/kube-system', {}, { verb: 'get', resource: 'namespaces', name: 'kube-system', namespace: 'kube-system' }],
    ['PUT', '/api/v1/namespaces/x/finalize', {}, { verb: 'update', resource: 'namespaces', name: 'x', subresource: 'finalize' }],
    ['GET', '/api/v1/namespaces', {}, { verb: 'list', resource: 'namespaces', namespace: '' }],
    ['POST', '/api/v1/namespaces/default/pods/web/eviction', {}, { verb: 'create', subresource: 'eviction' }],
  ];
  for (const [method, path, query, want] of cases) {
    it(`${method} ${path} ${JSON.stringify(query)}`, () => {
      const ri = parseRequestInfo(method as 'GET', path, query);
      expect(ri.isResourceRequest).toBe(true);
      expect(ri).toMatchObject(want);
    });
  }

  it('treats discovery and health paths as non-resource requests', () => {
    for (const p of ['/api', '/api/v1', '/apis', '/apis/apps/v1', '/version', '/healthz', '/openapi/v3']) {
      const ri = parseRequestInfo('GET', p);
      expect(ri.isResourceRequest).toBe(false);
      expect(ri.verb).toBe('get');
    }
  });
});
