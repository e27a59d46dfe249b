import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { newTestServer, TEST_EPOCH_MS } from '../apiserver/testkit';
import { Client } from './client';
import { ClientEventRecorder, FakeEventRecorder, rfc3339Seconds, sprintf, type CoreEvent } from './event-recorder';

const ADMIN = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
const EVENTS = { group: '', version: 'v1', resource: 'events' };

function replicaSet(name = 'web-7d4b9'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: 'rs-uid-1', resourceVersion: '17' },
  };
}

async function setup() {
  const t = await newTestServer();
  const client = new Client(t.server, ADMIN);
  const recorder = new ClientEventRecorder({ client, clock: t.clock, component: 'replicaset-controller' });
  const list = async () => (await client.resource<CoreEvent>(EVENTS, 'default').list()).items;
  return { ...t, client, recorder, list };
}

describe('ClientEventRecorder', () => {
  it('creates an Event named <obj>.<hex nanos> with the involved object, source and timestamps', async () => {
    const { recorder, list } = await setup();
    recorder.eventf(replicaSet(), 'Normal', 'SuccessfulCreate', 'Created pod: %s', 'web-7d4b9-x2x9k');
    await recorder.flush();
    const [ev] = await list();
    expect(ev.metadata.name).toBe(`web-7d4b9.${(BigInt(TEST_EPOCH_MS) * 1_000_000n).toString(16)}`);
    expect(ev).toMatchObject({
      involvedObject: { kind: 'ReplicaSet', namespace: 'default', name: 'web-7d4b9', uid: 'rs-uid-1', apiVersion: 'apps/v1', resourceVersion: '17' },
      reason: 'SuccessfulCreate',
      message: 'Created pod: web-7d4b9-x2x9k',
      source: { component: 'replicaset-controller' },
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:00Z',
      count: 1,
      type: 'Normal',
      reportingComponent: 'replicaset-controller',
    });
  });

  it('counts a repeat of the same event with a PATCH, keeping the first timestamp', async () => {
    const { recorder, list, clock } = await setup();
    recorder.event(replicaSet(), 'Warning', 'FailedCreate', 'quota exceeded');
    clock.advance(65_000);
    recorder.event(replicaSet(), 'Warning', 'FailedCreate', 'quota exceeded');
    recorder.event(replicaSet(), 'Warning', 'FailedCreate', 'quota exceeded');
    await recorder.flush();
    const events = await list();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ count: 3, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:01:05Z' });
  });

  it('creates the event afresh when the one it would count up is gone', async () => {
    const { recorder, list, client } = await setup();
    recorder.event(replicaSet(), 'Normal', 'Same', 'again');
    await recorder.flush();
    const [first] = await list();
    await client.resource(EVENTS, 'default').delete(first.metadata.name!);
    recorder.event(replicaSet(), 'Normal', 'Same', 'again');
    await recorder.flush();
    const events = await list();
    expect(events.map((e) => [e.metadata.name, e.count])).toEqual([[first.metadata.name, 2]]);
  });

  it('keeps events with different messages apart, and gives same-millisecond events distinct names', async () => {
    const { recorder, list } = await setup();
    recorder.event(replicaSet(), 'Normal', 'SuccessfulCreate', 'Created pod: a');
    recorder.event(replicaSet(), 'Normal', 'SuccessfulCreate', 'Created pod: b');
    await recorder.flush();
    const events = await list();
    expect(events.map((e) => [e.message, e.count])).toEqual([
      ['Created pod: a', 1],
      ['Created pod: b', 1],
    ]);
    expect(new Set(events.map((e) => e.metadata.name)).size).toBe(2);
  });

  it('combines the 10th and later distinct messages of one reason within 10 minutes', async () => {
    const { recorder, list } = await setup();
    for (let i = 0; i < 12; i++) recorder.event(replicaSet(), 'Normal', 'SuccessfulCreate', `Created pod: p${i}`);
    await recorder.flush();
    const events = await list();
    expect(events).toHaveLength(10);
    const combined = events.find((e) => e.message.startsWith('(combined'));
    expect(combined).toMatchObject({ message: '(combined from similar events): Created pod: p11', count: 3 });
  });

  it('keeps the caches of each object, type and reason apart', async () => {
    const { recorder, list } = await setup();
    const other = replicaSet('api-5f6c7');
    for (let i = 0; i < 9; i++) recorder.event(replicaSet(), 'Normal', 'SuccessfulCreate', `Created pod: p${i}`);
    // Neither another reason, another type nor another object counts towards the ten messages.
    recorder.event(replicaSet(), 'Normal', 'SuccessfulDelete', 'Deleted pod: p0');
    recorder.event(replicaSet(), 'Warning', 'SuccessfulCreate', 'Created pod: p9');
    recorder.event(other, 'Normal', 'SuccessfulCreate', 'Created pod: p9');
    // The same message once more is a repeat of its own event, not a new one.
    recorder.event(replicaSet(), 'Normal', 'SuccessfulCreate', 'Created pod: p3');
    await recorder.flush();
    const events = await list();
    expect(events).toHaveLength(12);
    expect(events.some((e) => e.message.startsWith('(combined'))).toBe(false);
    expect(events.filter((e) => e.count === 2).map((e) => [e.involvedObject.name, e.type, e.reason, e.message])).toEqual([['web-7d4b9', 'Normal', 'SuccessfulCreate', 'Created pod: p3']]);
  });

  it('drops events beyond the spam filter burst of 25 per object, and refills one every 5 minutes', async () => {
    const { recorder, clock, list } = await setup();
    for (let i = 0; i < 30; i++) recorder.event(replicaSet(), 'Normal', 'Same', 'same');
    await recorder.flush();
    expect(recorder.dropped).toBe(5);
    expect((await list())[0].count).toBe(25);
    clock.advance(300_000);
    recorder.event(replicaSet(), 'Normal', 'Same', 'same');
    recorder.event(replicaSet(), 'Normal', 'Same', 'same');
    await recorder.flush();
    // As upstream, dropped repeats still count: the next write carries 31.
    expect(recorder.dropped).toBe(6);
    expect((await list())[0].count).toBe(31);
  });

  it('records events of cluster-scoped objects in the default namespace', async () => {
    const { recorder, list } = await setup();
    recorder.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n1' } }, 'Normal', 'NodeReady', 'Node node-1 status is now: NodeReady');
    await recorder.flush();
    expect((await list())[0].involvedObject).toEqual({ kind: 'Node', name: 'node-1', uid: 'n1', apiVersion: 'v1' });
  });
});

