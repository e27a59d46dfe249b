/**
 * Response rendering by the Accept header: plain JSON, a meta.k8s.io Table (what kubectl get asks
 * for), or PartialObjectMetadata(List) (what metadata informers ask for).
 */
import type { ResourceInfo } from '../../api/registry';
import type { KubeObject, ListMeta } from '../../api/types';
import { printTable, type TableOptions } from '../printers';

/** How to render objects in a response. */
export type Rendering = 'json' | 'table' | 'partial';

/** The first rendering the Accept header asks for that we serve. */
export function negotiate(accept: string | undefined): Rendering {
  if (!accept) return 'json';
  for (const media of accept.split(',')) {
    const params = new Map<string, string>();
    const [type, ...rest] = media.split(';').map((s) => s.trim());
    for (const p of rest) {
      const i = p.indexOf('=');
      if (i > 0) params.set(p.slice(0, i).trim(), p.slice(i + 1).trim());
    }
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    const as = params.get('as');
    if (!as) return 'json';
    if (params.get('g') !== 'meta.k8s.io') continue;
    if (as === 'Table') return 'table';
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return 'partial';
  }
  return 'json';
}

function includeObjectParam(v: string | undefined): TableOptions['includeObject'] {
  return v === 'None' || v === 'Object' || v === 'Metadata' ? v : undefined;
}

/**
 * Table options for a request. kubectl never asks for `-o wide`: the server always fills every
 * column's cells and kubectl hides the priority > 0 ones itself.
 */
export function tableOptions(query: Record<string, string | undefined>, nowMs: number): TableOptions {
  return { nowMs, wide: true, includeObject: includeObjectParam(query.includeObject) };
}

/** PartialObjectMetadata for one object. */
export function partialObject(obj: KubeObject): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** Renders one object. */
export function renderObject(
  info: ResourceInfo,
  obj: KubeObject,
  rendering: Rendering,
  query: Record<string, string | undefined>,
  nowMs: number,
): unknown {
  if (rendering === 'table') return printTable(info, [obj], tableOptions(query, nowMs), { resourceVersion: obj.metadata.resourceVersion });
  if (rendering === 'partial') return partialObject(obj);
  return obj;
}

/** Renders a list. */
export function renderList(
  info: ResourceInfo,
  items: KubeObject[],
  listMeta: ListMeta,
  rendering: Rendering,
  query: Record<string, string | undefined>,
  nowMs: number,
): unknown {
  if (rendering === 'table') return printTable(info, items, tableOptions(query, nowMs), listMeta);
  if (rendering === 'partial') {
    return { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: listMeta, items: items.map(partialObject) };
  }
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  return { kind: info.listKind, apiVersion, metadata: listMeta, items };
}
