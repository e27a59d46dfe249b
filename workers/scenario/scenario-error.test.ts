import { describe, expect, it } from 'vitest';
import { isScenarioError, MAX_CAUSES, ScenarioError, scenarioError } from './scenario-error';

describe('ScenarioError', () => {
  it('carries the first problem as message and path, and counts the rest', () => {
    const e = new ScenarioError('Invalid', [
      { path: 'seed', message: 'seed: Required value' },
      { path: 'title', message: 'title: Too long: may not be more than 256 bytes' },
    ]);
    expect([e.name, e.reason, e.path, e.message]).toEqual(['ScenarioError', 'Invalid', 'seed', 'seed: Required value (and 1 more problem)']);
    expect(e.line).toBeUndefined();
  });

  it('keeps at most MAX_CAUSES causes but counts all of them', () => {
    const causes = Array.from({ length: 150 }, (_, i) => ({ path: `script[${i}].at`, message: `script[${i}].at: Required value` }));
    const e = new ScenarioError('Invalid', causes, undefined, 150);
    expect(e.causes).toHaveLength(MAX_CAUSES);
    expect(e.message).toBe('script[0].at: Required value (and 149 more problems)');
  });

  it('locates a problem in a text, and in a YAML document when given one', () => {
    const e = scenarioError('BadYAML', 'manifests: bad', 'manifests', { line: 3, column: 4, document: 1 });
    expect([e.path, e.line, e.column, e.document]).toEqual(['manifests', 3, 4, 1]);
    expect(scenarioError('BadJSON', 'x', '', { line: 1, column: 2 }).document).toBeUndefined();
  });

  it('is recognised also when it crossed a realm as a plain Error with its fields', () => {
    expect(isScenarioError(scenarioError('TooLarge', 'big'))).toBe(true);
    expect(isScenarioError(Object.assign(new Error('x'), { name: 'ScenarioError', reason: 'BadJSON' }))).toBe(true);
    expect(isScenarioError(new Error('x'))).toBe(false);
    expect(isScenarioError('ScenarioError')).toBe(false);
  });
});
