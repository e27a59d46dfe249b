import { describe, expect, it } from 'vitest';
import { asResponse, newTestServer, request } from '../testkit';
import { evaluatePodSpec } from './podsecurity-checks';

const nsWith = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

describe('PodSecurity admission', () => {
  it('refuses a plain pod in a restricted namespace with upstream wording', async () => {
    const { server } = await newTestServer();
    await server.handle(request('POST', '/api/v1/namespaces', nsWith('secure', { 'pod-security.kubernetes.io/enforce': 'restricted' })));
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx' }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } };
    const r = asResponse(await server.handle(request('POST', '/api/v1/namespaces/secure/pods', pod)));
    expect(r.status).toBe(403);
    expect((r.body as { message: string }).message).toBe(
      'pods "nginx" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    const hardened = {
      ...pod,
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'nginx', image: 'nginx', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      },
    };
    expect(asResponse(await server.handle(request('POST', '/api/v1/namespaces/secure/pods', hardened))).status).toBe(201);
  });

  it('warns about workload templates in a warn namespace', async () => {
    const { server } = await newTestServer();
    await server.handle(request('POST', '/api/v1/namespaces', nsWith('dev', { 'pod-security.kubernetes.io/warn': 'baseline' })));
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'net' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { hostNetwork: true, containers: [{ name: 'c', image: 'x' }] } } },
    };
    const r = asResponse(await server.handle(request('POST', '/apis/apps/v1/namespaces/dev/deployments', deploy)));
    expect(r.status).toBe(201);
    expect(r.headers.warning).toBe('299 - "would violate PodSecurity \\"baseline:latest\\": host namespaces (hostNetwork=true)"');
  });

  it('reports baseline violations per check', () => {
    const v = evaluatePodSpec(
      {
        hostPID: true,
        volumes: [{ name: 'root', hostPath: { path: '/' } }],
        containers: [{ name: 'a', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'CHOWN'] } }, ports: [{ hostPort: 80 }] }],
      },
      'baseline',
    );
    expect(v).toEqual([
      { reason: 'host namespaces', detail: 'hostPID=true' },
      { reason: 'privileged', detail: 'container "a" must not set securityContext.privileged=true' },
      { reason: 'non-default capabilities', detail: 'container "a" must not include "NET_ADMIN" in securityContext.capabilities.add' },
      { reason: 'hostPath volumes', detail: 'volume "root"' },
      { reason: 'hostPort', detail: 'container "a" uses hostPort 80' },
    ]);
  });
});
