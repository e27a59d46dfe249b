/**
 * Helpers for whole-cluster simulation tests: read objects the way kubectl would (through the
 * apiserver as the cluster admin), apply manifests, and run the simulation until something holds.
 */
import type { KubeObject } from '../api/types';
import { applyManifests } from '../kubectl/apply';
import { Simulation, type SimulationConfig } from './simulation';

/** A simulation for a test, failing the test on any error inside the simulation. */
export async function testSimulation(cfg: Partial<SimulationConfig> = {}): Promise<Simulation> {
  return Simulation.open({
    seed: 1,
    ...cfg,
    onError: (err, label) => {
      throw new Error(`simulation event ${label} threw: ${(err as Error).stack ?? String(err)}`);
    },
  });
}

/** GET as the cluster admin; throws on an error status. */
export async function getJson<T = KubeObject>(sim: Simulation, pathAndQuery: string): Promise<T> {
  const [path, search] = pathAndQuery.split('?');
  const query = Object.fromEntries(new URLSearchParams(search ?? ''));
  const res = await sim.request({ method: 'GET', path, query });
  if (res.kind !== 'response' || res.status !== 200) throw new Error(`GET ${path}: ${res.kind === 'response' ? JSON.stringify(res.body) : 'watch'}`);
  return res.body as T;
}

/** The items of a list. */
export async function listItems<T = KubeObject>(sim: Simulation, path: string): Promise<T[]> {
  return (await getJson<{ items: T[] }>(sim, path)).items;
}

/** `kubectl apply -f -`; throws unless every document applied. */
export async function apply(sim: Simulation, yaml: string): Promise<void> {
  const results = await applyManifests(sim.cluster.apiserver, yaml);
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(failed.map((r) => r.text).join('\n'));
}

/** DELETE as the cluster admin (background propagation unless given). */
export async function del(sim: Simulation, path: string, body?: unknown): Promise<void> {
  const res = await sim.request({ method: 'DELETE', path, body, headers: { 'content-type': 'application/json' } });
  if (res.kind !== 'response' || res.status >= 300) throw new Error(`DELETE ${path}: ${res.kind === 'response' ? JSON.stringify(res.body) : 'watch'}`);
}

/**
 * Runs until `check` resolves true (checked every `everyMs` of virtual time) or `maxMs` passed;
 * returns the virtual ms it took, or throws with `what` when it never held.
 */
export async function runUntil(sim: Simulation, what: string, check: () => Promise<boolean>, maxMs: number, everyMs = 250): Promise<number> {
  const start = sim.now();
  while (sim.now() - start <= maxMs) {
    if (await check()) return sim.now() - start;
    await sim.advance(everyMs);
  }
  throw new Error(`${what}: not within ${maxMs} virtual ms`);
}

/** A pod's Ready condition is True. */
export function isReady(pod: KubeObject): boolean {
  const conds = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conds.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** A condition of an object's status. */
export function condition(obj: KubeObject, type: string): { status: string; reason?: string; message?: string } | undefined {
  return (obj.status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] } | undefined)?.conditions?.find((c) => c.type === type);
}
