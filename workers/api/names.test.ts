import { describe, expect, it } from 'vitest';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isValidPathSegmentName,
  isValidPercent,
  isValidPortName,
  nameIsDNSSubdomain,
} from './names';

describe('name checks', () => {
  it.each([
    ['web', []],
    ['a'.repeat(64), ['must be no more than 63 characters']],
    [
      'Web',
      [
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
  ])('isDNS1123Label(%s)', (v, want) => {
    expect(isDNS1123Label(v)).toEqual(want);
  });

  it('isDNS1035Label', () => {
    expect(isDNS1035Label('my-svc')).toEqual([]);
    expect(isDNS1035Label('1svc')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('masks the trailing dash of a generateName', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('web-', false)).toHaveLength(1);
  });

  it.each([
    ['http', []],
    ['web-8080', []],
    ['8080', ['must contain at least one letter (a-z)']],
    ['a--b', ['must not contain consecutive hyphens']],
    ['-ab', ['must not begin or end with a hyphen']],
    ['Http', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    ['abcdefghijklmnop', ['must be no more than 15 characters']],
  ])('isValidPortName(%s)', (v, want) => {
    expect(isValidPortName(v)).toEqual(want);
  });

  it('isValidPathSegmentName', () => {
    expect(isValidPathSegmentName('system:controller')).toEqual([]);
    expect(isValidPathSegmentName('..')).toEqual(["may not be '..'"]);
    expect(isValidPathSegmentName('a/b%')).toEqual(["may not contain '/'", "may not contain '%'"]);
  });

  it('isValidPercent', () => {
    expect(isValidPercent('25%')).toEqual([]);
    expect(isValidPercent('25')).toEqual([
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
  });

  it('isConfigMapKey', () => {
    expect(isConfigMapKey('game.properties')).toEqual([]);
    expect(isConfigMapKey('..data')).toEqual(["must not start with '..'"]);
    expect(isConfigMapKey('a b')).toHaveLength(1);
  });
});
