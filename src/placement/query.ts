// A practical subset of ECS's cluster query language, for `memberOf` constraints, compiled once
// into a closure that is evaluated per candidate.
//
//   expression := or
//   or         := and (('or' | '||') and)*
//   and        := unary (('and' | '&&') unary)*
//   unary      := ('not' | '!') unary | '(' expression ')' | comparison
//   comparison := subject ('exists' | '!exists' | 'not_exists')
//              |  subject ('==' | 'equals' | '!=' | 'not_equals' | '=~' | 'matches' | '!~' | 'not_matches'
//                          | '>' | '>=' | '<' | '<=') value
//              |  subject ('in' | 'not_in' | '!in') '[' value (',' value)* ']'      (or parentheses)
//   subject    := 'attribute:' NAME | 'ec2InstanceId' | 'task:group' | 'runningTasksCount' | 'agentConnected'
//   value      := a bare word (letters, digits and . _ - : / * ?) or a quoted string ('…' or "…")
//
// Evaluation is three-valued, because ECS reports an instance that lacks the attribute a
// constraint names as `ATTRIBUTE`, not as a plain mismatch: a comparison on a missing attribute
// is MISSING; `and` is FALSE if any side is FALSE, else MISSING if any is; `or` is TRUE if any
// side is TRUE, else MISSING if any is; `not` keeps MISSING. `=~` is a JavaScript regular
// expression matched against the whole value. `<`, `>` compare as numbers when both sides are
// numbers, else as strings. `task:group == G` holds when the instance runs a live task of G.
import { PlacementParameterError } from './errors.js';
import type { InstanceView } from './types.js';

export const Q_FALSE = 0;
export const Q_TRUE = 1;
export const Q_MISSING = 2;
export type QueryValue = typeof Q_FALSE | typeof Q_TRUE | typeof Q_MISSING;

/** A compiled expression: TRUE, FALSE or MISSING for the instance at `pos`. */
export type CompiledQuery = (view: InstanceView, pos: number) => QueryValue;

export const MAX_EXPRESSION_LENGTH = 2000;

interface Token {
  kind: 'word' | 'string' | 'op' | 'punct' | 'end';
  text: string;
  col: number;
}

