import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { asResponse, newTestServer, request } from '../testkit';

const path = '/api/v1/namespaces/default/services';
const svc = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], ...spec },
});

describe('Service address allocation', () => {
  it('allocates a cluster IP in 10.96.0.0/12 above the static band, and node ports in range', async () => {
    const { server } = await newTestServer();
    const r = asResponse(await server.handle(request('POST', path, svc('web', { type: 'NodePort' }))));
    expect(r.status).toBe(201);
    const spec = (r.body as KubeObject).spec as { clusterIP: string; clusterIPs: string[]; ports: { nodePort: number }[]; ipFamilies: string[] };
    const [a, b, c] = spec.clusterIP.split('.').map(Number);
    expect(a).toBe(10);
    expect(b >= 96 && b <= 111).toBe(true);
    expect(b > 96 || c >= 1).toBe(true);
    expect(spec.clusterIPs).toEqual([spec.clusterIP]);
    expect(spec.ipFamilies).toEqual(['IPv4']);
    expect(spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
  });

  it('honours requested addresses and refuses taken or out-of-range ones', async () => {
    const { server } = await newTestServer();
    const dns = asResponse(await server.handle(request('POST', path, svc('kube-dns', { clusterIP: '10.96.0.10' }))));
    expect((dns.body as KubeObject).spec).toMatchObject({ clusterIP: '10.96.0.10' });
    const taken = asResponse(await server.handle(request('POST', path, svc('again', { clusterIP: '10.96.0.1' }))));
    expect(taken.status).toBe(422);
    expect((taken.body as { message: string }).message).toBe(
      'Service "again" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    );
    await server.handle(request('POST', path, svc('np', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })));
    const port = asResponse(await server.handle(request('POST', path, svc('np2', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))));
    expect((port.body as { message: string }).message).toBe('Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const headless = asResponse(await server.handle(request('POST', path, svc('h', { clusterIP: 'None' }))));
    expect((headless.body as KubeObject).spec).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'] });
  });

  it('keeps the cluster IP across updates', async () => {
    const { server } = await newTestServer();
    const c = asResponse(await server.handle(request('POST', path, svc('keep')))).body as KubeObject;
    const ip = (c.spec as { clusterIP: string }).clusterIP;
    const u = asResponse(await server.handle(request('PUT', `${path}/keep`, svc('keep', { selector: { app: 'other' } }))));
    expect(u.status).toBe(200);
    expect((u.body as KubeObject).spec).toMatchObject({ clusterIP: ip, selector: { app: 'other' } });
  });
});
