/**
 * The scenario library runs in a Web Worker (share links are decoded in the browser) and in Node 20
 * (npm run sim): nothing it imports, however indirectly, may use Node-only or DOM-only APIs.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const HERE = new URL('.', import.meta.url).pathname;
const ENTRIES = ['scenario.ts', 'share-link.ts', '../api/duration.ts'].map((f) => join(HERE, f));

const FORBIDDEN: [string, RegExp][] = [
  ['a node: import', /from\s+['"]node:/],
  ['require()', /\brequire\s*\(/],
  ['Buffer', /\bBuffer\b/],
  ['process', /\bprocess\./],
  ['document', /\bdocument\./],
  ['window', /\bwindow\./],
  ['localStorage', /\blocalStorage\b/],
];

// Every local module reachable from the entries through relative imports.
function importGraph(entries: string[]): string[] {
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/^(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/gm)) {
      const target = join(dirname(file), m[1]);
      todo.push(target.endsWith('.ts') ? target : `${target}.ts`);
    }
  }
  return [...seen].sort();
}

describe('portability', () => {
  const files = importGraph(ENTRIES);

  it('follows imports into workers/api', () => {
    expect(files.map((f) => relative(HERE, f))).toEqual(expect.arrayContaining(['../api/yaml.ts', '../api/safe-keys.ts', 'json-text.ts']));
  });

  it.each(files.map((f) => [relative(HERE, f), f]))('%s uses only what a Web Worker and Node 20 both have', (_name, file) => {
    const code = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => !/^\s*(\/\/|\*|\/\*\*)/.test(l))
      .join('\n');
    const found = FORBIDDEN.filter(([, re]) => re.test(code)).map(([what]) => what);
    expect(found).toEqual([]);
  });
});
