/** Fetches the cluster's /openapi/v3 documents (as kubectl does) and builds the editor's schema once. */
import type { ApiRequest, ApiResponse } from '../../workers/apiserver/types';
import { jsonSchemaFromOpenApi, type JsonSchema, type OpenApiDocument } from './kube-json-schema';

/** Anything that answers API requests like the cluster worker's `request`. */
export type RequestFn = (req: ApiRequest) => Promise<ApiResponse>;

async function getJson(request: RequestFn, path: string, query?: Record<string, string>): Promise<unknown> {
  const res = await request({ method: 'GET', path, query, headers: { accept: 'application/json' } });
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return typeof res.body === 'string' ? JSON.parse(res.body) : res.body;
}

/** The index, then every group/version document (by its content-hash URL, as the index gives it). */
export async function fetchManifestSchema(request: RequestFn): Promise<JsonSchema> {
  const index = (await getJson(request, '/openapi/v3')) as { paths: Record<string, { serverRelativeURL: string }> };
  const docs = await Promise.all(
    Object.values(index.paths).map(({ serverRelativeURL }) => {
      const url = new URL(serverRelativeURL, 'http://cluster.invalid');
      return getJson(request, url.pathname, Object.fromEntries(url.searchParams)) as Promise<OpenApiDocument>;
    }),
  );
  return jsonSchemaFromOpenApi(docs);
}
