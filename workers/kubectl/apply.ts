/**
 * `kubectl apply -f` for the in-browser editor: document by document, create or three-way patch,
 * reporting `deployment.apps/web created | configured | unchanged` or the server's error, as kubectl
 * prints them. YAML errors stop everything before any request is made.
 */
import type { ApiHandler, ApiRequest, ApiResponse, UserInfo } from '../apiserver/types';
import type { KubeObject, Status } from '../api/types';
import { resourceForKind, removedKindMessage, type ResourceInfo } from '../api/registry';
import { parseManifests } from '../api/yaml';
import { resourcePath } from './paths';
import { threeWayMergePatch } from './three-way';

/** The annotation kubectl keeps the last applied configuration in. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ApplyResult {
  /** Index of the document in the input (0-based); -1 for an error about the whole input. */
  document: number;
  /** 1-based line of the document (or of the YAML error). */
  line: number;
  column?: number;
  ok: boolean;
  /** What kubectl prints for it: `deployment.apps/web created` or `Error from server (...): ...`. */
  text: string;
  action?: 'created' | 'configured' | 'unchanged';
  /** The object as the server returned it (for created/configured). */
  object?: KubeObject;
  /** The server's Status on failure (422 causes carry field paths). */
  status?: Status;
}

export interface ApplyOptions {
  dryRun?: boolean;
  user?: UserInfo;
  /** Where the input came from, for messages (`STDIN` as kubectl says for piped input). */
  source?: string;
}

/** Applies every document of `text`; nothing at all when the YAML itself is broken. */
export async function applyManifests(api: ApiHandler, text: string, opts: ApplyOptions = {}): Promise<ApplyResult[]> {
  const { documents, errors } = parseManifests(text);
  if (errors.length) {
    return errors.map((e) => ({
      document: e.document,
      line: e.line,
      column: e.column,
      ok: false,
      text: `error: error parsing ${opts.source ?? 'STDIN'}: line ${e.line}, column ${e.column}: ${e.message}`,
    }));
  }
  if (!documents.length) {
    return [{ document: -1, line: 1, ok: false, text: 'error: no objects passed to apply' }];
  }
  const results: ApplyResult[] = [];
  for (const doc of documents) {
    results.push(await applyOne(api, doc.object, doc.index, doc.line, opts));
  }
  return results;
}

async function applyOne(
  api: ApiHandler,
  config: KubeObject,
  index: number,
  line: number,
  opts: ApplyOptions,
): Promise<ApplyResult> {
  const source = opts.source ?? 'STDIN';
  const info = resourceForKind(String(config.apiVersion), String(config.kind));
  const name = config.metadata?.name ?? '';
  if (!info) {
    const removed = removedKindMessage(String(config.apiVersion), String(config.kind));
    const why = removed ?? `no matches for kind "${config.kind}" in version "${config.apiVersion}"\nensure CRDs are installed first`;
    return {
      document: index,
      line,
      ok: false,
      text: `error: resource mapping not found for name: "${name}" namespace: "${config.metadata?.namespace ?? ''}" from "${source}": ${why}`,
    };
  }
  const namespace = info.namespaced ? (config.metadata?.namespace ?? 'default') : undefined;
  const ref = `${info.group ? `${info.kind.toLowerCase()}.${info.group}` : info.kind.toLowerCase()}/${name}`;
  const suffix = opts.dryRun ? ' (server dry run)' : '';
  const query: Record<string, string> = { fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' };
  if (opts.dryRun) query.dryRun = 'All';

  const desired = withLastApplied(config, namespace);
  const live = name ? await send(api, opts, { method: 'GET', path: resourcePath(info, namespace, name) }) : undefined;
  if (!name || live?.status === 404) {
    const res = await send(api, opts, { method: 'POST', path: resourcePath(info, namespace), query, body: desired });
    return outcome(res, index, line, 'created', ref, suffix, 'creating', source, info);
  }
  if (!live || live.status >= 300) return outcome(live!, index, line, 'created', ref, suffix, 'retrieving current configuration of', source, info);

  const liveObj = live.body as KubeObject;
  const lastText = liveObj.metadata?.annotations?.[LAST_APPLIED];
  let last: unknown = undefined;
  try {
    last = lastText ? JSON.parse(lastText) : undefined;
  } catch {
    last = undefined;
  }
  const patch = threeWayMergePatch(last, desired, liveObj);
  if (!patch) {
    return { document: index, line, ok: true, action: 'unchanged', text: `${ref} unchanged${suffix}`, object: liveObj };
  }
  const res = await send(api, opts, {
    method: 'PATCH',
    path: resourcePath(info, namespace, name),
    query,
    headers: { 'content-type': 'application/merge-patch+json' },
    body: patch,
  });
  return outcome(res, index, line, 'configured', ref, suffix, 'patching', source, info);
}

/** The configuration as kubectl sends it: with itself, minus the annotation, in the annotation. */
function withLastApplied(config: KubeObject, namespace: string | undefined): KubeObject {
  const copy = structuredClone(config) as KubeObject;
  copy.metadata = copy.metadata ?? {};
  if (namespace && !copy.metadata.namespace) copy.metadata.namespace = namespace;
  const annotations = { ...copy.metadata.annotations };
  delete annotations[LAST_APPLIED];
  const forAnnotation = structuredClone(copy) as KubeObject;
  if (Object.keys(annotations).length) forAnnotation.metadata.annotations = annotations;
  else delete forAnnotation.metadata.annotations;
  copy.metadata.annotations = { ...annotations, [LAST_APPLIED]: JSON.stringify(forAnnotation) + '\n' };
  return copy;
}

async function send(api: ApiHandler, opts: ApplyOptions, req: ApiRequest): Promise<ApiResponse> {
  const full: ApiRequest = {
    ...req,
    headers: { accept: 'application/json', 'content-type': 'application/json', ...req.headers },
  };
  if (opts.user) full.user = opts.user;
  const res = await api.handle(full);
  if (res.kind === 'watch') {
    res.stream.close();
    throw new Error('unexpected watch response');
  }
  return res;
}

function outcome(
  res: ApiResponse,
  index: number,
  line: number,
  action: 'created' | 'configured',
  ref: string,
  suffix: string,
  verb: string,
  source: string,
  _info: ResourceInfo,
): ApplyResult {
  if (res.status < 300) {
    return { document: index, line, ok: true, action, text: `${ref} ${action}${suffix}`, object: res.body as KubeObject };
  }
  const status = res.body as Status;
  const reason = status.reason || 'Unknown';
  return {
    document: index,
    line,
    ok: false,
    status,
    text: `Error from server (${reason}): error when ${verb} "${source}": ${status.message ?? ''}`,
  };
}
