import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import { candidateNames, resolveHost, type DnsSource } from './dns';
import { makeService } from './proxy-testkit';

const services: Service[] = [
  makeService('default', 'web', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] }),
  makeService('shop', 'cart', { clusterIP: '10.96.0.30', ports: [{ port: 80 }] }),
  makeService('shop', 'db', { clusterIP: 'None', ports: [{ port: 5432 }] }),
  makeService('shop', 'ext', { type: 'ExternalName', externalName: 'example.com' }),
];
const src: DnsSource = {
  service: (ns, name) => services.find((s) => s.metadata?.namespace === ns && s.metadata?.name === name),
  endpointAddresses: (ns, name) => (ns === 'shop' && name === 'db' ? ['10.244.1.9', '10.244.2.3'] : []),
};

describe('cluster DNS', () => {
  it('search path and ndots:5 order the candidates', () => {
    expect(candidateNames('web', 'default')).toEqual(['web.default.svc.cluster.local', 'web.svc.cluster.local', 'web.cluster.local', 'web']);
    expect(candidateNames('web.default.svc.cluster.local.', 'x')).toEqual(['web.default.svc.cluster.local']);
    expect(candidateNames('a.b.c.d.e.f', 'x')[0]).toBe('a.b.c.d.e.f');
  });

  it.each([
    ['web', 'default', ['10.96.0.20'], 'web.default.svc.cluster.local'],
    ['cart', 'shop', ['10.96.0.30'], 'cart.shop.svc.cluster.local'],
    ['cart.shop', 'default', ['10.96.0.30'], 'cart.shop.svc.cluster.local'],
    ['cart.shop.svc', 'default', ['10.96.0.30'], 'cart.shop.svc.cluster.local'],
    ['cart.shop.svc.cluster.local', 'default', ['10.96.0.30'], 'cart.shop.svc.cluster.local'],
    ['WEB.default', 'shop', ['10.96.0.20'], 'web.default.svc.cluster.local'],
    ['db.shop', 'default', ['10.244.1.9', '10.244.2.3'], 'db.shop.svc.cluster.local'],
    ['10-244-1-9.shop.pod.cluster.local', 'default', ['10.244.1.9'], '10-244-1-9.shop.pod.cluster.local'],
    ['10.96.0.20', 'default', ['10.96.0.20'], '10.96.0.20'],
  ])('%s from namespace %s -> %j', (name, ns, addresses, fqdn) => {
    const r = resolveHost(name, { namespace: ns }, src);
    expect(r).toMatchObject({ ok: true, addresses, fqdn });
  });

  it.each([
    ['cart', { namespace: 'default' }],
    ['web.shop', { namespace: 'default' }],
    ['ext.shop', { namespace: 'shop' }],
    ['web.default.svc.cluster.local', 'host' as const],
  ])('%s does not resolve from %j', (name, from) => {
    const r = resolveHost(name, from, src);
    expect(r).toMatchObject({ ok: false, message: `Could not resolve host: ${name}` });
  });

  it('records every name the stub resolver tried', () => {
    const r = resolveHost('cart.shop', { namespace: 'default' }, src);
    expect(r.tried).toEqual(['cart.shop.default.svc.cluster.local', 'cart.shop.svc.cluster.local']);
  });
});
