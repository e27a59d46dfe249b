import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { asResponse, newTestServer, request } from './testkit';

const v1Path = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
const v2Path = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';

describe('HPA v1 <-> v2 conversion', () => {
  it('stores a v1 HPA as v2 and reads it back in both versions', async () => {
    const { server, store } = await newTestServer();
    const hpa = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'php' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php' }, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
    };
    const c = asResponse(await server.handle(request('POST', v1Path, hpa)));
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 50 } });
    const stored = store.get('/registry/horizontalpodautoscalers/default/php')!.object;
    expect(stored.apiVersion).toBe('autoscaling/v2');
    expect(stored.spec).toMatchObject({ metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] });
    const v2 = asResponse(await server.handle(request('GET', `${v2Path}/php`))).body as KubeObject;
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec).toMatchObject({ maxReplicas: 10, metrics: [{ type: 'Resource' }] });
    const v1list = asResponse(await server.handle(request('GET', v1Path))).body as { items: KubeObject[] };
    expect(v1list.items[0]).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 50 } });
  });

  it('carries v2-only metrics through v1 in the metrics annotation', async () => {
    const { server } = await newTestServer();
    const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } };
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }, memory],
      },
    };
    await server.handle(request('POST', v2Path, hpa));
    const v1 = asResponse(await server.handle(request('GET', `${v1Path}/web`))).body as KubeObject;
    expect(v1.spec).toMatchObject({ targetCPUUtilizationPercentage: 70 });
    expect(JSON.parse(v1.metadata.annotations!['autoscaling.alpha.kubernetes.io/metrics'])).toEqual([memory]);
    const back = asResponse(await server.handle(request('PUT', `${v1Path}/web`, { ...v1, spec: { ...(v1.spec as object), maxReplicas: 8 } })));
    expect(back.status).toBe(200);
    const v2 = asResponse(await server.handle(request('GET', `${v2Path}/web`))).body as KubeObject;
    expect(v2.spec).toMatchObject({ maxReplicas: 8, metrics: [{ resource: { name: 'cpu' } }, memory] });
    expect(v2.metadata.annotations).toBeUndefined();
  });
});

describe('Events shared between v1 and events.k8s.io/v1', () => {
  it('shows a new-style event to core clients and back', async () => {
    const { server } = await newTestServer();
    const ev = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'web.1', namespace: 'default' },
      eventTime: '2026-01-01T00:00:00.000000Z',
      reportingController: 'default-scheduler',
      reportingInstance: 'default-scheduler-cp',
      action: 'Binding',
      reason: 'Scheduled',
      type: 'Normal',
      note: 'Successfully assigned default/web to node-1',
      regarding: { kind: 'Pod', namespace: 'default', name: 'web', apiVersion: 'v1' },
    };
    const c = asResponse(await server.handle(request('POST', '/apis/events.k8s.io/v1/namespaces/default/events', ev)));
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ apiVersion: 'events.k8s.io/v1', note: ev.note, regarding: ev.regarding });
    const core = asResponse(await server.handle(request('GET', '/api/v1/namespaces/default/events/web.1'))).body;
    expect(core).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      message: ev.note,
      involvedObject: ev.regarding,
      reportingComponent: 'default-scheduler',
      reason: 'Scheduled',
      source: {},
    });
    const list = asResponse(await server.handle(request('GET', '/apis/events.k8s.io/v1/namespaces/default/events'))).body as { items: KubeObject[] };
    expect(list.items[0]).toMatchObject({ apiVersion: 'events.k8s.io/v1', note: ev.note });
  });
});
