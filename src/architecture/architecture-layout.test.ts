import { describe, expect, it } from 'vitest';
import type { TraceMessage } from '../../workers/cluster/trace-stream';
import { boxIdFor, layoutBoxes, MAX_NODE_BOXES, pointAlong, routeOf, stagePoint } from './architecture-layout';

const msg = (over: Partial<TraceMessage>): TraceMessage => ({ seq: 1, at: 0, kind: 'request', from: 'kubectl', to: 'kube-apiserver', text: { en: '', 'zh-CN': '' }, ...over });

describe('architecture layout', () => {
  it('draws up to MAX_NODE_BOXES nodes and folds the rest into one box', () => {
    const names = Array.from({ length: 9 }, (_, i) => `worker-${i}`);
    expect(MAX_NODE_BOXES).toBeLessThan(8);
    const nodes = layoutBoxes(names).filter((b) => b.id.startsWith('node:'));
    expect(nodes).toHaveLength(MAX_NODE_BOXES + 1);
    expect(nodes[nodes.length - 1]).toMatchObject({ id: 'node:+', label: `+${9 - MAX_NODE_BOXES} nodes` });
    const boxes = layoutBoxes(names);
    expect(boxIdFor('kubelet:worker-8', boxes)).toBe('node:+');
    expect(boxIdFor('kubelet:worker-1', boxes)).toBe('node:worker-1');
    expect(boxIdFor('kubelet:worker-7', boxes)).toBe('node:+');
    expect(boxIdFor('user:jane', boxes)).toBe('users');
  });

  it('routes a request through its stages to etcd, and a refused one only to where it stopped', () => {
    const boxes = layoutBoxes(['control-plane', 'worker-1']);
    const ok = routeOf(msg({ revision: '9', stages: [{ stage: 'authentication', outcome: 'ok' }, { stage: 'authorization', outcome: 'ok' }, { stage: 'storage', outcome: 'ok' }] }), boxes);
    expect(ok).toHaveLength(5);
    expect(ok[2]).toEqual(stagePoint('authorization'));
    const denied = routeOf(msg({ code: 403, stages: [{ stage: 'authentication', outcome: 'ok' }, { stage: 'authorization', outcome: 'denied' }, { stage: 'storage', outcome: 'ok' }] }), boxes);
    expect(denied[denied.length - 1]).toEqual(stagePoint('authorization'));
    const watch = routeOf(msg({ kind: 'watch', from: 'kube-apiserver', to: 'kubelet:worker-1' }), boxes);
    expect(watch).toHaveLength(2);
  });

  it('walks a route by length', () => {
    const route = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 30 }];
    expect(pointAlong(route, 0)).toEqual({ x: 0, y: 0 });
    expect(pointAlong(route, 0.25)).toEqual({ x: 10, y: 0 });
    expect(pointAlong(route, 0.625)).toEqual({ x: 10, y: 15 });
    expect(pointAlong(route, 1)).toEqual({ x: 10, y: 30 });
  });
});
