import { describe, expect, it } from 'vitest';
import { testSimulation } from '../cluster/sim-testkit';
import { builtInLessons } from './catalog';
import { describeAction, LessonSession, lessonSummaries } from './lesson-session';

describe('LessonSession', () => {
  it('lists the lessons, and posts a view only when something the page shows changed', async () => {
    expect(lessonSummaries().map((l) => l.id)).toEqual(['components-tour', 'kubectl-apply', 'scheduling', 'self-healing', 'rolling-update', 'services', 'rbac']);
    const lesson = builtInLessons().find((l) => l.id === 'components-tour')!;
    const sim = await testSimulation({ seed: lesson.scenario.seed });
    const session = new LessonSession(lesson, sim);
    const first = await session.refresh();
    expect(first?.current).toBe(0);
    expect(first?.steps[0].passed).toBe(false);
    expect(first?.steps[0].observed?.en).toMatch(/^\d of 4 Pods as described/);
    let view = first;
    for (let i = 0; i < 120 && !view?.steps[0].passed; i++) {
      await sim.advance(250);
      view = (await session.refresh()) ?? view;
    }
    expect(view?.steps[0]).toMatchObject({ passed: true, observed: { en: '4 of 4 Pods as described (4 matching, on 1 node(s))', 'zh-CN': '4 个 Pod 中有 4 个符合描述（共匹配 4 个，分布在 1 个节点上）' } });
    expect(await session.refresh()).toBeUndefined();
    expect(session.next().current).toBe(1);
    expect(session.view().steps[2].actions).toEqual(['stop kube-scheduler', 'kubectl apply -f -']);
    await sim.close();
  }, 60_000);

  it('describes actions as kubectl would be typed', () => {
    expect(describeAction({ type: 'scale', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web', replicas: 1 })).toBe('kubectl scale deployment/web --replicas=1');
    expect(describeAction({ type: 'request-as', user: 'jane', method: 'GET', path: '/api/v1/pods' })).toBe('kubectl --as=jane (GET /api/v1/pods)');
    expect(describeAction({ type: 'stop-kubelet', node: 'worker-2' })).toBe('systemctl stop kubelet (on worker-2)');
  });
});