const OPS = ['==', '!=', '=~', '!~', '>=', '<=', '&&', '||', '>', '<'];
const BARE = /[A-Za-z0-9._\-:/*?]/;

function tokenize(src: string, where: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (msg: string, col: number): never => {
    throw new PlacementParameterError(`${where}: ${msg} at column ${col}.`);
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const col = i + 1;
    if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        text += src[j];
        j++;
      }
      if (j >= src.length) fail('unterminated quoted value', col);
      out.push({ kind: 'string', text, col });
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', text: op, col });
      i += op.length;
      continue;
    }
    if (c === '(' || c === ')' || c === '[' || c === ']' || c === ',') {
      out.push({ kind: 'punct', text: c, col });
      i++;
      continue;
    }
    if (c === '!') {
      // `!in`, `!exists`: one operator word; a lone `!` is `not`
      const m = /^!(in|exists)\b/.exec(src.slice(i));
      if (m) {
        out.push({ kind: 'word', text: m[0], col });
        i += m[0].length;
      } else {
        out.push({ kind: 'op', text: '!', col });
        i++;
      }
      continue;
    }
    if (BARE.test(c)) {
      let j = i;
      while (j < src.length && BARE.test(src[j]!)) j++;
      out.push({ kind: 'word', text: src.slice(i, j), col });
      i = j;
      continue;
    }
    fail(`unexpected character "${c}"`, col);
  }
  out.push({ kind: 'end', text: '', col: src.length + 1 });
  return out;
}

type Subject =
  | { kind: 'attribute'; name: string }
  | { kind: 'ec2InstanceId' }
  | { kind: 'taskGroup' }
  | { kind: 'runningTasksCount' }
  | { kind: 'agentConnected' };

const COMPARE: Record<string, string> = {
  '==': '==',
  equals: '==',
  '!=': '!=',
  not_equals: '!=',
  '=~': '=~',
  matches: '=~',
  '!~': '!~',
  not_matches: '!~',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
};

function compareValues(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

const bool = (b: boolean): QueryValue => (b ? Q_TRUE : Q_FALSE);

class Parser {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly where: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private fail(msg: string, tok: Token = this.peek()): never {
    const saw = tok.kind === 'end' ? 'the end of the expression' : `"${tok.text}"`;
    throw new PlacementParameterError(`${this.where}: ${msg}, found ${saw} at column ${tok.col}.`);
  }

  private isWord(t: Token, ...words: string[]): boolean {
    return t.kind === 'word' && words.includes(t.text);
  }

  parse(): CompiledQuery {
    if (this.peek().kind === 'end') this.fail('expected an expression');
    const q = this.or();
    if (this.peek().kind !== 'end') this.fail('expected "and", "or" or the end of the expression');
    return q;
  }

  private or(): CompiledQuery {
    return this.chain('or', '||', () => this.and(), Q_TRUE);
  }

  private and(): CompiledQuery {
    return this.chain('and', '&&', () => this.unary(), Q_FALSE);
  }

  /**
   * `operand (word|op operand)*`: `decisive` from any operand decides the whole (TRUE for or,
   * FALSE for and); else MISSING if any operand was missing, else the other truth value.
   */
  private chain(word: string, op: string, operand: () => CompiledQuery, decisive: QueryValue): CompiledQuery {
    const parts = [operand()];
    for (;;) {
      const t = this.peek();
      if (this.isWord(t, word) || (t.kind === 'op' && t.text === op)) {
        this.next();
        parts.push(operand());
      } else break;
    }
    if (parts.length === 1) return parts[0]!;
    const otherwise = decisive === Q_TRUE ? Q_FALSE : Q_TRUE;
    return (view, pos) => {
      let missing = false;
      for (const p of parts) {
        const v = p(view, pos);
        if (v === decisive) return decisive;
        if (v === Q_MISSING) missing = true;
      }
      return missing ? Q_MISSING : otherwise;
    };
  }

  private unary(): CompiledQuery {
    const t = this.peek();
    if (this.isWord(t, 'not') || (t.kind === 'op' && t.text === '!')) {
      this.next();
      const inner = this.unary();
      return (view, pos) => {
        const v = inner(view, pos);
        return v === Q_MISSING ? Q_MISSING : v === Q_TRUE ? Q_FALSE : Q_TRUE;
      };
    }
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      const inner = this.or();
      const close = this.peek();
      if (!(close.kind === 'punct' && close.text === ')')) this.fail('expected ")"');
      this.next();
      return inner;
    }
    return this.comparison();
  }

  private subject(): Subject {
    const t = this.peek();
    if (t.kind !== 'word') this.fail('expected a subject such as attribute:NAME, ec2InstanceId or task:group');
    this.next();
    if (t.text.startsWith('attribute:')) {
      const name = t.text.slice('attribute:'.length);
      if (name === '') this.fail('expected an attribute name after "attribute:"', t);
      return { kind: 'attribute', name };
    }
    switch (t.text) {
      case 'ec2InstanceId':
        return { kind: 'ec2InstanceId' };
      case 'task:group':
        return { kind: 'taskGroup' };
      case 'runningTasksCount':
        return { kind: 'runningTasksCount' };
      case 'agentConnected':
        return { kind: 'agentConnected' };
    }
    return this.fail('expected a subject such as attribute:NAME, ec2InstanceId or task:group', t);
  }

  private value(): string {
    const t = this.peek();
    if (t.kind !== 'word' && t.kind !== 'string') this.fail('expected a value');
    this.next();
    return t.text;
  }

  private list(): string[] {
    const open = this.peek();
    if (!(open.kind === 'punct' && (open.text === '[' || open.text === '('))) this.fail('expected a list such as [a, b]');
    this.next();
    const close = open.text === '[' ? ']' : ')';
    const out = [this.value()];
    for (;;) {
      const t = this.next();
      if (t.kind === 'punct' && t.text === close) return out;
      if (!(t.kind === 'punct' && t.text === ',')) this.fail(`expected "," or "${close}"`, t);
      out.push(this.value());
    }
  }

  private comparison(): CompiledQuery {
    const subject = this.subject();
    const opTok = this.peek();
    const word = opTok.kind === 'word' || opTok.kind === 'op' ? opTok.text : '';
    if (word === 'exists' || word === '!exists' || word === 'not_exists') {
      this.next();
      const want = word === 'exists';
      if (subject.kind !== 'attribute') return () => bool(want);
      const name = subject.name;
      return (view, pos) => bool((view.attribute(pos, name) !== undefined) === want);
    }
    if (word === 'in' || word === 'not_in' || word === '!in') {
      this.next();
      const values = this.list();
      const negate = word !== 'in';
      const eq = this.equality(subject, (v) => values.includes(v), values);
      return negate ? this.negate(eq) : eq;
    }
    const op = COMPARE[word];
    if (op === undefined || (opTok.kind !== 'word' && opTok.kind !== 'op')) {
      this.fail('expected an operator (==, !=, in, not_in, =~, !~, >, >=, <, <=, exists)');
    }
    this.next();
    const valueTok = this.peek();
    const value = this.value();
    switch (op) {
      case '==':
        return this.equality(subject, (v) => v === value, [value]);
      case '!=':
        return this.negate(this.equality(subject, (v) => v === value, [value]));
      case '=~':
      case '!~': {
        let re: RegExp;
        try {
          re = new RegExp(`^(?:${value})$`);
        } catch {
          return this.fail('expected a valid regular expression', valueTok);
        }
        const m = this.equality(subject, (v) => re.test(v), undefined);
        return op === '=~' ? m : this.negate(m);
      }
      default: {
        const test = (v: string): boolean => {
          const c = compareValues(v, value);
          return op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
        };
        if (subject.kind === 'taskGroup') this.fail('task:group takes ==, !=, in or not_in', opTok);
        return this.equality(subject, test, undefined);
      }
    }
  }

  private negate(q: CompiledQuery): CompiledQuery {
    return (view, pos) => {
      const v = q(view, pos);
      return v === Q_MISSING ? Q_MISSING : v === Q_TRUE ? Q_FALSE : Q_TRUE;
    };
  }

  /** `test` against the subject's value; `groups` lists the exact values for task:group. */
  private equality(subject: Subject, test: (v: string) => boolean, groups: readonly string[] | undefined): CompiledQuery {
    switch (subject.kind) {
      case 'attribute': {
        const name = subject.name;
        return (view, pos) => {
          const v = view.attribute(pos, name);
          return v === undefined ? Q_MISSING : bool(test(v));
        };
      }
      case 'ec2InstanceId':
        return (view, pos) => bool(test(view.ec2InstanceId(pos)));
      case 'runningTasksCount':
        return (view, pos) => bool(test(String(view.taskCount(pos))));
      case 'agentConnected':
        return (view, pos) => bool(test(String(view.isConnected(pos))));
      case 'taskGroup': {
        if (groups === undefined) this.fail('task:group takes ==, !=, in or not_in');
        const gs = groups;
        return (view, pos) => bool(gs.some((g) => view.groupCount(pos, g) > 0));
      }
    }
  }
}

/**
 * Compiles a cluster query language expression.
 * @param where names the expression in error messages, e.g. `placementConstraints[0].expression`.
 * @throws PlacementParameterError naming the column of the first mistake.
 */
export function compileQuery(expression: string, where = 'expression'): CompiledQuery {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new PlacementParameterError(`${where} can be at most ${MAX_EXPRESSION_LENGTH} characters.`);
  }
  return new Parser(tokenize(expression, where), where).parse();
}
