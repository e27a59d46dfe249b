import { describe, expect, it } from 'vitest';
import { apply, getJson, isReady, listItems, runUntil, testSimulation } from '../../workers/cluster/sim-testkit';
import { applyManifests } from '../../workers/kubectl/apply';
import type { KubeObject } from '../../workers/api/types';
import { appendDocument, examples } from './examples';

type PodStatus = { phase?: string; conditions?: { type: string; status: string; reason?: string }[]; containerStatuses?: { state?: { waiting?: { reason?: string } } }[] };
const status = (p: KubeObject) => (p.status ?? {}) as PodStatus;
const waitingReason = (p: KubeObject) => status(p).containerStatuses?.[0]?.state?.waiting?.reason;

describe('example manifests', () => {
  it('apply cleanly, together, as one multi-document text', async () => {
    const sim = await testSimulation();
    const text = examples.reduce((acc, e) => appendDocument(acc, e.yaml), '');
    const results = await applyManifests(sim.cluster.apiserver, text);
    expect(results.map((r) => r.text)).toEqual([
      'deployment.apps/web created',
      'service/web created',
      'daemonset.apps/log-agent created',
      'pod/probed created',
      'pod/too-big created',
      'pod/crasher created',
      'pod/typo created',
    ]);
  });

  it('show what each promises once the cluster runs', async () => {
    const sim = await testSimulation();
    for (const e of examples) await apply(sim, e.yaml);
    const pod = (name: string) => getJson(sim, `/api/v1/namespaces/default/pods/${name}`);
    await runUntil(sim, 'web pods Ready', async () => (await listItems(sim, '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).filter(isReady).length === 3, 60_000);
    await runUntil(sim, 'a log agent on every node', async () => (await listItems(sim, '/api/v1/namespaces/default/pods?labelSelector=app%3Dlog-agent')).filter(isReady).length === 3, 60_000);
    await runUntil(sim, 'probed Ready', async () => isReady(await pod('probed')), 60_000);
    await runUntil(sim, 'crasher in CrashLoopBackOff', async () => waitingReason(await pod('crasher')) === 'CrashLoopBackOff', 120_000);
    await runUntil(sim, 'typo in ImagePullBackOff', async () => waitingReason(await pod('typo')) === 'ImagePullBackOff', 120_000);
    const tooBig = status(await pod('too-big'));
    expect(tooBig.phase).toBe('Pending');
    expect(tooBig.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
  });
});

describe('appendDocument', () => {
  it('separates documents with ---, or replaces blank text', () => {
    expect(appendDocument('  \n', 'a: 1\n')).toBe('a: 1\n');
    expect(appendDocument('a: 1', 'b: 2\n')).toBe('a: 1\n---\nb: 2\n');
  });
});
