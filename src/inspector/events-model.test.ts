import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../workers/api/types';
import { eventRows, filterEvents, isAbout } from './events-model';

function ev(name: string, ns: string, type: string, reason: string, kind: string, obj: string, last: string, count = 1): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns, uid: `uid-${name}` },
    type,
    reason,
    message: `${reason} message`,
    count,
    lastTimestamp: last,
    involvedObject: { kind, namespace: ns, name: obj, uid: `uid-${obj}` },
  };
}

const objects: KubeObject[] = [
  ev('a', 'default', 'Warning', 'FailedScheduling', 'Pod', 'big', '2026-01-01T00:00:05Z', 3),
  ev('b', 'default', 'Normal', 'Scheduled', 'Pod', 'web-1', '2026-01-01T00:00:09Z'),
  ev('c', 'kube-system', 'Normal', 'Pulled', 'Pod', 'coredns-x', '2026-01-01T00:00:07Z'),
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big', namespace: 'default', uid: 'uid-big' } },
];

describe('eventRows', () => {
  it('keeps only Events, newest first, with kubectl-style object names and counts', () => {
    const rows = eventRows(objects);
    expect(rows.map((r) => [r.reason, r.object, r.count, r.type])).toEqual([
      ['Scheduled', 'pod/web-1', 1, 'Normal'],
      ['Pulled', 'pod/coredns-x', 1, 'Normal'],
      ['FailedScheduling', 'pod/big', 3, 'Warning'],
    ]);
    expect(rows[2].lastMs).toBe(Date.parse('2026-01-01T00:00:05Z'));
  });

  it('filters by namespace, object text and type', () => {
    const rows = eventRows(objects);
    expect(filterEvents(rows, { namespace: 'default', object: '', type: '' }).map((r) => r.reason)).toEqual(['Scheduled', 'FailedScheduling']);
    expect(filterEvents(rows, { namespace: '', object: 'BIG', type: '' }).map((r) => r.reason)).toEqual(['FailedScheduling']);
    expect(filterEvents(rows, { namespace: '', object: '', type: 'Warning' }).map((r) => r.reason)).toEqual(['FailedScheduling']);
  });

  it('matches an Event to its object by uid', () => {
    const rows = eventRows(objects);
    expect(rows.filter((r) => isAbout(r, objects[3])).map((r) => r.reason)).toEqual(['FailedScheduling']);
  });
});
