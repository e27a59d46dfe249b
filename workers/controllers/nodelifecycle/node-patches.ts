/**
 * Node writes as upstream's controller utils make them: taints through a strategic merge patch
 * carrying the resourceVersion read (PatchNodeTaints), retried on conflict with a fresh read
 * (AddOrUpdateTaintOnNode, RemoveTaintOffNode), and labels through a strategic merge patch.
 */
import type { Client } from '../../client/client';
import { isConflict, isNotFound } from '../api-errors';
import type { Taint } from '../tolerations';
import type { Node } from './node-health';
import { addOrUpdateTaints, hasTaint, removeTaints } from './node-taints';

const NODES = { group: '', version: 'v1', resource: 'nodes' };

/** Upstream UpdateTaintBackoff: a handful of quick retries. */
const TAINT_UPDATE_ATTEMPTS = 5;

async function patchTaints(client: Client, name: string, change: (taints: Taint[]) => Taint[] | undefined): Promise<void> {
  const nodes = client.resource<Node>(NODES);
  for (let attempt = 1; ; attempt++) {
    let node: Node;
    try {
      node = await nodes.get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const next = change(node.spec?.taints ?? []);
    if (!next) return;
    try {
      await nodes.patch(name, 'strategic', { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: next } });
      return;
    } catch (err) {
      if (!isConflict(err) || attempt >= TAINT_UPDATE_ATTEMPTS) throw err;
    }
  }
}

/** Adds the taints (or refreshes a match), reading the node first. */
export async function addOrUpdateTaintOnNode(client: Client, name: string, taints: Taint[]): Promise<void> {
  if (taints.length === 0) return;
  await patchTaints(client, name, (current) => addOrUpdateTaints(current, taints));
}

/** Removes the taints; no request at all when the cached node has none of them. */
export async function removeTaintOffNode(client: Client, cached: Node, taints: Taint[]): Promise<void> {
  if (!taints.some((t) => hasTaint(cached, t))) return;
  await patchTaints(client, cached.metadata.name!, (current) => removeTaints(current, taints));
}

/**
 * Upstream SwapNodeControllerTaint: adds `add` stamped with `nowIso`, then removes `remove`. False
 * when a write failed (the caller tries again on its next pass).
 */
export async function swapNodeControllerTaint(client: Client, cached: Node, add: Taint[], remove: Taint[], nowIso: string): Promise<boolean> {
  try {
    await addOrUpdateTaintOnNode(client, cached.metadata.name!, add.map((t) => ({ ...t, timeAdded: nowIso })));
    await removeTaintOffNode(client, cached, remove);
    return true;
  } catch {
    return false;
  }
}

/** Adds or overwrites labels on a node (upstream AddOrUpdateLabelsOnNode). */
export async function addOrUpdateLabelsOnNode(client: Client, name: string, labels: Record<string, string>): Promise<void> {
  await client.resource<Node>(NODES).patch(name, 'strategic', { metadata: { labels } });
}
