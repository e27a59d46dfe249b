/** Every request and watch record of a real cluster run has words, in both languages, with every placeholder filled. */
import { describe, expect, it } from 'vitest';
import { apply, testSimulation } from '../cluster/sim-testkit';
import { explainRequest, explainWatch } from './explain';
import { explanationText } from './explain-text';

describe('explanations of a real run', () => {
  it('cover every record a Deployment rollout produces', async () => {
    const sim = await testSimulation({ seed: 8 });
    const watches = sim.cluster.watchTrace();
    await sim.advance(4_000);
    await apply(sim, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: nginx, image: "nginx:1.27"}]}\n');
    await sim.advance(15_000);
    const lines = [...sim.cluster.trace.records().map((e) => explainRequest(e.record)), ...watches.records().map((e) => explainWatch(e.record))];
    expect(lines.length).toBeGreaterThan(100);
    const ids = new Set(lines.map((l) => l.id));
    for (const id of ['request.bind', 'request.create', 'request.status', 'request.nodeHeartbeat', 'request.event', 'watch.added', 'watch.modified']) expect(ids, id).toContain(id);
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const l of lines) {
        const text = explanationText(l, lang);
        expect(text, `${l.id} ${JSON.stringify(l.params)}`).not.toMatch(/\{\w+\}|^request\.|^watch\./);
      }
    }
    await sim.close();
  }, 60_000);
});
