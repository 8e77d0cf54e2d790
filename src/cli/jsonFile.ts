import { type ParseError, type SyntaxKind, createScanner, printParseErrorCode, visit } from 'jsonc-parser';
import { dict } from '../core/dict';

/** jsonc-parser's `SyntaxKind` values (a const enum, which isolated modules cannot read). */
const TOKEN = { OpenBrace: 1, CloseBrace: 2, OpenBracket: 3, CloseBracket: 4, Comma: 5, String: 10, EOF: 17 } as const satisfies Record<string, SyntaxKind>;

/** Settings are a few levels deep (scenario rules perhaps eight); far deeper is a broken or hostile file. */
export const MAX_JSON_DEPTH = 64;

export class JsonTextError extends Error {
  override readonly name = 'JsonTextError';
}

export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function pathText(keys: ReadonlyArray<string | number>): string {
  let out = '';
  for (const k of keys) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out || 'the top level';
}

/**
 * Refuses text nested deeper than `MAX_JSON_DEPTH`, naming where. jsonc-parser parses
 * recursively, so thousands of levels end in "Maximum call stack size exceeded"; its
 * scanner is a loop, so this check is safe at any depth.
 */
function checkDepth(text: string): void {
  const scanner = createScanner(text, true);
  const frames: Array<{ array: boolean; index: number; key: string | undefined; label: string | number | undefined }> = [];
  for (let token: number = scanner.scan(); token !== TOKEN.EOF; token = scanner.scan()) {
    const top = frames.at(-1);
    if (token === TOKEN.OpenBrace || token === TOKEN.OpenBracket) {
      frames.push({ array: token === TOKEN.OpenBracket, index: 0, key: undefined, label: top === undefined ? undefined : top.array ? top.index : (top.key ?? '?') });
      if (frames.length > MAX_JSON_DEPTH) {
        const labels = frames.slice(1, 9).map((f) => f.label!);
        throw new JsonTextError(`nested more than ${MAX_JSON_DEPTH} levels deep at ${lineAndColumn(text, scanner.getTokenOffset())}, under ${pathText(labels)}${frames.length > 9 ? '…' : ''}; settings are never that deep: check that part of the file`);
      }
    } else if (token === TOKEN.CloseBrace || token === TOKEN.CloseBracket) {
      frames.pop();
    } else if (token === TOKEN.Comma && top) {
      if (top.array) top.index++;
      else top.key = undefined;
    } else if (token === TOKEN.String && top && !top.array && top.key === undefined) {
      top.key = scanner.getTokenValue();
    }
  }
}

/**
 * Parses settings.json-style text (comments and trailing commas allowed) into plain data
 * whose objects have no prototype: a key `"__proto__"` stays an ordinary key (that
 * validation can name), not a replaced prototype, and a name like `"constructor"` is
 * only found where the file wrote it.
 */
export function parseJsonc(text: string): unknown {
  checkDepth(text);
  const errors: ParseError[] = [];
  const stack: Array<Record<string, unknown> | unknown[]> = [];
  const keys: string[] = [];
  let root: unknown;
  const put = (value: unknown) => {
    const top = stack.at(-1);
    if (top === undefined) root = value;
    else if (Array.isArray(top)) top.push(value);
    else top[keys.at(-1)!] = value;
  };
  visit(
    text,
    {
      onObjectBegin: () => {
        const o = dict<unknown>();
        put(o);
        stack.push(o);
        keys.push('');
      },
      onObjectProperty: (name) => {
        keys[keys.length - 1] = name;
      },
      onObjectEnd: () => {
        stack.pop();
        keys.pop();
      },
      onArrayBegin: () => {
        const a: unknown[] = [];
        put(a);
        stack.push(a);
      },
      onArrayEnd: () => {
        stack.pop();
      },
      onLiteralValue: (value) => put(value),
      onError: (error, offset) => {
        errors.push({ error, offset, length: 0 });
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new JsonTextError(`not valid JSON (${printParseErrorCode(first.error)} at ${lineAndColumn(text, first.offset)})`);
  }
  return root;
}
