import { describe, expect, it } from 'vitest';
import { containedIn, threeWayMergePatch } from './three-way';

describe('threeWayMergePatch', () => {
  const live = {
    metadata: { name: 'web', labels: { app: 'web' }, uid: 'u1' },
    spec: { replicas: 5, template: { spec: { containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Always' }] } } },
    status: { replicas: 5 },
  };

  it('returns nothing when the configuration is already live (defaults ignored)', () => {
    const cfg = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 5, template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    expect(threeWayMergePatch(cfg, cfg, live)).toBeUndefined();
  });

  it('sets a field another writer changed back to the configuration', () => {
    const cfg = { metadata: { name: 'web' }, spec: { replicas: 3 } };
    expect(threeWayMergePatch(cfg, cfg, live)).toEqual({ spec: { replicas: 3 } });
  });

  it('deletes what the last configuration had and the new one drops', () => {
    const last = { metadata: { name: 'web', labels: { app: 'web' } } };
    const cfg = { metadata: { name: 'web' } };
    expect(threeWayMergePatch(last, cfg, live)).toEqual({ metadata: { labels: null } });
  });

  it('replaces a list whose items changed', () => {
    const cfg = { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } };
    expect(threeWayMergePatch(undefined, cfg, live)).toEqual(cfg);
  });

  it('containedIn compares lists element-wise and lengths exactly', () => {
    expect(containedIn([{ a: 1 }], [{ a: 1, b: 2 }])).toBe(true);
    expect(containedIn([{ a: 1 }], [{ a: 1 }, { a: 2 }])).toBe(false);
    expect(containedIn({ a: '1' }, { a: 1 })).toBe(false);
  });
});
