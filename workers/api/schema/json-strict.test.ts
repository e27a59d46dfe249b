import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { duplicateKeysOf, formatFieldPath, hasDuplicateKeys, parseJsonStrict } from './json-strict';

function errorOf(text: string): ApiError {
  try {
    parseJsonStrict(text);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`parsed: ${text}`);
}

describe('parseJsonStrict', () => {
  it.each([
    ['{"a":1,"b":[true,false,null],"c":{"d":"x\\ny\\u00e9"},"e":-1.5e3}'],
    ['[]'],
    ['  "s"  '],
    ['0'],
    ['{"k":"\\"quoted\\""}'],
  ])('parses %s as JSON.parse does', (text) => {
    expect(parseJsonStrict(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a":', 'unexpected end of JSON input'],
    ['', 'unexpected end of JSON input'],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":1}x', "invalid character 'x' after top-level value"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"a":"x\ny"}', "invalid character '\\n' in string literal"],
  ])('rejects %j with Go wording', (text, detail) => {
    const e = errorOf(text);
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toBe(`couldn't get version/kind; json parse error: ${detail}`);
  });

  it.each([
    ['{"__proto__":{"x":1}}', '__proto__', '__proto__'],
    ['{"metadata":{"labels":{"constructor":"x"}}}', 'constructor', 'metadata.labels.constructor'],
    ['{"spec":{"containers":[{"name":"a"},{"prototype":1}]}}', 'prototype', 'spec.containers[1].prototype'],
  ])('rejects prototype keys: %s', (text, key, path) => {
    const e = errorOf(text);
    expect(e.code).toBe(400);
    expect(e.message).toBe(`json: the object key "${key}" is not allowed (at "${path}")`);
  });

  it('keeps the last of duplicate keys and remembers them per object', () => {
    const v = parseJsonStrict('{"a":1,"b":{"c":1,"c":2,"c":3},"a":2}') as { a: number; b: { c: number } };
    expect(v).toEqual({ a: 2, b: { c: 3 } });
    expect(hasDuplicateKeys(v)).toBe(true);
    expect(duplicateKeysOf(v)).toEqual(['a']);
    expect(duplicateKeysOf(v.b)).toEqual(['c']);
    const clean = parseJsonStrict('{"a":1}') as object;
    expect(hasDuplicateKeys(clean)).toBe(false);
    expect(duplicateKeysOf(clean)).toBeUndefined();
  });
});

describe('parseJsonStrict with the expected kind', () => {
  it.each([
    ['{"kind":"Pod",', 'unexpected end of JSON input ({"kind":"Pod",)'],
    ['{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},}', `invalid character '}' looking for beginning of object key string ({"apiVersion":"v1","kind":"Pod ...)`],
    ['apiVersion: v1', "invalid character 'a' looking for beginning of value (61706956657273696f6e3a207631)"],
  ])('wraps %j as upstream handlers do', (text, detail) => {
    let message = '';
    try {
      parseJsonStrict(text, 'Pod');
    } catch (e) {
      message = (e as ApiError).message;
    }
    expect(message).toBe(`the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: ${detail}`);
  });
});

describe('formatFieldPath', () => {
  it('joins names with dots and indexes with brackets', () => {
    expect(formatFieldPath(['spec', 'containers', 0, 'ports', 1, 'name'])).toBe('spec.containers[0].ports[1].name');
    expect(formatFieldPath([])).toBe('');
  });
});
