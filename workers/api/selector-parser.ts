/** The label selector string syntax, lexed and parsed as upstream's labels.Parse (same error texts). */
import { isQualifiedName } from './qualified-names';
import { makeRequirement, SelectorError, type Requirement, type RequirementOperator } from './selector-requirements';

// ---- lexer ----

type Tok =
  | 'ident' | 'eos' | 'error' | '!' | '!=' | '(' | ')' | ',' | '=' | '==' | '>' | '<' | 'in' | 'notin';

interface Item {
  tok: Tok;
  lit: string;
}

const symbolTokens = new Set(['!', '!=', '(', ')', ',', '=', '==', '>', '<']);
const isSpecial = (c: string): boolean => '=!(),><'.includes(c);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** Splits selector text into tokens as upstream's Lexer (longest symbol match, NUL ends input). */
export function lex(s: string): Item[] {
  const items: Item[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && isSpace(s[i])) i++;
    // Go's lexer reads a NUL byte as the end of input.
    if (i >= s.length || s[i] === '\0') {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    if (isSpecial(s[i])) {
      let buf = '';
      let last: Item | undefined;
      while (i < s.length && isSpecial(s[i])) {
        const next = buf + s[i];
        if (symbolTokens.has(next)) {
          last = { tok: next as Tok, lit: next };
        } else if (last) {
          break;
        }
        buf = next;
        i++;
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
      continue;
    }
    let j = i;
    while (j < s.length && s[j] !== '\0' && !isSpecial(s[j]) && !isSpace(s[j])) j++;
    const word = s.slice(i, j);
    i = j;
    items.push({ tok: word === 'in' || word === 'notin' ? word : 'ident', lit: word });
  }
}

// ---- parser (mirrors upstream's recursive descent, including its error texts) ----

// Upstream's wording, unbalanced quote included.
const expectedOperators = "'=', '!=', '==', 'in', notin'";

/** A recursive-descent parser over the lexed items. */
export class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  // In value context `in` and `notin` are ordinary identifiers.
  private look(values: boolean): Item {
    const it = this.items[Math.min(this.pos, this.items.length - 1)];
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'ident', lit: it.lit } : it;
  }

  private take(values: boolean): Item {
    const it = this.look(values);
    if (this.pos < this.items.length - 1) this.pos++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === 'eos') return reqs;
      if (tok !== 'ident' && tok !== '!') {
        throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      try {
        reqs.push(this.requirement());
      } catch (e) {
        throw new SelectorError(`unable to parse requirement: ${(e as Error).message}`);
      }
      const after = this.take(true);
      if (after.tok === 'eos') return reqs;
      if (after.tok !== ',') throw new SelectorError(`found '${after.lit}', expected: ',' or 'end of string'`);
      const next = this.look(true);
      if (next.tok !== 'ident' && next.tok !== '!') {
        throw new SelectorError(`found '${next.lit}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): Requirement {
    let first = this.take(true);
    let doesNotExist = false;
    if (first.tok === '!') {
      doesNotExist = true;
      first = this.take(true);
    }
    if (first.tok !== 'ident') throw new SelectorError(`found '${first.lit}', expected: identifier`);
    const key = first.lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new SelectorError(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
    const next = this.look(true).tok;
    if (next === 'eos' || next === ',') return makeRequirement(key, doesNotExist ? 'DoesNotExist' : 'Exists', []);
    if (doesNotExist) return makeRequirement(key, 'DoesNotExist', []);
    const op = this.operator();
    const values = op === 'In' || op === 'NotIn' ? this.setValues() : this.exactValue();
    return makeRequirement(key, op, values);
  }

  private operator(): RequirementOperator {
    const { tok, lit } = this.take(false);
    const ops: Partial<Record<Tok, RequirementOperator>> = {
      '=': '=', '==': '==', '>': 'Gt', '<': 'Lt', in: 'In', '!=': '!=', notin: 'NotIn',
    };
    const op = ops[tok];
    if (!op) throw new SelectorError(`found '${lit}', expected: ${expectedOperators}`);
    return op;
  }

  private setValues(): string[] {
    const open = this.take(true);
    if (open.tok !== '(') throw new SelectorError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.look(true);
    if (tok === ')') {
      this.take(true);
      return [''];
    }
    if (tok !== 'ident' && tok !== ',') throw new SelectorError(`found '${lit}', expected: ',', ')' or identifier`);
    const set = this.identifierList();
    if (this.take(true).tok !== ')') throw new SelectorError(`found '${lit}', expected: ')'`);
    return [...set].sort();
  }

  private identifierList(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const { tok, lit } = this.take(true);
      if (tok === 'ident') {
        set.add(lit);
        const next = this.look(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return set;
        throw new SelectorError(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === ',') {
        // Empty members, as in `(,a)`, `(a,)` and `(a,,b)`, stand for the empty value.
        if (set.size === 0) set.add('');
        const next = this.look(true).tok;
        if (next === ')') {
          set.add('');
          return set;
        }
        if (next === ',') {
          this.take(true);
          set.add('');
        }
      } else {
        throw new SelectorError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private exactValue(): string[] {
    const next = this.look(true).tok;
    if (next === 'eos' || next === ',') return [''];
    const { tok, lit } = this.take(true);
    if (tok === 'ident') return [lit];
    throw new SelectorError(`found '${lit}', expected: identifier`);
  }
}
