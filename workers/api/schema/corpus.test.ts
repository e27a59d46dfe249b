import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { splitApiVersion, type ResourceInfo } from '../registry';
import type { KubeObject } from '../types';
import { decodeChecked, parseJsonStrict } from './decode';
import { schemaNameFor } from './schema';

const corpusDir = join(__dirname, '../../../../shared/corpus');
/** The one corpus file upstream itself rejects (its nodeAffinity is written at the wrong level). */
const malformed = 'pods/pod-with-node-affinity.yaml';
/** Files whose apiVersion is no longer served (batch/v1beta1): no schema, so nothing to check. */
const unserved = new Set(['application/job/cronjob.yaml']);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(f) ? [p] : [];
  });
}

function infoFor(obj: KubeObject): ResourceInfo {
  const { group, version } = splitApiVersion(obj.apiVersion);
  return {
    group, version, kind: obj.kind, listKind: `${obj.kind}List`, resource: '', singular: '', namespaced: true,
    shortNames: [], categories: [], verbs: [], subresources: [],
  };
}

function decodeFile(path: string): { kinds: string[]; errors: string[] } {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { version: '1.1' });
  const kinds: string[] = [];
  const errors: string[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const value = doc.toJS() as KubeObject | null;
    if (!value) continue;
    // Through JSON text, as kubectl sends it, so the strict parser runs too.
    const obj = parseJsonStrict(JSON.stringify(value)) as KubeObject;
    if (schemaNameFor(infoFor(obj).group, infoFor(obj).version, obj.kind)) kinds.push(obj.kind);
    try {
      decodeChecked(obj, infoFor(obj), 'Strict');
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      errors.push(e.message);
    }
  }
  return { kinds, errors };
}

describe('corpus manifests decode cleanly in Strict mode', () => {
  const files = existsDir(corpusDir) ? yamlFiles(corpusDir) : [];

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [relative(corpusDir, f)]))('%s', (rel) => {
    const { kinds, errors } = decodeFile(join(corpusDir, rel));
    expect(kinds.length > 0).toBe(!unserved.has(rel));
    if (rel === malformed) {
      // A list where a struct belongs is a Go unmarshal error, which wins over unknown fields.
      expect(errors).toEqual([
        'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field ' +
          'NodeAffinity.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution of type v1.NodeSelector',
      ]);
    } else {
      expect(errors).toEqual([]);
    }
  });
});

function existsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
