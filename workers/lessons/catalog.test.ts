/**
 * Every shipped lesson can be completed by following its own steps: each step's actions are done (a
 * prediction made first), then the simulation runs until the step's check holds.
 */
import { describe, expect, it } from 'vitest';
import { defaultLayout } from '../cluster/cluster-layout';
import { apply, testSimulation } from '../cluster/sim-testkit';
import { builtInLessons } from './catalog';
import { DEFAULT_WITHIN_MS, type Lesson } from './lesson';
import { LessonRun } from './lesson-run';
import { simulationLessonHost } from './simulation-host';

/** The lesson starts on a booted cluster: nodes Ready, add-ons running. */
const BOOT_MS = 20_000;
const CHECK_EVERY_MS = 250;
/** A learner reads the next step's text before acting: the cluster runs on meanwhile. */
const READING_MS = 2_000;

async function complete(lesson: Lesson): Promise<string[]> {
  const sim = await testSimulation({ seed: lesson.scenario.seed, layout: lesson.scenario.cluster?.nodes?.length ? lesson.scenario.cluster.nodes : defaultLayout() });
  const log: string[] = [];
  try {
    await sim.advance(BOOT_MS);
    if (lesson.scenario.manifests) await apply(sim, lesson.scenario.manifests);
    const run = new LessonRun(lesson, simulationLessonHost(sim));
    for (let i = 0; i < lesson.steps.length; i++) {
      const step = run.step;
      if (step.predict) run.predict(step.predict.choices[0].value);
      // An action may be refused on purpose (a 403 to learn from): the check decides.
      const outcome = step.actions?.length ? await run.act() : undefined;
      const start = sim.now();
      let result = await run.check();
      while (!result.passed && sim.now() - start < (step.withinMs ?? DEFAULT_WITHIN_MS)) {
        await sim.advance(CHECK_EVERY_MS);
        result = await run.check();
      }
      expect(result.passed, `step ${i + 1} (${step.title.en}): ${JSON.stringify(result.observed)}; actions: ${outcome?.text}`).toBe(true);
      log.push(`${i + 1} ${step.title.en}: ${Math.round((sim.now() - start) / 100) / 10}s${run.state.answer !== undefined ? ` answer=${run.state.answer}` : ''}`);
      if (i < lesson.steps.length - 1) expect(run.next()).toBe(true);
      await sim.advance(READING_MS);
    }
    expect(run.finished).toBe(true);
  } finally {
    await sim.close();
  }
  return log;
}

describe('shipped lessons', () => {
  for (const lesson of builtInLessons()) {
    it(`${lesson.id} can be completed by following its steps`, async () => {
      const log = await complete(lesson);
      expect(log).toHaveLength(lesson.steps.length);
      console.log(`${lesson.id}\n  ${log.join('\n  ')}`);
    }, 120_000);
  }
});
