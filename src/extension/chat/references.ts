import * as vscode from 'vscode';

/** Most of one attached file that goes to the model; the rest is cut with a note. */
const MAX_CHARS = 20_000;

function clip(text: string): string {
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}\n[... ${text.length - MAX_CHARS} more characters not sent]` : text;
}

async function referenceText(ref: vscode.ChatPromptReference): Promise<string | undefined> {
  const value = ref.value;
  if (typeof value === 'string') return value;
  if (value instanceof vscode.Uri) {
    const doc = await vscode.workspace.openTextDocument(value);
    return `${vscode.workspace.asRelativePath(value)}:\n\`\`\`${doc.languageId}\n${clip(doc.getText())}\n\`\`\``;
  }
  if (value instanceof vscode.Location) {
    const doc = await vscode.workspace.openTextDocument(value.uri);
    return `${vscode.workspace.asRelativePath(value.uri)} (lines ${value.range.start.line + 1}-${value.range.end.line + 1}):\n\`\`\`${doc.languageId}\n${clip(doc.getText(value.range))}\n\`\`\``;
  }
  return undefined;
}

/**
 * The question with what the user attached (#file, a selection, ...) appended as context.
 * A reference that cannot be read is named, not fatal.
 */
export async function promptWithReferences(request: vscode.ChatRequest): Promise<string> {
  const parts: string[] = [];
  for (const ref of request.references) {
    try {
      const text = await referenceText(ref);
      if (text) parts.push(text);
    } catch (err) {
      parts.push(`(${ref.id} could not be read: ${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return parts.length === 0 ? request.prompt : `${request.prompt}\n\nContext the user attached:\n\n${parts.join('\n\n')}`;
}
