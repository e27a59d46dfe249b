/**
 * A JSON parser for request bodies that keeps what JSON.parse throws away: duplicate keys (upstream's
 * strict decoder reports them as `duplicate field "spec.replicas"`), and refuses `__proto__`,
 * `constructor` and `prototype` keys so no later `obj[key] = ...` can reach an object's prototype.
 * Syntax errors are worded as Go's encoding/json words them.
 */
import { badRequest } from '../errors';

/** Keys no decoded object may carry. */
export const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Duplicate keys found while parsing, by the object that holds them (the last value wins, as in Go). */
const duplicatesByObject = new WeakMap<object, string[]>();
/** Roots of parsed bodies that contain at least one duplicate key. */
const rootsWithDuplicates = new WeakSet<object>();

/** The keys that appeared more than once in this object of a body parsed by parseJsonStrict. */
export function duplicateKeysOf(obj: object): string[] | undefined {
  return duplicatesByObject.get(obj);
}

/** Whether a body parsed by parseJsonStrict had duplicate keys anywhere. */
export function hasDuplicateKeys(root: unknown): boolean {
  return typeof root === 'object' && root !== null && rootsWithDuplicates.has(root);
}

class JsonSyntaxError extends Error {}

/** A character as Go's quoteChar prints it: `'x'`, `'\\''`, `'"'`, `'\\n'`, `'\\x01'`. */
function describeChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
    return `'${named[c] ?? `\\x${code.toString(16).padStart(2, '0')}`}'`;
  }
  return `'${c}'`;
}

/** Parses JSON text; throws JsonSyntaxError with Go's wording. Records duplicates as it goes. */
class Parser {
  private i = 0;
  private sawDuplicate = false;
  private readonly path: (string | number)[] = [];

  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    const v = this.value('looking for beginning of value');
    this.ws();
    if (this.i < this.text.length) this.fail('after top-level value');
    if (this.sawDuplicate && typeof v === 'object' && v !== null) rootsWithDuplicates.add(v);
    return v;
  }

  private fail(context: string): never {
    if (this.i >= this.text.length) throw new JsonSyntaxError('unexpected end of JSON input');
    throw new JsonSyntaxError(`invalid character ${describeChar(this.text[this.i])} ${context}`);
  }

  private ws(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
      this.i++;
    }
  }

  private value(context: string): unknown {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    if (c !== undefined && 'tfn'.includes(c)) {
      // A literal cut short or misspelled: Go points at the first wrong letter.
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      let k = 0;
      while (this.text[this.i + k] === word[k]) k++;
      this.i += k;
      this.fail(`in literal ${word} (expecting ${describeChar(word[k])})`);
    }
    return this.fail(context);
  }

  private string(): string {
    const t = this.text;
    const start = ++this.i;
    let escaped = false;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        this.i += 2;
        continue;
      }
      if (c < 32) this.fail('in string literal');
      this.i++;
    }
    if (this.i >= t.length) this.fail('in string literal');
    const raw = t.slice(start, this.i++);
    if (!escaped) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      this.i = start;
      return this.fail('in string escape code');
    }
  }

  private number(): number {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const r = m.exec(this.text);
    if (!r || r[0] === '-') {
      this.i++;
      this.fail('in numeric literal');
    }
    this.i += r[0].length;
    return Number(r[0]);
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.path.push(out.length);
      out.push(this.value('looking for beginning of value'));
      this.path.pop();
      this.ws();
      const c = this.text[this.i++];
      if (c === ']') return out;
      if (c !== ',') {
        this.i--;
        this.fail('after array element');
      }
    }
  }

  private object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"') this.fail('looking for beginning of object key string');
      const key = this.string();
      if (forbiddenKeys.has(key)) throw forbiddenKeyError(key, this.path);
      this.ws();
      if (this.text[this.i] !== ':') this.fail('after object key');
      this.i++;
      this.path.push(key);
      const v = this.value('looking for beginning of value');
      this.path.pop();
      if (Object.hasOwn(out, key)) this.recordDuplicate(out, key);
      out[key] = v;
      this.ws();
      const c = this.text[this.i++];
      if (c === '}') return out;
      if (c !== ',') {
        this.i--;
        this.fail('after object key:value pair');
      }
    }
  }

  private recordDuplicate(obj: object, key: string): void {
    const list = duplicatesByObject.get(obj);
    if (list) {
      if (!list.includes(key)) list.push(key);
    } else duplicatesByObject.set(obj, [key]);
    this.sawDuplicate = true;
  }
}

/** Renders a path as upstream's strict decoder does: `spec.template.spec.containers[0].name`. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s ? `.${p}` : p;
  }
  return s;
}

/** The 400 for a `__proto__` / `constructor` / `prototype` key at `path`. */
export function forbiddenKeyError(key: string, path: readonly (string | number)[]) {
  const where = formatFieldPath([...path, key]);
  return badRequest(`json: the object key ${JSON.stringify(key)} is not allowed (at "${where}")`);
}

/** Upstream's summary of a body in decode errors: JSON-looking text verbatim, anything else in hex; 30 bytes at most. */
export function summarizeBody(text: string, maxBytes = 30): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length === 0) return '<empty>';
  const head = bytes.subarray(0, maxBytes);
  const more = bytes.length > maxBytes ? ' ...' : '';
  if (text.startsWith('{')) return new TextDecoder().decode(head) + more;
  return [...head].map((b) => b.toString(16).padStart(2, '0')).join('') + more;
}

/**
 * Parses a JSON request body. Throws 400 BadRequest on a syntax error (`couldn't get version/kind;
 * json parse error: ...`, as kube-apiserver says; with `expectedKind`, wrapped as upstream's handler
 * wraps it: `the object provided is unrecognized (must be of type Pod): ... (<summary>)`) and on
 * `__proto__` / `constructor` / `prototype` keys. Duplicate keys do not throw here: they are
 * remembered on the parsed value and reported by decodeChecked according to the fieldValidation
 * mode (error, warning or nothing), as upstream does.
 */
export function parseJsonStrict(text: string, expectedKind?: string): unknown {
  try {
    return new Parser(text).parseDocument();
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const detail = `couldn't get version/kind; json parse error: ${e.message}`;
    if (!expectedKind) throw badRequest(detail);
    throw badRequest(`the object provided is unrecognized (must be of type ${expectedKind}): ${detail} (${summarizeBody(text)})`);
  }
}
