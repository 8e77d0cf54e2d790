/**
 * A small, honest subset of the CloudWatch Logs Insights query language:
 *   fields a, b | filter f like /re/ | filter f like "text" | filter f = "v" (or !=, <, >, and)
 *   | stats count(*) as n, sum(f), avg(f), min(f), max(f) by g, h | sort f [asc|desc] | limit N
 * Anything else is a MalformedQueryException, not a silent guess.
 */
import { SimError } from './errors';

export type LogFields = Readonly<Record<string, string | number | undefined>>;
export type ResultRow = Array<{ field: string; value: string }>;

type Token = { kind: 'word' | 'string' | 'regex' | 'number' | 'punct'; text: string; flags?: string };

function malformed(detail: string): SimError {
  return new SimError('MalformedQueryException', `Query is malformed: ${detail}`);
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const prev = () => tokens[tokens.length - 1]?.text.toLowerCase();
  while (i < query.length) {
    const c = query[i] ?? '';
    if (/\s/.test(c)) i++;
    else if (c === '/' && (prev() === 'like' || prev() === '=~')) {
      let j = i + 1;
      while (j < query.length && query[j] !== '/') j += query[j] === '\\' ? 2 : 1;
      if (j >= query.length) throw malformed('unterminated regular expression');
      const flags = /^[a-z]*/.exec(query.slice(j + 1))?.[0] ?? '';
      tokens.push({ kind: 'regex', text: query.slice(i + 1, j), flags });
      i = j + 1 + flags.length;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let text = '';
      while (j < query.length && query[j] !== c) {
        if (query[j] === '\\') j++;
        text += query[j] ?? '';
        j++;
      }
      if (j >= query.length) throw malformed('unterminated string');
      tokens.push({ kind: c === '`' ? 'word' : 'string', text });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const text = /^[0-9.]+/.exec(query.slice(i))?.[0] ?? c;
      tokens.push({ kind: 'number', text });
      i += text.length;
    } else if (/[A-Za-z_@$]/.test(c)) {
      const text = /^[A-Za-z0-9_@$.-]+/.exec(query.slice(i))?.[0] ?? c;
      tokens.push({ kind: 'word', text });
      i += text.length;
    } else {
      const two = query.slice(i, i + 2);
      const text = ['!=', '=~', '<=', '>='].includes(two) ? two : c;
      if (!'|(),*=<>!'.includes(text[0] ?? '')) throw malformed(`unexpected character '${c}'`);
      tokens.push({ kind: 'punct', text });
      i += text.length;
    }
  }
  return tokens;
}

type Condition = (r: LogFields) => boolean;
type Aggregate = { fn: 'count' | 'sum' | 'avg' | 'min' | 'max'; field?: string; alias: string };
export type Command =
  | { type: 'fields'; fields: string[] }
  | { type: 'filter'; test: Condition }
  | { type: 'stats'; aggregates: Aggregate[]; by: string[] }
  | { type: 'sort'; field: string; desc: boolean }
  | { type: 'limit'; n: number };

class Parser {
  private i = 0;
  constructor(private readonly t: Token[]) {}
  peek(): Token | undefined {
    return this.t[this.i];
  }
  next(what: string): Token {
    const tok = this.t[this.i++];
    if (!tok) throw malformed(`expected ${what} at the end of the query`);
    return tok;
  }
  word(what: string): string {
    const tok = this.next(what);
    if (tok.kind !== 'word') throw malformed(`expected ${what}, found '${tok.text}'`);
    return tok.text;
  }
  accept(text: string): boolean {
    if (this.peek()?.text.toLowerCase() !== text) return false;
    this.i++;
    return true;
  }
  done(): boolean {
    return this.i >= this.t.length || this.peek()?.text === '|';
  }
  list<T>(item: () => T): T[] {
    const out = [item()];
    while (this.accept(',')) out.push(item());
    return out;
  }
  condition(): Condition {
    const field = this.word('a field name');
    const op = this.next('an operator').text.toLowerCase();
    const value = this.next('a value');
    let test: Condition;
    if (op === 'like' || op === '=~') {
      const re = value.kind === 'regex' ? new RegExp(value.text, value.flags) : undefined;
      test = (r) => (re ? re.test(String(r[field] ?? '')) : String(r[field] ?? '').includes(value.text));
    } else if (['=', '!=', '<', '>', '<=', '>='].includes(op)) {
      const cmp = (a: string | number | undefined) => compareValues(a === undefined ? '' : String(a), value.text);
      const ops: Record<string, (n: number) => boolean> = { '=': (n) => n === 0, '!=': (n) => n !== 0, '<': (n) => n < 0, '>': (n) => n > 0, '<=': (n) => n <= 0, '>=': (n) => n >= 0 };
      const check = ops[op] ?? (() => false);
      test = (r) => check(cmp(r[field]));
    } else throw malformed(`unsupported operator '${op}'`);
    if (this.accept('and')) {
      const rest = this.condition();
      return (r) => test(r) && rest(r);
    }
    return test;
  }
  aggregate(): Aggregate {
    const fn = this.word('a function').toLowerCase();
    if (!['count', 'sum', 'avg', 'min', 'max'].includes(fn)) throw malformed(`unsupported function '${fn}'`);
    if (!this.accept('(')) throw malformed(`expected '(' after ${fn}`);
    const arg = this.next('an argument');
    if (!this.accept(')')) throw malformed(`expected ')' after ${fn}(${arg.text}`);
    const field = arg.text === '*' ? undefined : arg.text;
    if (!field && fn !== 'count') throw malformed(`${fn}(*) is not allowed`);
    const alias = this.accept('as') ? this.word('an alias') : `${fn}(${arg.text})`;
    return { fn: fn as Aggregate['fn'], field, alias };
  }
  command(): Command {
    const name = this.word('a command').toLowerCase();
    switch (name) {
      case 'fields':
        return { type: 'fields', fields: this.list(() => this.word('a field name')) };
      case 'filter':
        return { type: 'filter', test: this.condition() };
      case 'stats': {
        const aggregates = this.list(() => this.aggregate());
        return { type: 'stats', aggregates, by: this.accept('by') ? this.list(() => this.word('a field name')) : [] };
      }
      case 'sort': {
        const field = this.word('a field name');
        const desc = this.accept('desc');
        if (!desc) this.accept('asc');
        return { type: 'sort', field, desc };
      }
      case 'limit': {
        const n = this.next('a number');
        if (n.kind !== 'number' || !/^\d+$/.test(n.text)) throw malformed(`limit needs a whole number, found '${n.text}'`);
        return { type: 'limit', n: Number(n.text) };
      }
      default:
        throw malformed(`unsupported command '${name}'`);
    }
  }
}

