import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseJsonText, positionAt, renderPath } from './json-text';
import { ScenarioError } from './scenario-error';

function failure(text: string): ScenarioError {
  try {
    parseJsonText(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error(`parsed: ${text}`);
}

describe('parseJsonText', () => {
  it.each([
    '{}',
    '[]',
    'null',
    'true',
    '-0.5e+3',
    '"a\\u00e9\\n\\"\\/"',
    '{"a": [1, 2, {"b": null}], "c": "d"}',
    ' \t\r\n{"x":"\u{1F600}"}\n',
  ])('reads %j as JSON.parse does', (text) => {
    expect(parseJsonText(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['', 1, 1, 'invalid JSON: unexpected end of input where a value was expected (line 1, column 1)', ''],
    ['{"version":1,}', 1, 14, 'invalid JSON: unexpected "}" where a member name (a string) was expected (line 1, column 14)', ''],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'invalid JSON: unexpected "\\"" where \',\' or \'}\' was expected (line 3, column 3)', ''],
    ['{"script": [1, 2,]}', 1, 18, 'script[2]: invalid JSON: unexpected "]" where a value was expected (line 1, column 18)', 'script[2]'],
    ['{"a" 1}', 1, 6, 'a: invalid JSON: unexpected "1" where \':\' was expected after a member name (line 1, column 6)', 'a'],
    ['{"a": "x\ny"}', 1, 9, 'a: invalid JSON: control character U+000A inside a string (escape it) (line 1, column 9)', 'a'],
    ['{"a": "\\x"}', 1, 8, 'a: invalid JSON: invalid escape "\\\\x" in a string (line 1, column 8)', 'a'],
    ['{"a": "\\u12G4"}', 1, 8, 'a: invalid JSON: invalid \\u escape (four hex digits expected) (line 1, column 8)', 'a'],
    ['{"a": "abc', 1, 7, 'a: invalid JSON: unterminated string (line 1, column 7)', 'a'],
    ['{"a": 01}', 1, 8, 'invalid JSON: unexpected "1" where \',\' or \'}\' was expected (line 1, column 8)', ''],
    ['{"x": {"a": 1 "b"}}', 1, 15, 'x: invalid JSON: unexpected "\\"" where \',\' or \'}\' was expected (line 1, column 15)', 'x'],
    ['{"a": -}', 1, 7, 'a: invalid JSON: invalid number starting with "-" (line 1, column 7)', 'a'],
    ['{"a": NaN}', 1, 7, 'a: invalid JSON: unexpected "N" where a value was expected (line 1, column 7)', 'a'],
    ["{'a': 1}", 1, 2, 'invalid JSON: unexpected "\'" where a member name (a string) was expected (line 1, column 2)', ''],
    ['{} {}', 1, 4, 'invalid JSON: unexpected "{" after the end of the JSON value (line 1, column 4)', ''],
    ['[1] // comment', 1, 5, 'invalid JSON: unexpected "/" after the end of the JSON value (line 1, column 5)', ''],
  ])('refuses %j at line %d, column %d', (text, line, column, message, path) => {
    const e = failure(text);
    expect(e.reason).toBe('BadJSON');
    expect(e.message).toBe(message);
    expect([e.line, e.column, e.path]).toEqual([line, column, path]);
  });

  it('refuses duplicate keys, naming the path and where the second one is', () => {
    const e = failure('{"cluster": {"nodes": [{"name": "a",\n "name": "b"}]}}');
    expect(e.reason).toBe('BadJSON');
    expect(e.message).toBe('cluster.nodes[0].name: duplicate key "name" (line 2, column 2)');
    expect(e.path).toBe('cluster.nodes[0].name');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s anywhere', (key) => {
    const e = failure(`{"script": [{"action": {"${key}": {"polluted": true}}}]}`);
    expect(e.reason).toBe('ForbiddenKey');
    expect(e.message).toBe(`script[0].action.${key}: forbidden key "${key}" (line 1, column 25)`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a forbidden key written with escapes', () => {
    expect(failure('{"\\u005f_proto__": 1}').reason).toBe('ForbiddenKey');
  });

  it('refuses nesting beyond the depth limit without overflowing the stack', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    const e = failure(deep);
    expect(e.message).toBe(`${'[0]'.repeat(MAX_JSON_DEPTH)}: invalid JSON: objects and arrays nest deeper than ${MAX_JSON_DEPTH} levels (line 1, column ${MAX_JSON_DEPTH + 1})`);
    const objects = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    expect(failure(objects).reason).toBe('BadJSON');
    const justDeepEnough = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(parseJsonText(justDeepEnough)).toEqual(JSON.parse(justDeepEnough));
  });

  it('reads a megabyte string quickly enough to be linear', () => {
    const big = 'x\\n'.repeat(400_000);
    expect((parseJsonText(`{"manifests": "${big}"}`) as { manifests: string }).manifests.length).toBe(800_000);
  });
});

describe('positions and paths', () => {
  it('counts lines and columns from 1', () => {
    expect(positionAt('ab\ncd\n', 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt('ab\ncd\n', 4)).toEqual({ line: 2, column: 2 });
    expect(positionAt('ab\ncd\n', 6)).toEqual({ line: 3, column: 1 });
  });

  it('renders paths as the validator writes them', () => {
    expect(renderPath([])).toBe('');
    expect(renderPath(['script', 2, 'action', 'node'])).toBe('script[2].action.node');
    expect(renderPath([0, 'a'])).toBe('[0].a');
  });
});
