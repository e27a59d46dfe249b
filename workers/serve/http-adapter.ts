/**
 * Exposes an ApiHandler over HTTP as the Kubernetes REST API: JSON bodies, Status errors, and watch
 * streams as chunked newline-delimited JSON, so the real kubectl and client libraries work against it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiHandler, ApiRequest, HttpMethod, WatchResponse } from '../apiserver/types';
import { statusFailure } from '../api/errors';

/** kube-apiserver's limit on a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

const methods = new Set<HttpMethod>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Handles one HTTP request; `onWatch` lets the server track open streams for shutdown. */
export async function serveHttp(
  api: ApiHandler,
  req: IncomingMessage,
  res: ServerResponse,
  onWatch?: (close: () => void) => () => void,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
  if (!methods.has(method)) {
    writeJson(res, 405, statusFailure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
    return;
  }
  let body: string | Uint8Array | undefined;
  try {
    body = await readBody(req);
  } catch (e) {
    writeJson(res, 413, statusFailure(413, 'RequestEntityTooLarge', (e as Error).message));
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string') headers[k.toLowerCase()] = v;
    else if (Array.isArray(v)) headers[k.toLowerCase()] = v.join(',');
  }
  const apiReq: ApiRequest = { method, path: url.pathname, query, headers, body: body && body.length ? body : undefined };
  const result = await api.handle(apiReq);
  if (result.kind === 'watch') {
    streamWatch(result, req, res, onWatch);
    return;
  }
  const contentType = result.headers['content-type'] ?? 'application/json';
  const extra = { ...result.headers };
  delete extra['content-type'];
  if (typeof result.body === 'string' && !contentType.startsWith('application/json')) {
    res.writeHead(result.status, { ...extra, 'content-type': contentType });
    res.end(result.body);
    return;
  }
  writeJson(res, result.status, result.body, { ...extra, 'content-type': contentType });
}

function streamWatch(
  result: WatchResponse,
  req: IncomingMessage,
  res: ServerResponse,
  onWatch?: (close: () => void) => () => void,
): void {
  res.writeHead(200, {
    ...result.headers,
    'content-type': result.headers['content-type'] ?? 'application/json',
    'transfer-encoding': 'chunked',
    'cache-control': 'no-cache, private',
  });
  res.flushHeaders();
  let open = true;
  const finish = () => {
    if (!open) return;
    open = false;
    untrack?.();
    result.stream.close();
    res.end();
  };
  const untrack = onWatch?.(finish);
  req.on('close', finish);
  res.on('error', finish);
  result.stream.start(
    (event) => {
      if (open) res.write(JSON.stringify(event) + '\n');
    },
    finish,
  );
}

function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Protobuf bodies stay bytes (the apiserver decodes them); every other body is UTF-8 text. */
function isProtobuf(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === 'application/vnd.kubernetes.protobuf';
}

function readBody(req: IncomingMessage): Promise<string | Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`the request body is larger than the limit of ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const all = Buffer.concat(chunks);
      resolve(isProtobuf(req) ? new Uint8Array(all.buffer, all.byteOffset, all.length) : all.toString('utf8'));
    });
    req.on('error', reject);
  });
}
