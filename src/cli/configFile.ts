import { readFile } from 'node:fs/promises';
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { settingsFromFile } from '../router';

export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * Reads a settings-shaped file (settings.json syntax: comments and trailing commas
 * allowed) and returns the router settings in it (keys without the prefix).
 */
export async function loadSettingsFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new ConfigFileError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read it (${code ?? String(err)})`);
  }
  const errors: ParseError[] = [];
  const json: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new ConfigFileError(`${path}: not valid JSON (${printParseErrorCode(first.error)} at ${lineAndColumn(text, first.offset)})`);
  }
  try {
    return settingsFromFile(json);
  } catch (err) {
    throw new ConfigFileError(`${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