describe('sprintf and helpers', () => {
  it.each([
    ['Created pod: %s', ['x'], 'Created pod: x'],
    ['Scaled up replica set %s from %d to %d', ['web', 0, 3], 'Scaled up replica set web from 0 to 3'],
    ['%q is 100%%', ['a'], '"a" is 100%'],
    ['Error creating: %v', [new Error('boom')], 'Error creating: boom'],
  ])('%s', (format, args, want) => {
    expect(sprintf(format, ...args)).toBe(want);
  });

  it('formats timestamps at whole seconds', () => {
    expect(rfc3339Seconds(TEST_EPOCH_MS + 1999)).toBe('2026-01-01T00:00:01Z');
    // Repeats and returns to an earlier second format the same (the last second is remembered).
    expect([1000, 1500, 0, 1999, 2000].map((d) => rfc3339Seconds(TEST_EPOCH_MS + d))).toEqual(['2026-01-01T00:00:01Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z']);
    expect(() => rfc3339Seconds(NaN)).toThrow(RangeError);
  });

  it('FakeEventRecorder collects "<type> <reason> <message>"', () => {
    const r = new FakeEventRecorder();
    r.eventf(replicaSet(), 'Normal', 'SuccessfulDelete', 'Deleted pod: %s', 'p');
    expect(r.events).toEqual(['Normal SuccessfulDelete Deleted pod: p']);
  });
});
