/** What every REST handler works with: the request, its resource, the store and the pipeline hooks. */
import type { ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import type { Store } from '../../store/store';
import type { Clock, Rng, Timers } from '../../sim/types';
import type { RequestInfo } from '../requestinfo';
import type { RequestTrace, WatchTraceSink } from '../trace';
import type { ApiRequest, UserInfo } from '../types';

/** Options a pods/log request carries. */
export interface LogOptions {
  container: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  limitBytes?: number;
}

/**
 * Supplies container logs (the kubelet's job): the text, or a promise of it when the kubelet runs
 * in another worker (the apiserver's async `handle` awaits it; errors are ApiErrors).
 */
export type LogProvider = (pod: KubeObject, opts: LogOptions) => string | Promise<string>;

/** Long-lived collaborators shared by every request. */
export interface ServerDeps {
  store: Store;
  clock: Clock;
  /** Names and UIDs. */
  rng: Rng;
  /** Virtual-time timers for watch bookmarks and timeouts, when the kernel provides them. */
  timers?: Timers;
  logs?: LogProvider;
  /** ServiceAccount admission refuses pods whose service account does not exist (upstream default). */
  requireServiceAccount: boolean;
  /** Answers SubjectAccessReviews, SelfSubjectReviews and TokenReviews (set by the ApiServer). */
  reviews?: (ctx: RestContext) => KubeObject;
  /** Mints a service-account bearer token (serviceaccounts/token). */
  mintToken?: (namespace: string, name: string) => string;
  /** Called after a successful write, so caches (RBAC) can drop stale entries. */
  onWrite: (info: ResourceInfo) => void;
  /** Receives every watch event sent, while set (the architecture view). */
  watchTrace?: WatchTraceSink;
}

/** One resource request on its way through the REST layer. */
export interface RestContext {
  deps: ServerDeps;
  /** The resource as requested (group, version). */
  info: ResourceInfo;
  ri: RequestInfo;
  req: ApiRequest;
  query: Record<string, string | undefined>;
  user: UserInfo;
  trace: RequestTrace;
  /** Warning texts for the `Warning` response header. */
  warnings: string[];
  dryRun: boolean;
  /** Set when create generated the name, so a collision retries with another. */
  generatedName?: boolean;
  /** The resourceVersion this request wrote, for the trace. */
  writtenRV?: string;
}
