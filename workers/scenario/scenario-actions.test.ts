/** Rollout actions in a scenario script: kept as written, refused with field paths when malformed. */
import { describe, expect, it } from 'vitest';
import { FieldChecker } from './field-checks';
import { checkAction } from './scenario-actions';
import { ScenarioError } from './scenario-error';

function check(v: unknown): { action?: unknown; causes: string[] } {
  const c = new FieldChecker();
  const action = checkAction(c, v, 'action');
  try {
    c.throwIfAny();
    return { action, causes: [] };
  } catch (e) {
    return { causes: (e as ScenarioError).causes.map((x) => x.message) };
  }
}

describe('rollout actions', () => {
  it.each([
    [{ type: 'rollout-restart', namespace: 'default', name: 'web' }],
    [{ type: 'rollout-pause', namespace: 'shop', name: 'web.v2' }],
    [{ type: 'rollout-resume', namespace: 'default', name: 'web' }],
    [{ type: 'rollout-undo', namespace: 'default', name: 'web' }],
    [{ type: 'rollout-undo', namespace: 'default', name: 'web', toRevision: 0 }],
    [{ type: 'rollout-undo', namespace: 'default', name: 'web', toRevision: 3 }],
  ])('accepts %j as written', (a) => {
    expect(check(a)).toEqual({ action: a, causes: [] });
  });

  it.each([
    [{ type: 'rollout-restart', name: 'web' }, 'action.namespace: Required value'],
    [{ type: 'rollout-pause', namespace: 'default' }, 'action.name: Required value'],
    [{ type: 'rollout-resume', namespace: 'Default', name: 'web' }, 'action.namespace: Invalid value: "Default": a lowercase RFC 1123 label must consist of'],
    [{ type: 'rollout-undo', namespace: 'default', name: 'web', toRevision: -1 }, 'action.toRevision: Invalid value: -1: must be greater than or equal to 0'],
    [{ type: 'rollout-undo', namespace: 'default', name: 'web', toRevision: '2' }, 'action.toRevision: Invalid value: "2": must be an integer'],
    [{ type: 'rollout-restart', namespace: 'default', name: 'web', toRevision: 1 }, 'unknown field "action.toRevision"'],
    [{ type: 'rollout-undo', namespace: 'default', name: '<script>', toRevision: 1 }, 'action.name: Invalid value: "<script>": a lowercase RFC 1123 subdomain'],
  ])('refuses %j', (a, first) => {
    const r = check(a);
    expect(r.action).toBeUndefined();
    expect(r.causes[0]).toContain(first);
  });
});
