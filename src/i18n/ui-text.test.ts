/**
 * No UI words hard-coded in the components: every JSX text with letters, and every title,
 * aria-label, placeholder, alt or label attribute with letters, comes from t(). What stays literal
 * is Kubernetes' own text (key names, Event types, kubectl commands), listed below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseSync } from 'vite';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
/** Every .tsx under src/ is translated. */
const AREAS = ['src'];
const SKIP_DIRS: string[] = [];

/** Literal text that is Kubernetes', kubectl's or the keyboard's, never translated. */
const ALLOWED: readonly (string | RegExp)[] = [
  'Ctrl', // <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
  'Enter',
  'Normal', // Event types
  'Warning',
  'true', // a container's READY, as kubectl prints it
  'false',
  /^kubectl [^:]*$/, // a bare kubectl command as a tooltip, e.g. `kubectl apply --dry-run=server`
  /^(etcd|kube-[a-z-]+)$/, // a component's name as a heading: kube-scheduler, etcd
];

const TEXT_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label']);

interface Node {
  type: string;
  start: number;
  [field: string]: unknown;
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && typeof (v as Node).type === 'string';

/** String pieces an expression can render as they are: literals, through `?:`, `&&`, `||`, `??` and templates. */
function literalPieces(n: Node): { text: string; start: number }[] {
  switch (n.type) {
    case 'Literal':
      return typeof n.value === 'string' ? [{ text: n.value, start: n.start }] : [];
    case 'TemplateLiteral':
      return [{ text: (n.quasis as Node[]).map((q) => (q.value as { cooked: string }).cooked).join('${}'), start: n.start }];
    case 'ConditionalExpression':
      return [...literalPieces(n.consequent as Node), ...literalPieces(n.alternate as Node)];
    case 'LogicalExpression':
      return [...literalPieces(n.left as Node), ...literalPieces(n.right as Node)];
    case 'ParenthesizedExpression':
      return literalPieces(n.expression as Node);
    default:
      return [];
  }
}

/** Hard-coded UI words in one .tsx source: `line: text` for each. */
function hardCodedText(source: string): string[] {
  const { program, errors } = parseSync('file.tsx', source, { lang: 'tsx' });
  if (errors.length) throw new Error(errors.map((e) => e.message).join('\n'));
  const found: { text: string; start: number }[] = [];
  const visit = (n: Node) => {
    if (n.type === 'JSXText') found.push({ text: n.value as string, start: n.start });
    if (n.type === 'JSXElement' || n.type === 'JSXFragment') {
      for (const child of n.children as Node[]) if (child.type === 'JSXExpressionContainer') found.push(...literalPieces(child.expression as Node));
    }
    if (n.type === 'JSXAttribute') {
      const name = (n.name as Node).name as string;
      const value = n.value as Node | null;
      if (TEXT_ATTRIBUTES.has(name) && value) found.push(...literalPieces(value.type === 'JSXExpressionContainer' ? (value.expression as Node) : value));
    }
    for (const v of Object.values(n)) {
      if (Array.isArray(v)) v.filter(isNode).forEach(visit);
      else if (isNode(v)) visit(v);
    }
  };
  visit(program as unknown as Node);
  return found
    .map((f) => ({ text: f.text.trim(), start: f.start + (/^\s*/.exec(f.text)?.[0].length ?? 0) }))
    .filter((f) => /[A-Za-z]/.test(f.text) && !ALLOWED.some((a) => (typeof a === 'string' ? a === f.text : a.test(f.text))))
    .sort((x, y) => x.start - y.start)
    .map((f) => `${source.slice(0, f.start).split('\n').length}: ${f.text}`);
}

function tsxFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.tsx') && !f.endsWith('.test.tsx'))
    .map((f) => relative(ROOT, join(ROOT, dir, f)).split('\\').join('/'))
    .filter((f) => !SKIP_DIRS.some((d) => f.startsWith(d)));
}

describe('UI text', () => {
  it('is found when hard-coded: JSX text, literal branches, text attributes', () => {
    const source = [
      'export const A = ({ on }: { on: boolean }) => (',
      '  <div title="Click me" aria-label={on ? "Open" : t("x")} data-x="not text">',
      '    Hello {name} <kbd>Ctrl</kbd>',
      '    {on ? \'Running\' : t(\'cluster.stopped\')}',
      '    {on && <span title={`kubectl get pods`}>{t(\'a\')}</span>}',
      '  </div>',
      ');',
    ].join('\n');
    expect(hardCodedText(source)).toEqual(['2: Click me', '2: Open', '3: Hello', '4: Running']);
  });

  it('comes from the translation files in the translated areas', () => {
    const files = AREAS.flatMap(tsxFiles);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((f) => hardCodedText(readFileSync(join(ROOT, f), 'utf8')).map((hit) => `${f}:${hit}`));
    expect(offenders).toEqual([]);
  });
});
