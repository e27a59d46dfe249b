/** The transport-agnostic apiserver contract: one request in, a response or a watch stream out. */
import type { WatchEvent } from '../api/types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who makes a request, as authentication decided (user.Info). */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface ApiRequest {
  method: HttpMethod;
  /** The REST path: `/api/v1/namespaces/default/pods/x`, `/apis/apps/v1/deployments`, `/version`. */
  path: string;
  /** Query parameters (`watch`, `labelSelector`, `resourceVersion`, `limit`, `continue`, `dryRun`...). */
  query?: Record<string, string | undefined>;
  /** Lower-case header names: `content-type`, `accept`, `authorization`, `impersonate-user`... */
  headers?: Record<string, string>;
  /** A parsed JSON value, or the raw text (JSON or YAML) as it came over the wire. */
  body?: unknown;
  /**
   * Set by in-process transports for components that authenticate as themselves (a client
   * certificate's identity); HTTP requests authenticate from headers instead.
   */
  user?: UserInfo;
}

export interface ApiResponse {
  kind: 'response';
  status: number;
  headers: Record<string, string>;
  /** A JSON-serialisable object (the object, a list, a Table, a Status), or text for pods/log. */
  body: unknown;
}

/** A running watch: events arrive in order until either side closes. */
export interface WatchStream {
  /** Starts delivery. `onClose` runs once when the server ends the stream (timeout, error, shutdown). */
  start(sink: (event: WatchEvent) => void, onClose?: () => void): void;
  close(): void;
}

export interface WatchResponse {
  kind: 'watch';
  status: 200;
  headers: Record<string, string>;
  stream: WatchStream;
}

export type ApiResult = ApiResponse | WatchResponse;

/** Anything that answers API requests: the apiserver itself, or a transport to it. */
export interface ApiHandler {
  handle(req: ApiRequest): Promise<ApiResult>;
}
