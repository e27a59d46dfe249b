/**
 * `kubectl delete -f` for the editor's text: each document's object, found through API discovery
 * (kind to resource, as kubectl's REST mapper does), deleted with background propagation. Deletes
 * go through the cluster worker's deleteObject, which records them into the scenario (Share replays them).
 */
import { parseAllDocuments } from 'yaml';
import type { ApplyResult } from '../../workers/kubectl/apply';
import type { Status } from '../../workers/api/types';
import type { ObjectRef } from '../../workers/cluster/protocol';
import { connectCluster } from '../cluster/connection';
import type { RequestFn } from './cluster-schema';

/** Deletes one object and answers as the API does. */
export type DeleteFn = (ref: ObjectRef) => Promise<{ status: number; body: unknown }>;

/** The dashboard's delete: performed and recorded by the cluster worker. */
const recordedDelete: DeleteFn = async (ref) => (await connectCluster()).deleteObject(ref);

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

interface Target {
  index: number;
  line: number;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** The documents' identities; YAML errors come back as results and nothing is deleted. */
function targets(text: string): { targets: Target[]; errors: ApplyResult[] } {
  const out: Target[] = [];
  const errors: ApplyResult[] = [];
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  parseAllDocuments(text, { version: '1.1' }).forEach((doc, index) => {
    const e = doc.errors[0];
    if (e) {
      errors.push({ document: index, line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col, ok: false, text: `error: error parsing STDIN: ${e.message}` });
      return;
    }
    const obj = doc.toJS({ maxAliasCount: 100 }) as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } | null;
    if (!obj) return;
    const line = lineOf(doc.contents?.range?.[0] ?? doc.range[0]);
    out.push({ index, line, apiVersion: String(obj.apiVersion ?? ''), kind: String(obj.kind ?? ''), name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace });
  });
  return { targets: out, errors };
}

/** Deletes every document's object; one result per document, as kubectl prints it. */
export async function deleteManifests(request: RequestFn, text: string, remove: DeleteFn = recordedDelete): Promise<ApplyResult[]> {
  const parsed = targets(text);
  if (parsed.errors.length) return parsed.errors;
  if (!parsed.targets.length) return [{ document: -1, line: 1, ok: false, text: 'error: no objects passed to delete' }];
  const discovery = new Map<string, Promise<ApiResourceList | undefined>>();
  const resources = (apiVersion: string) => {
    let list = discovery.get(apiVersion);
    if (!list) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      list = request({ method: 'GET', path }).then((r) => (r.status === 200 ? (r.body as ApiResourceList) : undefined));
      discovery.set(apiVersion, list);
    }
    return list;
  };
  const results: ApplyResult[] = [];
  for (const t of parsed.targets) {
    const list = await resources(t.apiVersion);
    const resource = list?.resources.find((r) => r.kind === t.kind && !r.name.includes('/'));
    const base = { document: t.index, line: t.line };
    if (!resource) {
      results.push({ ...base, ok: false, text: `error: resource mapping not found for name: "${t.name}" namespace: "${t.namespace ?? ''}" from "STDIN": no matches for kind "${t.kind}" in version "${t.apiVersion}"` });
      continue;
    }
    const group = t.apiVersion.includes('/') ? t.apiVersion.split('/')[0] : '';
    const ns = resource.namespaced ? (t.namespace ?? 'default') : undefined;
    const res = await remove({ apiVersion: t.apiVersion, kind: t.kind, name: t.name, ...(ns ? { namespace: ns } : {}) });
    const ref = `${group ? `${resource.name}.${group}` : resource.name}`;
    if (res.status < 300) {
      results.push({ ...base, ok: true, text: `${t.kind.toLowerCase()}${group ? `.${group}` : ''} "${t.name}" deleted` });
    } else {
      const status = res.body as Status;
      results.push({ ...base, ok: false, status, text: `Error from server (${status.reason || 'Unknown'}): error when deleting "STDIN": ${status.message ?? ref}` });
    }
  }
  return results;
}
