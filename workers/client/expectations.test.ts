import { describe, expect, it } from 'vitest';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS, UIDTrackingExpectations } from './expectations';

function clock() {
  return { ms: 1_000, now() { return this.ms; } };
}

describe('ControllerExpectations', () => {
  it('unknown keys are satisfied; creations must all be observed', () => {
    const e = new ControllerExpectations(clock());
    expect(e.satisfiedExpectations('default/rs')).toBe(true);
    e.expectCreations('default/rs', 2);
    expect(e.satisfiedExpectations('default/rs')).toBe(false);
    e.creationObserved('default/rs');
    expect(e.satisfiedExpectations('default/rs')).toBe(false);
    e.creationObserved('default/rs');
    expect(e.satisfiedExpectations('default/rs')).toBe(true);
    expect(e.getExpectations('default/rs')).toEqual({ add: 0, del: 0, timestampMs: 1000 });
  });

  it('expectations expire after 5 minutes of virtual time', () => {
    const c = clock();
    const e = new ControllerExpectations(c);
    e.expectDeletions('k', 3);
    c.ms += EXPECTATIONS_TIMEOUT_MS;
    expect(e.satisfiedExpectations('k')).toBe(false);
    c.ms += 1;
    expect(e.satisfiedExpectations('k')).toBe(true);
  });

  it('raise and lower adjust counts; delete forgets', () => {
    const e = new ControllerExpectations(clock());
    e.raiseExpectations('k', 1, 0); // no record: nothing to raise
    expect(e.getExpectations('k')).toBeUndefined();
    e.expectCreations('k', 1);
    e.raiseExpectations('k', 2, 1);
    expect(e.getExpectations('k')).toMatchObject({ add: 3, del: 1 });
    e.lowerExpectations('k', 3, 1);
    expect(e.satisfiedExpectations('k')).toBe(true);
    e.expectCreations('k', 5);
    e.deleteExpectations('k');
    expect(e.satisfiedExpectations('k')).toBe(true);
  });
});

describe('UIDTrackingExpectations', () => {
  it('counts only deletions of the objects it expects, once each', () => {
    const e = new UIDTrackingExpectations(clock());
    e.expectDeletionsOf('default/rs', ['default/p1', 'default/p2']);
    e.deletionObservedOf('default/rs', 'default/other');
    e.deletionObservedOf('default/rs', 'default/p1');
    e.deletionObservedOf('default/rs', 'default/p1');
    expect(e.satisfiedExpectations('default/rs')).toBe(false);
    expect([...e.getUIDs('default/rs')!]).toEqual(['default/p2']);
    e.deletionObservedOf('default/rs', 'default/p2');
    expect(e.satisfiedExpectations('default/rs')).toBe(true);
    e.expectDeletionsOf('default/rs', ['default/p3']);
    e.expectDeletionsOf('default/rs', ['default/p4']); // replaces p3, as upstream
    expect(e.clobbered).toBe(1);
    e.deletionObservedOf('default/rs', 'default/p3');
    expect(e.satisfiedExpectations('default/rs')).toBe(false);
    e.deleteExpectations('default/rs');
    expect(e.getUIDs('default/rs')).toBeUndefined();
  });
});
