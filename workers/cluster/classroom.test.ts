import { describe, expect, it } from 'vitest';
import { Classroom, classroomApi } from './classroom';
import { testSimulation } from './sim-testkit';
import type { Simulation } from './simulation';

describe('Classroom', () => {
  it('runs a lesson and the trace feed on the attached cluster, and drops both when the cluster changes', async () => {
    const lesson = (await Classroom.lessonById('kubectl-apply'))!;
    const sim = await testSimulation({ seed: lesson.scenario.seed });
    const classroom = new Classroom();
    let current: Simulation | undefined = sim;
    const api = classroomApi({ classroom, sim: () => current, serial: (fn) => fn(), loadFresh: async () => ({ resumed: false, revision: sim.cluster.store.revision, clock: { nowMs: sim.now(), speed: 1, paused: true } }) });
    classroom.attach(sim);
    expect((await api.lessons()).length).toBe(7);
    await expect(api.startLesson('nope')).rejects.toThrow('no lesson named "nope"');
    const { lesson: view } = await api.startLesson('kubectl-apply');
    expect(view).toMatchObject({ id: 'kubectl-apply', current: 0 });
    await api.traceStart();
    await sim.advance(3_000);
    const acted = await api.lessonAct();
    expect(acted.steps[0]).toMatchObject({ acted: true, passed: true, outcome: { ok: true, text: 'deployment.apps/web created' } });
    await sim.advance(500);
    expect(classroom.takeTrace()?.messages.some((m) => m.path === '/apis/apps/v1/namespaces/default/deployments')).toBe(true);
    await api.lessonNext();
    let update;
    for (let i = 0; i < 40 && !update?.steps[1].passed; i++) {
      await sim.advance(250);
      update = (await classroom.lessonUpdate()) ?? update;
    }
    expect(update?.steps[1].passed).toBe(true);
    expect((await api.internals()).etcd.revision).toBe(sim.cluster.store.revision);
    expect(await api.controlPlane()).toEqual({ scheduler: true, controllerManager: true });
    expect(await api.lessonLink()).toBe('#lesson=kubectl-apply');
    const bad = await api.openLessonLink('#lesson=nope');
    expect(bad).toMatchObject({ ok: false, problem: { reason: 'BadLink' } });
    const opened = await api.openLessonLink('https://example.org/#lesson=rbac');
    expect(opened).toMatchObject({ ok: true, lesson: { id: 'rbac', current: 0 } });
    current = undefined;
    classroom.attach(undefined);
    await expect(api.lessonAct()).rejects.toThrow('no lesson is running');
    expect(classroom.takeTrace()).toBeUndefined();
    await sim.close();
  }, 60_000);
});
