/**
 * Runs a scenario headless at max speed: boots its cluster, applies its manifests at virtual time
 * zero, performs its script at the given virtual times, runs until the stop condition, and reports
 * the history's fingerprint with what the cluster looks like at the end.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { KubeObject } from '../api/types';
import { defaultLayout, type NodeLayout } from '../cluster/cluster-layout';
import { ScenarioRunner, scenarioLayout, type RunnableScenario } from '../cluster/scenario-runner';
import { Simulation } from '../cluster/simulation';
import type { ShardEndpoint } from '../sim/lockstep-protocol';
import { startStopwatch } from '../sim/stopwatch';
import type { Until } from './args';
import { HistoryHash } from './history-hash';
import { startNodeThreads, type NodeThreads } from './node-threads';
import { DEFAULT_EPOCH_MS } from '../cluster/cluster';

export type { RunnableScenario } from '../cluster/scenario-runner';

export interface RunOptions {
  until: Until;
  /** Total machines, overriding the scenario's cluster. */
  nodes?: number;
  /** Node worker threads; 0 runs the nodes in this thread (tests). */
  nodeWorkers: number;
  historyFile?: string;
}

/** The one JSON line `npm run sim` prints. */
export interface RunReport {
  historySha256: string;
  revisions: number;
  /** Virtual time at the end (RFC 3339). */
  finalTime: string;
  virtualMs: number;
  /** Wall ms of the simulation itself (boot included, process start-up not). */
  wallMs: number;
  nodes: number;
  nodeWorkers: number;
  pods: Record<string, number>;
  /** Set when `--until all-available` never held. */
  unmet?: string;
  /** Script actions that failed, with what kubectl would have said. */
  failures?: string[];
}

function layoutOf(s: RunnableScenario, nodes?: number): NodeLayout[] {
  if (nodes !== undefined) return defaultLayout(nodes - 1);
  return scenarioLayout(s) ?? defaultLayout();
}

/** True when every Deployment has rolled out: Available, all replicas updated and available. */
export function allDeploymentsAvailable(sim: Simulation): boolean {
  const list = sim.cluster.store.list('/registry/deployments/').items;
  return list.every((d) => {
    const spec = d.spec as { replicas?: number };
    const st = (d.status ?? {}) as { observedGeneration?: number; updatedReplicas?: number; availableReplicas?: number; replicas?: number; conditions?: { type: string; status: string }[] };
    const want = spec.replicas ?? 1;
    return (
      (st.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
      (st.updatedReplicas ?? 0) === want &&
      (st.availableReplicas ?? 0) === want &&
      (st.replicas ?? 0) === want &&
      (st.conditions ?? []).some((c) => c.type === 'Available' && c.status === 'True')
    );
  });
}

function podPhases(sim: Simulation): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of sim.cluster.store.list('/registry/pods/').items as KubeObject[]) {
    const phase = (p.status as { phase?: string } | undefined)?.phase ?? 'Pending';
    out[phase] = (out[phase] ?? 0) + 1;
  }
  return out;
}

/** Runs a scenario to its end; the report is the same for the same scenario, whatever the machine. */
export async function runScenario(s: RunnableScenario, opts: RunOptions): Promise<RunReport> {
  const elapsed = startStopwatch();
  let threads: NodeThreads | undefined;
  let shards: ShardEndpoint[] | undefined;
  if (opts.nodeWorkers > 0) {
    threads = await startNodeThreads(opts.nodeWorkers, s.seed, DEFAULT_EPOCH_MS);
    shards = threads.shards;
  }
  const layout = layoutOf(s, opts.nodes);
  let history: WriteStream | undefined;
  try {
    const sim = await Simulation.open({ seed: s.seed, layout, podSubnet: s.cluster?.podSubnet, shards, shardCount: 1 });
    history = opts.historyFile ? createWriteStream(opts.historyFile) : undefined;
    const hash = new HistoryHash(sim.cluster.store, history ? (l) => history!.write(l) : undefined);
    // The browser's cluster worker plays scenarios with the same runner: same scenario, same history.
    const runner = await ScenarioRunner.start(sim, s);
    const start = runner.startMs;
    const endMs = opts.until.kind === 'time' ? opts.until.ms : opts.until.maxMs;
    // The whole script first (up to the end), then the stop condition.
    const lastAt = runner.lastStepAt(endMs);
    if (lastAt !== undefined) await sim.driver.advanceTo(start + lastAt);
    let unmet: string | undefined;
    if (opts.until.kind === 'time') await sim.driver.advanceTo(start + opts.until.ms);
    else if (!(await sim.advanceUntil(() => allDeploymentsAvailable(sim), start + endMs - sim.now()))) unmet = `not every Deployment was Available within ${endMs / 60_000} minutes`;
    const report: RunReport = {
      historySha256: hash.digest(),
      revisions: hash.revisions,
      finalTime: new Date(sim.now()).toISOString(),
      virtualMs: sim.now() - start,
      wallMs: Math.round(elapsed()),
      nodes: layout.length,
      nodeWorkers: opts.nodeWorkers,
      pods: podPhases(sim),
      ...(unmet ? { unmet } : {}),
      ...(runner.failures.length ? { failures: [...runner.failures] } : {}),
    };
    runner.close();
    await sim.close();
    return report;
  } finally {
    await new Promise<void>((resolve) => (history ? history.end(resolve) : resolve()));
    await threads?.close();
  }
}
