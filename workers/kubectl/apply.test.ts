import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Cluster, DEFAULT_EPOCH_MS } from '../cluster/cluster';
import { applyManifests } from './apply';

const corpus = (p: string) => readFileSync(fileURLToPath(new URL(`../../../shared/corpus/${p}`, import.meta.url)), 'utf8');
const admin = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };

async function cluster() {
  return Cluster.open({ seed: 3, epochMs: DEFAULT_EPOCH_MS });
}

describe('applyManifests', () => {
  it('creates, then reports unchanged, then configured after an edit, as kubectl prints', async () => {
    const c = await cluster();
    const text = corpus('application/mysql/mysql-deployment.yaml');
    const first = await applyManifests(c, text, { user: admin });
    expect(first.map((r) => r.text)).toEqual(['service/mysql created', 'deployment.apps/mysql created']);
    const again = await applyManifests(c, text, { user: admin });
    expect(again.map((r) => r.text)).toEqual(['service/mysql unchanged', 'deployment.apps/mysql unchanged']);
    const edited = text.replace('image: mysql:5.6', 'image: mysql:8.4');
    expect(edited).not.toBe(text);
    const third = await applyManifests(c, edited, { user: admin });
    expect(third.map((r) => r.text)).toEqual(['service/mysql unchanged', 'deployment.apps/mysql configured']);
  });

  it('applies nothing when any document has a YAML error, and says where', async () => {
    const c = await cluster();
    const before = c.store.revision;
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n';
    const results = await applyManifests(c, text, { user: admin });
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(results[0].document).toBe(1);
    expect(results[0].line).toBeGreaterThanOrEqual(8);
    expect(c.store.revision).toBe(before);
  });

  it('refuses alias bombs and __proto__ keys before sending anything', async () => {
    const c = await cluster();
    const before = c.store.revision;
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]},*${'abcdefghij'[i]}]`)].join('\n');
    const r1 = await applyManifests(c, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n${bomb}\n`, { user: admin });
    expect(r1[0].ok).toBe(false);
    const r2 = await applyManifests(c, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\n  __proto__: {x: 1}\n', { user: admin });
    expect(r2[0].ok).toBe(false);
    expect(r2[0].text).toContain('__proto__');
    expect(c.store.revision).toBe(before);
  });

  it('names a removed kind and the version to use instead', async () => {
    const c = await cluster();
    const [r] = await applyManifests(c, corpus('application/job/cronjob.yaml'), { user: admin });
    expect(r.ok).toBe(false);
    expect(r.text).toContain('no matches for kind "CronJob" in version "batch/v1beta1"');
    expect(r.text).toContain('batch/v1');
  });

  it('carries the 422 causes with field paths, and a dry run changes nothing', async () => {
    const c = await cluster();
    const bad = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: -1\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
    const [r] = await applyManifests(c, bad, { user: admin });
    expect(r.status?.code).toBe(422);
    expect(r.status?.details?.causes?.map((x) => x.field)).toContain('spec.replicas');
    const before = c.store.revision;
    const [dry] = await applyManifests(c, bad.replace('-1', '2'), { user: admin, dryRun: true });
    expect(dry.text).toBe('deployment.apps/web created (server dry run)');
    expect(c.store.revision).toBe(before);
  });
});
