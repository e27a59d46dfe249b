/**
 * Determinism (DESIGN.md section 5): one scenario and seed give the same history, revision for
 * revision, whatever the number of node shards and however time is driven (one long run, many
 * uneven slices, or single steps).
 */
import { describe, expect, it } from 'vitest';
import { applyManifests } from '../kubectl/apply';
import { HistoryHash } from '../simcli/history-hash';
import { defaultLayout } from './cluster-layout';
import { Simulation } from './simulation';

const MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

type Drive = (sim: Simulation, ms: number) => Promise<void>;

async function run(seed: number, shardCount: number, drive: Drive): Promise<{ digest: string; revisions: number; lines: string[] }> {
  const lines: string[] = [];
  const sim = await Simulation.open({ seed, shardCount, layout: defaultLayout(4) });
  const hash = new HistoryHash(sim.cluster.store, (l) => lines.push(l));
  // Every component runs with its own identity under the bootstrap RBAC roles: none is ever refused.
  const denied: string[] = [];
  sim.cluster.trace.subscribe((e) => {
    if (e.record.code === 403) denied.push(`${e.record.user} ${e.record.verb} ${e.record.path}`);
  });
  await drive(sim, 2_000);
  const results = await applyManifests(sim.cluster.apiserver, MANIFESTS);
  expect(results.map((r) => r.text)).toEqual(['deployment.apps/web created', 'service/web created']);
  await drive(sim, 40_000);
  expect(denied).toEqual([]);
  const revisions = hash.revisions;
  const digest = hash.digest();
  await sim.close();
  return { digest, revisions, lines };
}

const oneRun: Drive = (sim, ms) => sim.advance(ms);
const unevenSlices: Drive = async (sim, ms) => {
  const end = sim.now() + ms;
  let slice = 1;
  while (sim.now() < end) {
    await sim.driver.advanceTo(Math.min(end, sim.now() + slice));
    slice = (slice * 7 + 3) % 997;
  }
};
const stepsThenRun: Drive = async (sim, ms) => {
  const end = sim.now() + ms;
  for (let i = 0; i < 300 && sim.now() < end; i++) await sim.driver.step();
  await sim.driver.advanceTo(end);
};

function firstDifference(a: string[], b: string[]): string {
  const i = a.findIndex((l, k) => l !== b[k]);
  return i < 0 ? `lengths ${a.length} vs ${b.length}` : `revision line ${i}:\n${a[i]?.slice(0, 400)}\n${b[i]?.slice(0, 400)}`;
}

describe('determinism', () => {
  it('the same seed gives the same history with 1 and with 4 node shards', async () => {
    const one = await run(42, 1, oneRun);
    const four = await run(42, 4, oneRun);
    expect(one.revisions).toBeGreaterThan(300);
    expect(four.digest, firstDifference(one.lines, four.lines)).toBe(one.digest);
  }, 120_000);

  it('the same history however time is driven', async () => {
    const base = await run(7, 2, oneRun);
    const sliced = await run(7, 2, unevenSlices);
    expect(sliced.digest, firstDifference(base.lines, sliced.lines)).toBe(base.digest);
    const stepped = await run(7, 2, stepsThenRun);
    expect(stepped.digest, firstDifference(base.lines, stepped.lines)).toBe(base.digest);
  }, 120_000);

  it('another seed gives another history', async () => {
    const a = await run(1, 1, oneRun);
    const b = await run(2, 1, oneRun);
    expect(a.digest).not.toBe(b.digest);
  }, 120_000);
});
