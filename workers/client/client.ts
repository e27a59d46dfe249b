/**
 * The typed-ish REST client components use, as client-go's dynamic client: one identity per client,
 * one ResourceClient per resource and namespace, real REST paths, non-2xx answers thrown as ApiError.
 */
import { ApiError, statusFailure } from '../api/errors';
import type { KubeList, KubeObject, Status, StatusReason } from '../api/types';
import type { ApiHandler, ApiRequest, ApiResponse, HttpMethod, UserInfo, WatchStream } from '../apiserver/types';
import {
  deleteBody,
  listQuery,
  PATCH_CONTENT_TYPES,
  writeQuery,
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type PatchOptions,
  type PatchType,
  type WatchOptions,
  type WriteOptions,
} from './options';
import { resourcePath, type GroupVersionResource } from './paths';

const reasonByCode: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

function isStatus(body: unknown): body is Status {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}

/** The ApiError a non-2xx response means: its Status if it sent one, else one built from the code. */
export function errorFromResponse(res: ApiResponse): ApiError {
  if (isStatus(res.body)) return new ApiError(res.body);
  const text = typeof res.body === 'string' ? res.body : `the server responded with status ${res.status}`;
  return new ApiError(statusFailure(res.status, reasonByCode[res.status] ?? 'InternalError', text));
}

/** A client bound to one identity: every request it sends carries that UserInfo. */
export class Client {
  constructor(
    readonly transport: ApiHandler,
    readonly user: UserInfo,
  ) {}

  /** A client for one resource, namespaced or (no namespace) across all namespaces / cluster-scoped. */
  resource<T extends KubeObject = KubeObject>(gvr: GroupVersionResource, namespace?: string): ResourceClient<T> {
    return new ResourceClient<T>(this, gvr, namespace);
  }

  /** Sends a request that must answer with a plain response; throws ApiError on non-2xx. */
  async request(req: Omit<ApiRequest, 'user'>): Promise<ApiResponse> {
    const res = await this.transport.handle({ ...req, user: this.user });
    if (res.kind === 'watch') {
      res.stream.close();
      throw new ApiError(statusFailure(500, 'InternalError', `unexpected watch stream for ${req.method} ${req.path}`));
    }
    if (res.status < 200 || res.status > 299) throw errorFromResponse(res);
    return res;
  }

  /** Opens a watch; throws ApiError when the server refuses it outright. */
  async watch(path: string, query: Record<string, string | undefined>): Promise<WatchStream> {
    const res = await this.transport.handle({ method: 'GET', path, query: { ...query, watch: 'true' }, user: this.user });
    if (res.kind === 'watch') return res.stream;
    throw res.status >= 200 && res.status < 300
      ? new ApiError(statusFailure(500, 'InternalError', `expected a watch stream from ${path}`))
      : errorFromResponse(res);
  }
}

/** get/list/watch/create/update/patch/delete for one resource, with its subresources. */
export class ResourceClient<T extends KubeObject = KubeObject> {
  constructor(
    readonly client: Client,
    readonly gvr: GroupVersionResource,
    readonly namespace?: string,
  ) {}

  /** The REST path of the collection, an object, or a subresource. */
  path(name?: string, subresource?: string): string {
    return resourcePath(this.gvr, this.namespace, name, subresource);
  }

  private async send<R>(method: HttpMethod, path: string, query: Record<string, string | undefined>, body?: unknown, contentType = 'application/json'): Promise<R> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = contentType;
    const res = await this.client.request({ method, path, query, headers, body });
    return res.body as R;
  }

  get(name: string, opts: GetOptions = {}): Promise<T> {
    const q = opts.resourceVersion !== undefined ? { resourceVersion: opts.resourceVersion } : {};
    return this.send('GET', this.path(name), q);
  }

  list(opts: ListOptions = {}): Promise<KubeList<T>> {
    return this.send('GET', this.path(), listQuery(opts));
  }

  watch(opts: WatchOptions = {}): Promise<WatchStream> {
    return this.client.watch(this.path(), listQuery(opts));
  }

  create(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.send('POST', this.path(), writeQuery(opts), obj);
  }

  update(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.send('PUT', this.path(nameOf(obj)), writeQuery(opts), obj);
  }

  updateStatus(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.send('PUT', this.path(nameOf(obj), 'status'), writeQuery(opts), obj);
  }

  patch(name: string, type: PatchType, patch: unknown, opts: PatchOptions = {}): Promise<T> {
    if (type === 'apply' && !opts.fieldManager) return Promise.reject(new Error('server-side apply needs a fieldManager'));
    return this.send('PATCH', this.path(name, opts.subresource), writeQuery(opts), patch, PATCH_CONTENT_TYPES[type]);
  }

  /** Deletes an object; the answer is the object (still terminating, or as deleted) or a Success Status. */
  delete(name: string, opts: DeleteOptions = {}): Promise<T | Status> {
    return this.send('DELETE', this.path(name), {}, deleteBody(opts));
  }

  deleteCollection(opts: DeleteOptions & ListOptions = {}): Promise<KubeList<T> | Status> {
    return this.send('DELETE', this.path(), listQuery(opts), deleteBody(opts));
  }

  /** GET of a subresource (`scale`, `status`). */
  getSubresource<R = KubeObject>(name: string, subresource: string): Promise<R> {
    return this.send('GET', this.path(name, subresource), {});
  }

  /** PUT of a subresource (`scale`, `status`). */
  updateSubresource<R = KubeObject>(name: string, subresource: string, body: unknown, opts: WriteOptions = {}): Promise<R> {
    return this.send('PUT', this.path(name, subresource), writeQuery(opts), body);
  }

  /** POST to a subresource (`binding`, `eviction`). */
  createSubresource<R = KubeObject>(name: string, subresource: string, body: unknown, opts: WriteOptions = {}): Promise<R> {
    return this.send('POST', this.path(name, subresource), writeQuery(opts), body);
  }

  /** autoscaling/v1 Scale of a workload. */
  getScale(name: string): Promise<KubeObject> {
    return this.getSubresource(name, 'scale');
  }

  /** Sets `spec.replicas` through the scale subresource. */
  updateScale(name: string, scale: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    return this.updateSubresource(name, 'scale', scale, opts);
  }

  /** Binds a pod to a node (`pods/binding`), as the scheduler does. */
  bind(podName: string, nodeName: string, opts: WriteOptions & { uid?: string } = {}): Promise<Status> {
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: podName, namespace: this.namespace, ...(opts.uid ? { uid: opts.uid } : {}) },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    return this.createSubresource(podName, 'binding', binding, opts);
  }

  /** Evicts a pod through `pods/eviction` (policy/v1), honouring PodDisruptionBudgets server-side. */
  evict(podName: string, deleteOptions?: DeleteOptions): Promise<Status> {
    const eviction: Record<string, unknown> = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: podName, namespace: this.namespace },
    };
    if (deleteOptions) eviction.deleteOptions = deleteBody(deleteOptions);
    return this.createSubresource(podName, 'eviction', eviction);
  }
}

function nameOf(obj: KubeObject): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error('object has no metadata.name');
  return name;
}
