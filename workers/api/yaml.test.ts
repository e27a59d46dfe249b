import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isApiError } from './errors';
import { parseManifests, parseYamlOrJson, toYaml } from './yaml';

const corpusDir = '/work/shared/corpus';

// `- path | Kind, Kind | #docs | notes | commit` lines from INDEX.md.
function corpusEntries(): { path: string; kinds: string[] }[] {
  const index = readFileSync(join(corpusDir, 'INDEX.md'), 'utf8');
  const entries: { path: string; kinds: string[] }[] = [];
  for (const line of index.split('\n')) {
    const cols = line.replace(/^- /, '').split(' | ');
    if (!line.startsWith('- ') || cols.length < 5 || !cols[0].endsWith('.yaml')) continue;
    const kinds = cols[1].split(', ').flatMap((k) => {
      const m = /^(\w+) ×(\d+)$/.exec(k);
      return m ? Array(Number(m[2])).fill(m[1]) : [k];
    });
    entries.push({ path: cols[0], kinds });
  }
  return entries;
}

describe('parseManifests over the corpus', () => {
  const entries = corpusEntries();
  it('finds the indexed files', () => {
    expect(entries.length).toBeGreaterThan(60);
  });
  it.each(entries.map((e) => [e.path, e.kinds] as const))('%s parses to %j', (path, kinds) => {
    const { documents, errors } = parseManifests(readFileSync(join(corpusDir, path), 'utf8'));
    expect(errors).toEqual([]);
    expect(documents.map((d) => d.object.kind)).toEqual(kinds);
    for (const d of documents) expect(d.line).toBeGreaterThanOrEqual(1);
  });
});

describe('parseManifests', () => {
  it('reads YAML 1.1 scalars as kubectl does and keeps dates and times as strings', () => {
    const { documents } = parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  mode: 0644\n  flag: yes\n  date: 2001-12-14\n  port: 22:22\n');
    expect(documents[0].object).toMatchObject({ data: { mode: 420, flag: true, date: '2001-12-14', port: '22:22' } });
  });

  it('skips empty and comment-only documents and numbers documents by stream position', () => {
    const text = '---\n# nothing here\n---\n\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';
    const { documents, errors } = parseManifests(text);
    expect(errors).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ index: 2, line: 6 });
  });

  it('flattens List documents into their items', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n';
    const { documents } = parseManifests(text);
    expect(documents.map((d) => [d.object.kind, d.line])).toEqual([['Namespace', 4], ['ConfigMap', 7]]);
  });

  const broken: [string, string, { line: number; column: number; document: number; message: RegExp }][] = [
    ['duplicate key', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n', { line: 5, column: 3, document: 0, message: /key "name" already set in map/ }],
    ['unclosed flow sequence', 'apiVersion: v1\nkind: Pod\n---\nfoo: [1, 2\n', { line: 5, column: 1, document: 1, message: /Flow sequence/ }],
    ['missing kind', 'apiVersion: v1\nmetadata:\n  name: a\n', { line: 1, column: 1, document: 0, message: /^Object 'Kind' is missing in '\{"apiVersion":"v1","metadata":\{"name":"a"\}\}'$/ }],
    ['missing apiVersion', '\n\nkind: Pod\n', { line: 3, column: 1, document: 0, message: /^Object 'apiVersion' is missing in/ }],
    ['non-mapping document', 'apiVersion: v1\nkind: Pod\n---\n- a\n- b\n', { line: 4, column: 1, document: 1, message: /cannot unmarshal array into Go value of type map\[string\]interface \{\}/ }],
    ['scalar document', 'hello\n', { line: 1, column: 1, document: 0, message: /cannot unmarshal string/ }],
    ['__proto__ key', 'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    __proto__: x\n', { line: 5, column: 5, document: 0, message: /forbidden key "__proto__"/ }],
    ['constructor key', 'apiVersion: v1\nkind: Pod\nconstructor: {}\n', { line: 3, column: 1, document: 0, message: /forbidden key "constructor"/ }],
    ['bad indentation', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n bad: b\n', { line: 5, column: 1, document: 0, message: /./ }],
  ];
  it.each(broken)('reports %s with line and column', (_name, text, want) => {
    const { errors } = parseManifests(text);
    expect(errors.length).toBeGreaterThan(0);
    const e = errors[0];
    expect({ line: e.line, column: e.column, document: e.document }).toEqual({ line: want.line, column: want.column, document: want.document });
    expect(e.message).toMatch(want.message);
  });

  it('rejects an alias bomb quickly', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
    const t0 = process.hrtime.bigint();
    const { documents, errors } = parseManifests(text);
    const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
    expect(documents).toEqual([]);
    expect(errors[0].message).toMatch(/alias/i);
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('rejects oversized documents', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\ndata:\n  x: "${'a'.repeat(3 * 1024 * 1024)}"\n`;
    const { errors } = parseManifests(big);
    expect(errors[0].message).toMatch(/larger than 3145728 bytes/);
  });
});

describe('parseYamlOrJson', () => {
  it('parses JSON and YAML bodies', () => {
    expect(parseYamlOrJson('{"a": 1}')).toEqual({ a: 1 });
    expect(parseYamlOrJson('a: 1\nb: [x]\n')).toEqual({ a: 1, b: ['x'] });
    expect(parseYamlOrJson('{a: 1}')).toEqual({ a: 1 });
  });
  it.each([
    ['{"__proto__": {"x": 1}}', /forbidden key "__proto__"/],
    ['metadata:\n  prototype: 1\n', /line 2: forbidden key "prototype"/],
    ['a: 1\na: 2\n', /error converting YAML to JSON: yaml: line 2: key "a" already set in map/],
  ])('rejects %j with a 400', (text, msg) => {
    let err: unknown;
    try {
      parseYamlOrJson(text);
    } catch (e) {
      err = e;
    }
    expect(isApiError(err) && err.code).toBe(400);
    expect((err as Error).message).toMatch(msg);
  });
});

describe('toYaml', () => {
  it('prints as kubectl get -o yaml does', () => {
    const obj = {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'a', labels: { b: '1', a: 'yes' } },
      data: { script: 'echo hi\necho there\n', empty: '' },
      list: [{ name: 'x', ports: [80] }],
    };
    expect(toYaml(obj)).toBe(
      [
        'apiVersion: v1',
        'data:',
        '  empty: ""',
        '  script: |',
        '    echo hi',
        '    echo there',
        'kind: ConfigMap',
        'list:',
        '- name: x',
        '  ports:',
        '  - 80',
        'metadata:',
        '  labels:',
        '    a: "yes"',
        '    b: "1"',
        '  name: a',
        '',
      ].join('\n'),
    );
  });
  it('round-trips through parseYamlOrJson', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { n: '0644', t: 'true', d: '2001-12-14' } } };
    expect(parseYamlOrJson(toYaml(obj))).toEqual(obj);
  });
});

describe('parseYamlOrJson on JSON text', () => {
  it('rejects duplicate keys in JSON bodies too', () => {
    expect(() => parseYamlOrJson('{"a": 1,\n "a": 2}')).toThrow('line 2: key "a" already set in map');
  });
});
