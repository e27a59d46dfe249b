import { describe, expect, it } from 'vitest';
import { isApiError } from './errors';
import {
  formatLabelSelector,
  labelSelectorFromObject,
  matchesLabels,
  parseLabelSelector,
  parseLabelSelectorText,
  selectorFromSet,
  selectorToString,
} from './selectors';

describe('parseLabelSelector', () => {
  const ok: [string, string][] = [
    ['app=web,tier!=db', 'app=web,tier!=db'],
    ['tier!=db,app=web', 'app=web,tier!=db'],
    ['app==web', 'app==web'],
    ['env in (b,a)', 'env in (a,b)'],
    ['env notin (a)', 'env notin (a)'],
    ['key', 'key'],
    ['!key', '!key'],
    ['  app = web  ,  !x ', 'app=web,!x'],
    ['x>1', 'x>1'],
    ['x<10', 'x<10'],
    ['app=', 'app='],
    ['env in ()', 'env in ()'],
    ['env in (a,)', 'env in (,a)'],
    ['in=notin', 'in=notin'],
    ['example.com/app=web', 'example.com/app=web'],
    ['', ''],
  ];
  it.each(ok)('%j prints as %j', (text, want) => {
    expect(selectorToString(parseLabelSelectorText(text))).toBe(want);
  });

  const bad: [string, string][] = [
    ['app=web,', "found '', expected: identifier after ','"],
    ['app=web tier=db', "found 'tier', expected: ',' or 'end of string'"],
    [',app', "found ',', expected: !, identifier, or 'end of string'"],
    ['env in a', "unable to parse requirement: found 'a' expected: '('"],
    ['env in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['env foo', "unable to parse requirement: found 'foo', expected: '=', '!=', '==', 'in', notin'"],
    ['app=(', "unable to parse requirement: found '(', expected: identifier"],
    ['a!b', "unable to parse requirement: found '!', expected: '=', '!=', '==', 'in', notin'"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['!!', "unable to parse requirement: found '!', expected: identifier"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['x>a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    [
      '-app=web',
      `unable to parse requirement: <nil>: Invalid value: "-app": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ],
    [
      'app=-web',
      `unable to parse requirement: values[0][app]: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
  ];
  it.each(bad)('%j is a 400 with %j', (text, msg) => {
    let err: unknown;
    try {
      parseLabelSelector(text);
    } catch (e) {
      err = e;
    }
    expect(isApiError(err)).toBe(true);
    if (!isApiError(err)) return;
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe(msg);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'fe', n: '5' };
  const cases: [string, Record<string, string> | undefined, boolean][] = [
    ['app=web', labels, true],
    ['app=db', labels, false],
    ['app!=db', labels, true],
    ['missing!=x', labels, true],
    ['tier in (fe,be)', labels, true],
    ['tier notin (fe)', labels, false],
    ['missing notin (fe)', labels, true],
    ['app', labels, true],
    ['!app', labels, false],
    ['!missing', labels, true],
    ['n>4', labels, true],
    ['n<5', labels, false],
    ['app>1', labels, false],
    ['app=web,tier=be', labels, false],
    ['', undefined, true],
    ['app', undefined, false],
  ];
  it.each(cases)('%j against %j is %s', (text, l, want) => {
    expect(matchesLabels(parseLabelSelectorText(text), l)).toBe(want);
  });
});

describe('labelSelectorFromObject', () => {
  it('treats null as nothing and {} as everything', () => {
    expect(matchesLabels(labelSelectorFromObject(null), { a: 'b' })).toBe(false);
    expect(matchesLabels(labelSelectorFromObject(undefined), {})).toBe(false);
    expect(matchesLabels(labelSelectorFromObject({}), { a: 'b' })).toBe(true);
    expect(matchesLabels(labelSelectorFromObject({ matchLabels: {} }), {})).toBe(true);
  });
  it('combines matchLabels and matchExpressions, printed sorted by key', () => {
    const sel = labelSelectorFromObject({
      matchLabels: { tier: 'fe', app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(selectorToString(sel)).toBe('app=web,env in (dev,prod),!legacy,tier=fe');
    expect(matchesLabels(sel, { app: 'web', tier: 'fe', env: 'dev' })).toBe(true);
    expect(matchesLabels(sel, { app: 'web', tier: 'fe', env: 'dev', legacy: '' })).toBe(false);
  });
  it('rejects unknown operators and empty In values with upstream wording', () => {
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toThrow(
      '"Gt" is not a valid label selector operator',
    );
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In' }] })).toThrow(
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    );
  });
  it('formats for kubectl describe', () => {
    expect(formatLabelSelector({ matchLabels: { app: 'web' } })).toBe('app=web');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(null)).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })).toBe('<error>');
  });
  it('builds selectors from plain maps', () => {
    expect(selectorToString(selectorFromSet({ b: '2', a: '1' }))).toBe('a=1,b=2');
  });
});
