import { describe, expect, it } from 'vitest';
import { AuditLog, type AuditEvent } from './audit';

function event(id: string): AuditEvent {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: id,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/pods',
    verb: 'list',
    user: { username: 'u', groups: [] },
    sourceIPs: ['127.0.0.1'],
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: '2026-01-01T00:00:00.000000Z',
    stageTimestamp: '2026-01-01T00:00:00.000000Z',
  };
}

describe('AuditLog', () => {
  it('keeps the last events oldest first, building each recorded builder once, on first read', () => {
    const log = new AuditLog(3);
    const built: string[] = [];
    const lazy = (id: string) => () => {
      built.push(id);
      return event(id);
    };
    log.add(event('a'));
    for (const id of ['b', 'c', 'd', 'e']) log.add(lazy(id));
    expect(built).toEqual([]);
    const first = log.events();
    expect(first.map((e) => e.auditID)).toEqual(['c', 'd', 'e']);
    expect([...built].sort()).toEqual(['c', 'd', 'e']);
    const again = log.events();
    expect(again).toEqual(first);
    again.forEach((e, i) => expect(e).toBe(first[i]));
    expect([...built].sort()).toEqual(['c', 'd', 'e']);
    log.add(event('f'));
    expect(log.events().map((e) => e.auditID)).toEqual(['d', 'e', 'f']);
  });
});
