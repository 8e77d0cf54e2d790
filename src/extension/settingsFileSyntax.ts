/**
 * Whether a settings.json parses. VS Code reads a broken settings file as far as it can and
 * says nothing to the extension, so a missing comma made the rest of our settings vanish while
 * `/routes` called them valid. jsonc-parser (VS Code's own JSON-with-comments parser) gives
 * each error's offset; each becomes a problem naming the file, line and column. No `vscode` import.
 */
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import type { ConfigProblem } from '../router';

/** What each jsonc-parser error code means to a person editing the file. */
const WHAT: Partial<Record<string, string>> = {
  CommaExpected: 'a comma is missing (between two entries)',
  ColonExpected: 'a colon is missing (after a key)',
  PropertyNameExpected: 'a key is expected (a trailing comma, or a key without quotes?)',
  ValueExpected: 'a value is expected',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'there is more after the end of the settings object',
  UnexpectedEndOfString: 'a string is not closed (a missing ")',
  UnexpectedEndOfComment: 'a comment is not closed',
  InvalidSymbol: 'there is a character that is not JSON here',
};

export interface SyntaxLocation {
  offset: number;
  line: number;
  column: number;
}

export function locationAt(text: string, offset: number): SyntaxLocation {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { offset, line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** The problem path of a file that does not parse: `.vscode/settings.json:12:5`. */
export function syntaxProblemPath(label: string, at: SyntaxLocation): string {
  return `${label}:${at.line}:${at.column}`;
}

/** `.vscode/settings.json:12:5` → the file's label and the position; undefined for a setting path. */
export function parseSyntaxProblemPath(path: string): { label: string; line: number; column: number } | undefined {
  const m = /^(.*settings\.json|.*\.code-workspace):(\d+):(\d+)$/.exec(path);
  return m ? { label: m[1]!, line: Number(m[2]), column: Number(m[3]) } : undefined;
}

/** Every syntax error of a settings file (`label` names it in each problem); empty when it parses. */
export function settingsSyntaxProblems(text: string, label: string): ConfigProblem[] {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.map((e) => {
    const code = printParseErrorCode(e.error);
    const at = locationAt(text, e.offset);
    return {
      path: syntaxProblemPath(label, at),
      message: `the file does not parse: ${WHAT[code] ?? code} at line ${at.line}, column ${at.column}. VS Code guesses around such an error, so the settings in force may not be the ones written there; fix the file`,
    };
  });
}
