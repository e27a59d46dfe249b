/**
 * Determinism guard: outside the simulation kernel (workers/sim), no worker code may read the host's
 * clock, schedule host timers, or draw from Math.random. Tests and benches are exempt.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('.', import.meta.url).pathname;

/** The forbidden reads, each with the name the failure message gives it. */
export const FORBIDDEN: { name: string; pattern: RegExp }[] = [
  { name: 'Date.now', pattern: /\bDate\.now\s*\(/ },
  { name: 'new Date()', pattern: /\bnew\s+Date\s*\(\s*\)/ },
  { name: 'performance.now', pattern: /\bperformance\.now\s*\(/ },
  { name: 'Math.random', pattern: /\bMath\.random\s*\(/ },
  { name: 'setTimeout', pattern: /\bsetTimeout\s*\(/ },
  { name: 'setInterval', pattern: /\bsetInterval\s*\(/ },
];

function isExempt(rel: string): boolean {
  return rel.startsWith('sim/') || rel.endsWith('.test.ts') || rel.endsWith('.bench.ts');
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Strips line comments so a doc comment naming Date.now is not a violation. */
function codeOf(line: string): string {
  const i = line.indexOf('//');
  return i >= 0 ? line.slice(0, i) : line;
}

/** Every `file:line: name` violation in a source text. */
export function findWallClockUses(rel: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const code = codeOf(line);
    if (/^\s*\*/.test(code)) return;
    for (const f of FORBIDDEN) if (f.pattern.test(code)) out.push(`workers/${rel}:${i + 1}: ${f.name}`);
  });
  return out;
}

describe('no wall-clock time or Math.random outside workers/sim', () => {
  it('finds each forbidden read (the checker can fail)', () => {
    const src = 'const a = Date.now();\nconst b = new Date();\nconst c = new Date(0);\n// Date.now() in a comment\n setTimeout(f, 1); Math.random();';
    expect(findWallClockUses('x.ts', src)).toEqual([
      'workers/x.ts:1: Date.now',
      'workers/x.ts:2: new Date()',
      'workers/x.ts:5: Math.random',
      'workers/x.ts:5: setTimeout',
    ]);
  });

  it('no worker file outside workers/sim reads wall-clock time or Math.random', () => {
    const violations: string[] = [];
    for (const file of tsFiles(ROOT)) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (isExempt(rel)) continue;
      violations.push(...findWallClockUses(rel, readFileSync(file, 'utf8')));
    }
    expect(violations).toEqual([]);
  });
});
