/**
 * Whether the cluster has finished booting as far as the page cares: every Node shown is Ready, or
 * a few seconds have passed since the worker answered (a scenario may keep a node NotReady). Heavy
 * things the page can do later (loading Monaco) wait for it, so that on a small machine they do not
 * take the cores the cluster's first seconds need. Once true it stays true.
 */
import { useEffect, useState } from 'react';
import { useClusterStore, type ObjectEntry } from './cluster-store';

/** How long after boot the page stops waiting for the nodes. */
export const BOOT_SETTLE_TIMEOUT_MS = 3_000;

/** At least one Node, and each has the Ready condition True. */
export function allNodesReady(objects: ReadonlyMap<string, ObjectEntry>): boolean {
  let nodes = 0;
  for (const { object } of objects.values()) {
    if (object.kind !== 'Node') continue;
    nodes++;
    const conditions = (object.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    if (!conditions.some((c) => c.type === 'Ready' && c.status === 'True')) return false;
  }
  return nodes > 0;
}

let settledOnce = false;

/** True once the boot has settled (see the file comment). */
export function useBootSettled(): boolean {
  const running = useClusterStore((s) => s.phase === 'running');
  const ready = useClusterStore((s) => settledOnce || (s.phase === 'running' && allNodesReady(s.graphObjects)));
  const [timedOut, setTimedOut] = useState(false);
  useEffect(() => {
    if (!running || settledOnce) return;
    const timer = setTimeout(() => setTimedOut(true), BOOT_SETTLE_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [running]);
  if (ready || (running && timedOut)) settledOnce = true;
  return settledOnce;
}
