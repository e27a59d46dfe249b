/**
 * The scenario runner: a session recorded while time runs unevenly (as in the browser) replays to
 * the same history, revision for revision; script steps run at their times whichever way time is
 * driven; a resumed runner skips what already ran.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { applyManifests } from '../kubectl/apply';
import { HistoryHash } from '../simcli/history-hash';
import { runScenario } from '../simcli/run-scenario';
import { ScenarioRunner, type RunnableScenario } from './scenario-runner';
import { performAction, type ScriptAction } from './script-actions';
import { listItems, testSimulation } from './sim-testkit';
import type { Simulation } from './simulation';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
`;
const admin = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
const scale = (replicas: number): ScriptAction => ({ type: 'scale', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web', replicas });

async function placements(sim: Simulation): Promise<string[]> {
  const pods = await listItems<KubeObject & { spec: { nodeName?: string } }>(sim, '/api/v1/namespaces/default/pods');
  return pods.map((p) => `${p.metadata.name}@${p.spec.nodeName ?? ''}`).sort();
}

/** Records a session the way the cluster worker does: time runs in uneven slices, actions land in between. */
async function recordSession(seed: number): Promise<{ scenario: RunnableScenario; digest: string; pods: string[] }> {
  const sim = await testSimulation({ seed });
  const hash = new HistoryHash(sim.cluster.store);
  const runner = await ScenarioRunner.start(sim, { version: 1, seed });
  const end = runner.startMs + 60_000;
  await sim.driver.advanceTo(sim.now() + 1_234.5);
  await runner.record({ type: 'apply', manifests: WEB }, () => applyManifests(sim.cluster.apiserver, WEB, { user: admin }));
  await sim.driver.advanceTo(sim.now() + 7_000.25);
  for (let i = 0; i < 5; i++) await sim.driver.step();
  await runner.record(scale(4), () => performAction(sim, scale(4)));
  await runner.record({ type: 'cordon', node: 'worker-1' }, () => performAction(sim, { type: 'cordon', node: 'worker-1' }));
  await sim.driver.advanceTo(sim.now() + 9_999.9);
  await runner.record(scale(1), () => performAction(sim, scale(1)));
  await sim.driver.advanceTo(end);
  const pods = await placements(sim);
  const scenario = runner.scenario();
  runner.close();
  const digest = hash.digest();
  await sim.close();
  return { scenario, digest, pods };
}

describe('ScenarioRunner', () => {
  it('a recorded session, replayed, gives the same history, pod names and placements', async () => {
    const live = await recordSession(11);
    const steps = live.scenario.script ?? [];
    expect(steps.map((s) => s.action.type)).toEqual(['apply', 'scale', 'cordon', 'scale']);
    expect(steps.every((s) => Number.isInteger(s.at))).toBe(true);
    expect(steps[0].at).toBe(1_235);

    // Replayed through a JSON round trip (a share link), driven in other slices.
    const scenario = JSON.parse(JSON.stringify(live.scenario)) as RunnableScenario;
    const sim = await testSimulation({ seed: 11 });
    const hash = new HistoryHash(sim.cluster.store);
    const runner = await ScenarioRunner.start(sim, scenario);
    let slice = 3;
    while (sim.now() < runner.startMs + 60_000) {
      await sim.driver.advanceTo(Math.min(runner.startMs + 60_000, sim.now() + slice));
      slice = (slice * 7 + 5) % 1_999;
    }
    expect(runner.failures).toEqual([]);
    expect(await placements(sim)).toEqual(live.pods);
    expect(hash.digest()).toBe(live.digest);
    runner.close();
    await sim.close();

    // npm run sim plays the same scenario to the same history.
    const headless = await runScenario(scenario, { until: { kind: 'time', ms: 60_000 }, nodeWorkers: 0 });
    expect(headless.historySha256).toBe(live.digest);
  }, 180_000);

  it('runs a step at its time whether time runs to it, past it or by single steps', async () => {
    const scenario: RunnableScenario = { seed: 3, manifests: WEB, script: [{ at: 5_000, action: scale(3) }, { at: 5_000, action: scale(5) }] };
    const sim = await testSimulation({ seed: 3 });
    const runner = await ScenarioRunner.start(sim, scenario);
    expect(runner.nextStepAtMs()).toBe(runner.startMs + 5_000);
    await sim.driver.advanceTo(runner.startMs + 4_999);
    expect(runner.nextStepAtMs()).toBe(runner.startMs + 5_000);
    // The step is the next event the driver sees: one step lands exactly on it.
    while (sim.now() < runner.startMs + 5_000) await sim.driver.step();
    expect(sim.now()).toBe(runner.startMs + 5_000);
    expect(runner.nextStepAtMs()).toBeUndefined();
    const d = (await listItems<KubeObject & { spec: { replicas: number } }>(sim, '/apis/apps/v1/namespaces/default/deployments'))[0];
    expect(d.spec.replicas).toBe(5);
    runner.close();
    await sim.close();
  }, 60_000);

  it('a recorded action goes before the loaded steps still to come; a resumed runner skips what ran', async () => {
    const scenario: RunnableScenario = { seed: 4, manifests: WEB, script: [{ at: 20_000, action: scale(6) }] };
    const sim = await testSimulation({ seed: 4 });
    const runner = await ScenarioRunner.start(sim, scenario);
    await sim.driver.advanceTo(runner.startMs + 3_000);
    await runner.record(scale(1), () => performAction(sim, scale(1)));
    expect(runner.scenario().script?.map((s) => [s.at, s.action])).toEqual([
      [3_000, scale(1)],
      [20_000, scale(6)],
    ]);
    expect(runner.recorded).toBe(1);
    runner.close();
    const resumed = ScenarioRunner.resume(sim, runner.scenario(), runner.startMs, 1);
    expect(resumed.nextStepAtMs()).toBe(runner.startMs + 20_000);
    await sim.driver.advanceTo(runner.startMs + 21_000);
    const d = (await listItems<KubeObject & { spec: { replicas: number } }>(sim, '/apis/apps/v1/namespaces/default/deployments'))[0];
    expect(d.spec.replicas).toBe(6);
    resumed.close();
    // Without the barrier the prototype's methods are back.
    expect(Object.prototype.hasOwnProperty.call(sim, 'runWindow')).toBe(false);
    await sim.close();
  }, 60_000);

  it('notes failed steps as npm run sim reports them', async () => {
    const sim = await testSimulation({ seed: 5 });
    const runner = await ScenarioRunner.start(sim, { seed: 5, script: [{ at: 1_000, action: { type: 'cordon', node: 'nope' } }] });
    await sim.advance(2_000);
    expect(runner.failures).toEqual(['at 1s: nodes "nope" not found']);
    runner.close();
    await sim.close();
  }, 60_000);
});