export function parseQuery(query: string): Command[] {
  const p = new Parser(tokenize(query));
  const commands: Command[] = [];
  do {
    commands.push(p.command());
    if (!p.done()) throw malformed(`unexpected '${p.peek()?.text ?? ''}' after a ${commands[commands.length - 1]?.type} command`);
  } while (p.accept('|'));
  if (p.peek()) throw malformed(`unexpected '${p.peek()?.text ?? ''}'`);
  return commands;
}

/** Natural order as Logs Insights sorts: non-number values first, then numbers by value. */
export function compareValues(a: string, b: string): number {
  const an = /^-?\d+(\.\d+)?$/.test(a);
  const bn = /^-?\d+(\.\d+)?$/.test(b);
  if (an && bn) return Number(a) - Number(b);
  if (an !== bn) return an ? 1 : -1;
  return a.localeCompare(b, 'en', { numeric: true });
}

function aggregateValue(agg: Aggregate, rows: LogFields[]): string {
  if (agg.fn === 'count') return String(agg.field ? rows.filter((r) => r[agg.field ?? ''] !== undefined).length : rows.length);
  const nums = rows.map((r) => Number(r[agg.field ?? ''])).filter((n) => Number.isFinite(n));
  if (nums.length === 0) return '';
  const sum = nums.reduce((a, b) => a + b, 0);
  const value = agg.fn === 'sum' ? sum : agg.fn === 'avg' ? sum / nums.length : agg.fn === 'min' ? nums.reduce((a, b) => Math.min(a, b)) : nums.reduce((a, b) => Math.max(a, b));
  return String(value);
}

/** Runs parsed commands over records; values come back as strings, as Logs Insights returns them. */
export function runQuery(commands: Command[], records: LogFields[], defaultFields: string[]): { rows: ResultRow[]; matched: number } {
  let rows: Array<Record<string, string | number | undefined>> = records.map((r) => ({ ...r }));
  let fields = defaultFields;
  let matched = records.length;
  for (const c of commands) {
    if (c.type === 'fields') fields = c.fields;
    else if (c.type === 'filter') {
      rows = rows.filter(c.test);
      matched = rows.length;
    } else if (c.type === 'stats') {
      const groups = new Map<string, Array<Record<string, string | number | undefined>>>();
      for (const r of rows) {
        const key = JSON.stringify(c.by.map((f) => r[f] ?? null));
        const group = groups.get(key);
        if (group) group.push(r);
        else groups.set(key, [r]);
      }
      rows = [...groups.values()].map((g) => ({ ...Object.fromEntries(c.by.map((f) => [f, g[0]?.[f]])), ...Object.fromEntries(c.aggregates.map((a) => [a.alias, aggregateValue(a, g)])) }));
      fields = [...c.by, ...c.aggregates.map((a) => a.alias)];
    } else if (c.type === 'sort') rows.sort((a, b) => compareValues(String(a[c.field] ?? ''), String(b[c.field] ?? '')) * (c.desc ? -1 : 1));
    else rows = rows.slice(0, c.n);
  }
  return { rows: rows.map((r) => fields.filter((f) => r[f] !== undefined).map((f) => ({ field: f, value: String(r[f]) }))), matched };
}
