/**
 * A minimal in-memory ApiHandler for the client machinery's tests: objects by path, a global
 * resourceVersion counter, list (with limit/continue and label selectors), watch (with history
 * replay and bookmarks), get/create/update/delete, and fault injection (410 on watches, closed
 * streams, failing requests). Not the real apiserver: no validation, defaulting or admission.
 */
import { alreadyExists, conflict, CONFLICT_MODIFIED, expired, notFound, statusFailure } from '../../api/errors';
import { ApiError } from '../../api/errors';
import { matchesLabels, parseLabelSelector } from '../../api/selectors';
import type { KubeObject, Status, WatchEvent } from '../../api/types';
import type { ApiHandler, ApiRequest, ApiResult, WatchStream } from '../../apiserver/types';

interface ParsedPath {
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Parses `/api/v1/namespaces/ns/pods/x/status` and `/apis/g/v/...` into its parts. */
export function parsePath(path: string): ParsedPath {
  const parts = path.split('/').filter(Boolean);
  let i: number;
  let group: string;
  if (parts[0] === 'api') {
    group = '';
    i = 2;
  } else if (parts[0] === 'apis') {
    group = parts[1];
    i = 3;
  } else throw new Error(`not a resource path: ${path}`);
  let namespace: string | undefined;
  if (parts[i] === 'namespaces' && parts.length > i + 2) {
    namespace = parts[i + 1];
    i += 2;
  }
  return { group, resource: parts[i], namespace, name: parts[i + 1], subresource: parts[i + 2] };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

interface HistoryEntry {
  rv: number;
  collection: string;
  namespace?: string;
  event: WatchEvent;
}

interface OpenWatch {
  collection: string;
  namespace?: string;
  sink?: (e: WatchEvent) => void;
  onClose?: () => void;
  closed: boolean;
  close(): void;
}

/** The in-memory fake. */
export class FakeApiServer implements ApiHandler {
  rv = 0;
  /** Watches below this revision get a 410 ERROR event. */
  compactedRv = 0;
  readonly objects = new Map<string, KubeObject>();
  readonly history: HistoryEntry[] = [];
  readonly requests: ApiRequest[] = [];
  private readonly watches = new Set<OpenWatch>();
  private failures: { match: (r: ApiRequest) => boolean; status: Status }[] = [];
  private uidCounter = 0;

  constructor(private readonly now: () => number = () => 0) {}

  /** Makes the next request `match` accepts fail with `status`. */
  failNext(match: (r: ApiRequest) => boolean, status: Status): void {
    this.failures.push({ match, status });
  }

  /** Forgets history up to now: watches from an older revision get 410 Expired. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }

  /** Sends a 410 Expired ERROR event to every open watch. */
  expireWatches(): void {
    const status = expired('The resourceVersion for the provided watch is too old.').status;
    for (const w of Array.from(this.watches)) w.sink?.({ type: 'ERROR', object: status as unknown as KubeObject });
  }

  /** Ends every open watch from the server side, as a watch timeout does. */
  closeWatches(): void {
    for (const w of Array.from(this.watches)) {
      w.close();
      w.onClose?.();
    }
  }

  /** Sends a BOOKMARK with the current revision to every open watch. */
  bookmark(): void {
    for (const w of this.watches) {
      w.sink?.({ type: 'BOOKMARK', object: { apiVersion: 'v1', kind: 'Bookmark', metadata: { resourceVersion: String(this.rv) } } });
    }
  }

  get openWatches(): number {
    return this.watches.size;
  }

  async handle(req: ApiRequest): Promise<ApiResult> {
    this.requests.push(req);
    try {
      const i = this.failures.findIndex((f) => f.match(req));
      if (i >= 0) throw new ApiError(this.failures.splice(i, 1)[0].status);
      return this.dispatch(req);
    } catch (e) {
      if (e instanceof ApiError) return { kind: 'response', status: e.code, headers: {}, body: e.status };
      throw e;
    }
  }

  private dispatch(req: ApiRequest): ApiResult {
    const p = parsePath(req.path);
    const collection = `${p.group}/${p.resource}`;
    const q = req.query ?? {};
    if (req.method === 'GET' && !p.name) return q.watch === 'true' ? this.watch(collection, p.namespace, q) : this.list(collection, p.namespace, q);
    const key = `${collection}/${p.namespace ?? ''}/${p.name ?? ''}`;
    switch (req.method) {
      case 'GET':
        return this.ok(200, this.mustGet(key, p));
      case 'POST':
        return this.create(collection, p, req.body as KubeObject);
      case 'PUT':
        return this.update(key, p, req.body as KubeObject);
      case 'DELETE':
        return this.remove(key, p);
      default:
        throw new ApiError(statusFailure(405, 'MethodNotAllowed', `${req.method} is not supported by the fake`));
    }
  }

  private ok(status: number, body: unknown): ApiResult {
    return { kind: 'response', status, headers: { 'content-type': 'application/json' }, body };
  }

  private mustGet(key: string, p: ParsedPath): KubeObject {
    const o = this.objects.get(key);
    if (!o) throw notFound(p.group, p.resource, p.name ?? '');
    return o;
  }

  private write(type: WatchEvent['type'], key: string, collection: string, obj: KubeObject): KubeObject {
    this.rv++;
    const stored = deepFreeze({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv) } });
    if (type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, stored);
    const entry: HistoryEntry = { rv: this.rv, collection, namespace: obj.metadata.namespace, event: { type, object: stored } };
    this.history.push(entry);
    for (const w of Array.from(this.watches)) if (matches(w, entry)) w.sink?.(entry.event);
    return stored;
  }

