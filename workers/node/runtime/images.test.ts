import { describe, expect, it } from 'vitest';
import { parseImageRef } from './image-ref';
import { resolvePull } from './images';

describe('parseImageRef', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['library/nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['bitnami/redis:7.2', 'docker.io/bitnami/redis:7.2'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['quay.io/prometheus/node-exporter:v1.8.2', 'quay.io/prometheus/node-exporter:v1.8.2'],
    [`nginx@sha256:${'a'.repeat(64)}`, `docker.io/library/nginx@sha256:${'a'.repeat(64)}`],
  ])('%s is %s', (raw, full) => {
    expect(parseImageRef(raw)?.fullName).toBe(full);
  });

  it.each(['Nginx', 'nginx:', 'nginx@sha256:abc', ' nginx', ''])('%j is not a valid reference', (raw) => {
    expect(parseImageRef(raw)).toBeUndefined();
  });
});

describe('resolvePull', () => {
  it.each([
    ['nginx:1.27', true],
    ['busybox', true],
    ['registry.k8s.io/etcd:3.5.16-0', true],
    ['k8s.gcr.io/pause:3.2', true],
    ['gcr.io/google-samples/hello-app:1.0', true],
    ['quay.io/jetstack/cert-manager-controller:v1.16.2', true],
    ['ghcr.io/someone/tool:v1', true],
    ['someuser/someapp:2', true],
    ['ngnix', false],
    ['library/nginxx:1', false],
    ['registry.invalid/app:1', false],
  ])('%s pulls: %s', (image, ok) => {
    expect(resolvePull(image).ok).toBe(ok);
  });

  it('words a missing official image as containerd does', () => {
    const r = resolvePull('ngnix');
    expect(r).toEqual({
      ok: false,
      error:
        'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    });
  });

  it('words an unresolvable host as a DNS failure', () => {
    const r = resolvePull('registry.invalid/app:1');
    expect(r.ok ? '' : r.error).toContain('Head "https://registry.invalid/v2/app/manifests/1": dial tcp: lookup registry.invalid: no such host');
  });

  it('gives catalogue sizes, pull times and stable image IDs', () => {
    const a = resolvePull('nginx:1.27');
    const b = resolvePull('docker.io/library/nginx:1.27');
    if (!a.ok || !b.ok) throw new Error('expected pulls');
    expect(a.image.sizeBytes).toBeGreaterThan(72_000_000);
    expect(a.image.sizeBytes).toBeLessThan(73_100_000);
    expect(a.image.pullMs).toBe(1590);
    expect(a.image.imageId).toBe(b.image.imageId);
    expect(a.image.program).toBe('nginx');
  });
});
