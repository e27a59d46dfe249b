import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../defaults';
import { fieldErrorString } from '../errors';
import { resourceForKind } from '../registry';
import type { KubeObject } from '../types';
import { validateCreate } from './index';

const corpusDir = join(__dirname, '../../../../shared/corpus');
const malformed = 'pods/pod-with-node-affinity.yaml';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(f) ? [p] : [];
  });
}

/** Defaults and validates every served document of a file; returns the error strings. */
function check(path: string): { served: number; errors: string[] } {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { version: '1.1' });
  let served = 0;
  const errors: string[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const obj = doc.toJS() as KubeObject | null;
    if (!obj) continue;
    const info = resourceForKind(obj.apiVersion, obj.kind);
    if (!info) continue;
    served++;
    obj.metadata = { ...obj.metadata };
    if (info.namespaced) obj.metadata.namespace ??= 'default';
    applyDefaults(obj, info);
    if (info.kind === 'Job') generateJobSelector(obj);
    errors.push(...validateCreate(obj, info).map(fieldErrorString));
  }
  return { served, errors };
}

/** What the apiserver's Job strategy does before validation (its PrepareForCreate). */
function generateJobSelector(job: KubeObject): void {
  const spec = job.spec as { selector?: unknown; template: { metadata?: { labels?: Record<string, string> } } };
  const uid = 'c0ffee00-0000-4000-8000-000000000000';
  spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  spec.template.metadata = { ...spec.template.metadata };
  spec.template.metadata.labels = {
    ...spec.template.metadata.labels,
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': job.metadata.name ?? '',
  };
}

let files: string[] = [];
try {
  files = yamlFiles(corpusDir);
} catch {
  files = [];
}

describe('corpus manifests validate after defaulting', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [relative(corpusDir, f)]).filter(([rel]) => rel !== malformed))('%s', (rel) => {
    expect(check(join(corpusDir, rel)).errors).toEqual([]);
  });

  it('rejects the malformed node affinity at its path', () => {
    const { served, errors } = check(join(corpusDir, malformed));
    expect(served).toBe(1);
    expect(errors).toEqual([
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution: Invalid value: [{"preference":{"matchExpressions":[{"key":"topology.kubernetes.io/zone","operator":"In","values":["antarctica-east1","antarctica-west1"]}]},"weight":5}]: must be an object with nodeSelectorTerms',
    ]);
  });

  it('skips only kinds outside the registry', () => {
    const unserved = files.filter((f) => check(f).served === 0).map((f) => relative(corpusDir, f));
    expect(unserved).toEqual(['application/job/cronjob.yaml']);
  });
});
