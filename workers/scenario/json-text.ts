/**
 * A strict JSON reader for untrusted scenario text. Unlike JSON.parse, whose messages differ between
 * engines and often carry no position, every syntax error here names its line and column; it also
 * refuses what a scenario never needs and an attacker might send: nesting beyond a fixed depth,
 * duplicate keys (JSON.parse silently keeps the last), and `__proto__`/`constructor`/`prototype` keys.
 */
import { UNSAFE_KEYS } from '../api/safe-keys';
import { scenarioError, type ScenarioError } from './scenario-error';

/** How deep objects and arrays may nest; a scenario needs about 6 levels. */
export const MAX_JSON_DEPTH = 64;

/** The 1-based line and column of a UTF-16 offset in text. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** A JSON path as the validator writes it: `script[2].action.node`. */
export function renderPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// JSON forbids raw control characters in strings, so the scanner must stop at them.
// oxlint-disable-next-line no-control-regex
const PLAIN_CHARS_RE = /[^"\\\u0000-\u001f]*/y;
const HEX4_RE = /^[0-9a-fA-F]{4}$/;

function describeChar(c: string | undefined): string {
  if (c === undefined) return 'end of input';
  if (c < ' ') return `control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(c);
}

class JsonReader {
  private pos = 0;
  private readonly path: (string | number)[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  read(): unknown {
    this.skipSpace();
    const value = this.value(0);
    this.skipSpace();
    if (this.pos < this.text.length) throw this.syntax(`unexpected ${describeChar(this.text[this.pos])} after the end of the JSON value`);
    return value;
  }

  private fail(reason: 'BadJSON' | 'ForbiddenKey', detail: string, at: number): ScenarioError {
    const pos = positionAt(this.text, at);
    const path = renderPath(this.path);
    const where = `line ${pos.line}, column ${pos.column}`;
    return scenarioError(reason, path ? `${path}: ${detail} (${where})` : `${detail} (${where})`, path, pos);
  }

  private syntax(detail: string, at = this.pos): ScenarioError {
    return this.fail('BadJSON', `invalid JSON: ${detail}`, at);
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  private value(depth: number): unknown {
    const c = this.text[this.pos];
    if (c === '{' || c === '[') {
      if (depth >= this.maxDepth) throw this.syntax(`objects and arrays nest deeper than ${this.maxDepth} levels`);
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    throw this.syntax(`unexpected ${describeChar(c)} where a value was expected`);
  }

  private object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.text[this.pos] !== '"') throw this.syntax(`unexpected ${describeChar(this.text[this.pos])} where a member name (a string) was expected`);
      const keyAt = this.pos;
      const key = this.string();
      this.path.push(key);
      if (UNSAFE_KEYS.has(key)) throw this.fail('ForbiddenKey', `forbidden key ${JSON.stringify(key)}`, keyAt);
      if (Object.hasOwn(out, key)) throw this.fail('BadJSON', `duplicate key ${JSON.stringify(key)}`, keyAt);
      this.skipSpace();
      if (this.text[this.pos] !== ':') throw this.syntax(`unexpected ${describeChar(this.text[this.pos])} where ':' was expected after a member name`);
      this.pos++;
      this.skipSpace();
      out[key] = this.value(depth);
      this.path.pop();
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') throw this.syntax(`unexpected ${describeChar(c)} where ',' or '}' was expected`, this.pos - 1);
      this.skipSpace();
    }
  }

  private array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.path.push(out.length);
      out.push(this.value(depth));
      this.path.pop();
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') throw this.syntax(`unexpected ${describeChar(c)} where ',' or ']' was expected`, this.pos - 1);
      this.skipSpace();
    }
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    let escaped = false;
    this.pos++;
    for (;;) {
      PLAIN_CHARS_RE.lastIndex = this.pos;
      PLAIN_CHARS_RE.exec(t);
      this.pos = PLAIN_CHARS_RE.lastIndex;
      const c = t[this.pos];
      if (c === '"') break;
      if (c === undefined) throw this.syntax('unterminated string', start);
      if (c !== '\\') throw this.syntax(`${describeChar(c)} inside a string (escape it)`);
      const e = t[this.pos + 1];
      if (e === 'u') {
        if (!HEX4_RE.test(t.slice(this.pos + 2, this.pos + 6))) throw this.syntax('invalid \\u escape (four hex digits expected)');
        this.pos += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
        this.pos += 2;
      } else {
        throw this.syntax(`invalid escape ${JSON.stringify(`\\${e ?? ''}`)} in a string`);
      }
      escaped = true;
    }
    this.pos++;
    // Checked above, so the engine's decoder only has to resolve the escapes.
    return escaped ? (JSON.parse(t.slice(start, this.pos)) as string) : t.slice(start + 1, this.pos - 1);
  }

  private number(): number {
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.text);
    if (!m) throw this.syntax(`invalid number starting with ${describeChar(this.text[this.pos])}`);
    this.pos = NUMBER_RE.lastIndex;
    return Number(m[0]);
  }
}

/**
 * Reads one JSON value. Throws a ScenarioError: `BadJSON` for syntax errors, duplicate keys and
 * too deep nesting, `ForbiddenKey` for `__proto__`/`constructor`/`prototype`, each with the field
 * path reached, line and column.
 */
export function parseJsonText(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  return new JsonReader(text, maxDepth).read();
}
