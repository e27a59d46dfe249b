/**
 * Turns placed graph items into React Flow nodes and edges, reusing the previous objects when
 * nothing about them changed: React Flow and the memoized cards then skip them entirely.
 */
import type { MessageKey } from '../i18n/i18n';
import type { Edge, Node } from '@xyflow/react';
import type { Column, GraphEdge } from './graph-model';
import { COLUMN_WIDTH, COLUMN_X, type Placed } from './graph-layout';

/** A flow node with the serialized view it was built from, to compare cheaply with the next one. */
export type FlowNode = Node<Record<string, unknown>> & { viewKey?: string };

const headerTitles: Record<Column, MessageKey> = { 0: 'graph.col.workloads', 1: 'graph.col.replicasets', 2: 'graph.col.pods', 3: 'graph.col.nodes', 4: 'graph.col.services' };

/** Flow nodes for the placed items plus a header per column, reusing unchanged ones from `previous`. */
export function toFlowNodes(placed: readonly Placed[], previous: ReadonlyMap<string, FlowNode>, selectedId: string | undefined, extra: { onToggle: (id: string) => void; aggregated: boolean; services: boolean }): FlowNode[] {
  const counts: Record<Column, number> = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 };
  const out: FlowNode[] = [];
  for (const p of placed) {
    counts[p.item.column] += p.item.type === 'podgroup' ? p.item.view.total : 1;
    const viewKey = JSON.stringify(p.item.view);
    const selected = p.item.id === selectedId;
    const old = previous.get(p.item.id);
    if (old && old.viewKey === viewKey && old.position.x === p.x && old.position.y === p.y && !!old.selected === selected) {
      out.push(old);
      continue;
    }
    const data: Record<string, unknown> = p.item.type === 'podgroup' ? { view: p.item.view, onToggle: extra.onToggle } : { view: p.item.view };
    out.push({ id: p.item.id, type: p.item.type, position: { x: p.x, y: p.y }, data, selected, viewKey, style: { width: COLUMN_WIDTH[p.item.column] } });
  }
  const columns: Column[] = extra.services ? [4, 0, 1, 2, 3] : [0, 1, 2, 3];
  for (const column of columns) {
    const id = `header:${column}`;
    const hint: MessageKey | undefined = column === 2 && extra.aggregated ? 'graph.col.grouped' : undefined;
    const viewKey = `${counts[column]}|${hint ?? ''}`;
    const old = previous.get(id);
    if (old && old.viewKey === viewKey) out.push(old);
    else
      out.push({
        id, type: 'header', position: { x: COLUMN_X[column], y: -52 }, viewKey,
        data: { title: headerTitles[column], count: counts[column], hint },
        selectable: false, draggable: false, focusable: false, style: { width: COLUMN_WIDTH[column] },
      });
  }
  return out;
}

/** Flow edges, reusing previous objects by id (an edge's id encodes its ends). */
export function toFlowEdges(edges: readonly GraphEdge[], previous: ReadonlyMap<string, Edge>, selectedId: string | undefined): Edge[] {
  return edges.map((e) => {
    // Edges of the selected card stand out; the rest stay quiet.
    const highlighted = selectedId !== undefined && (e.source === selectedId || e.target === selectedId);
    const className = `edge-${e.kind}${highlighted ? ' edge-highlight' : ''}`;
    const old = previous.get(e.id);
    if (old && old.className === className) return old;
    return { id: e.id, source: e.source, target: e.target, className, focusable: false, selectable: false };
  });
}