  private create(collection: string, p: ParsedPath, body: KubeObject): ApiResult {
    const name = body.metadata.name!;
    const key = `${collection}/${p.namespace ?? ''}/${name}`;
    if (this.objects.has(key)) throw alreadyExists(p.group, p.resource, name);
    const meta = { ...body.metadata, namespace: p.namespace, uid: `uid-${++this.uidCounter}`, creationTimestamp: new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z') };
    if (!p.namespace) delete meta.namespace;
    return this.ok(201, this.write('ADDED', key, collection, { ...body, metadata: meta }));
  }

  private update(key: string, p: ParsedPath, body: KubeObject): ApiResult {
    const cur = this.mustGet(key, p);
    const want = body.metadata.resourceVersion;
    if (want && want !== cur.metadata.resourceVersion) throw conflict(p.group, p.resource, p.name!, CONFLICT_MODIFIED);
    const merged = { ...body, metadata: { ...body.metadata, uid: cur.metadata.uid, creationTimestamp: cur.metadata.creationTimestamp } };
    return this.ok(200, this.write('MODIFIED', key, `${p.group}/${p.resource}`, merged));
  }

  private remove(key: string, p: ParsedPath): ApiResult {
    const cur = this.mustGet(key, p);
    return this.ok(200, this.write('DELETED', key, `${p.group}/${p.resource}`, cur));
  }

  private list(collection: string, namespace: string | undefined, q: Record<string, string | undefined>): ApiResult {
    const sel = q.labelSelector ? parseLabelSelector(q.labelSelector) : undefined;
    const prefix = `${collection}/${namespace ?? ''}`;
    const keys = [...this.objects.keys()].filter((k) => (namespace ? k.startsWith(prefix + '/') : k.startsWith(collection + '/'))).sort();
    let start = 0;
    let listRv = String(this.rv);
    if (q.continue) {
      const token = JSON.parse(q.continue) as { rv: string; after: string };
      if (Number(token.rv) < this.compactedRv) throw expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
      listRv = token.rv;
      start = keys.findIndex((k) => k > token.after);
      if (start < 0) start = keys.length;
    }
    const limit = q.limit ? Number(q.limit) : Infinity;
    const items: KubeObject[] = [];
    let i = start;
    for (; i < keys.length && items.length < limit; i++) {
      const o = this.objects.get(keys[i])!;
      if (!sel || matchesLabels(sel, o.metadata.labels)) items.push(o);
    }
    const metadata: Record<string, string> = { resourceVersion: listRv };
    if (i < keys.length) metadata.continue = JSON.stringify({ rv: listRv, after: keys[i - 1] });
    return this.ok(200, { apiVersion: 'v1', kind: 'List', metadata, items });
  }

  private watch(collection: string, namespace: string | undefined, q: Record<string, string | undefined>): ApiResult {
    const from = Number(q.resourceVersion ?? '0');
    const w: OpenWatch = {
      collection,
      namespace,
      closed: false,
      close: () => {
        w.closed = true;
        this.watches.delete(w);
      },
    };
    const stream: WatchStream = {
      start: (sink, onClose) => {
        w.sink = sink;
        w.onClose = onClose;
        if (from > 0 && from < this.compactedRv) {
          const status = expired(`too old resource version: ${from} (${this.compactedRv + 1})`).status;
          sink({ type: 'ERROR', object: status as unknown as KubeObject });
          return;
        }
        this.watches.add(w);
        for (const h of this.history) if (h.rv > from && matches(w, h)) sink(h.event);
      },
      close: () => w.close(),
    };
    return { kind: 'watch', status: 200, headers: {}, stream };
  }
}

function matches(w: OpenWatch, h: HistoryEntry): boolean {
  return !w.closed && w.collection === h.collection && (!w.namespace || w.namespace === h.namespace);
}
