import * as vscode from 'vscode';
import type { ContentPart } from '../../providers/types';
import { type ImageFormat, MAX_IMAGE_BYTES, imageFormatOfMimeType, imageFormatOfPath } from '../../providers/images';

/** Most of one attached file that goes to the model; the rest is cut with a note. */
const MAX_CHARS = 20_000;

type ImagePart = Extract<ContentPart, { type: 'image' }>;

/** What one reference adds: context text, an image, or both (the image's name). */
interface Attached {
  text?: string;
  image?: ImagePart;
}

/** `ChatReferenceBinaryData` (a proposed API, so duck-typed): pasted images, when VS Code passes them on. */
interface BinaryData {
  mimeType: string;
  data(): Thenable<Uint8Array>;
}

function isBinaryData(value: unknown): value is BinaryData {
  return typeof value === 'object' && value !== null && typeof (value as BinaryData).mimeType === 'string' && typeof (value as BinaryData).data === 'function';
}

function clip(text: string): string {
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}\n[... ${text.length - MAX_CHARS} more characters not sent]` : text;
}

function image(name: string, format: ImageFormat, bytes: Uint8Array): Attached {
  if (bytes.byteLength > MAX_IMAGE_BYTES) return { text: `(${name} was not sent: ${(bytes.byteLength / 1e6).toFixed(1)} MB, and Bedrock takes images up to 3.75 MB)` };
  return { text: `(image attached: ${name})`, image: { type: 'image', format, bytes } };
}

async function attached(ref: vscode.ChatPromptReference): Promise<Attached | undefined> {
  const value = ref.value;
  if (typeof value === 'string') return { text: value };
  if (value instanceof vscode.Uri) {
    const name = vscode.workspace.asRelativePath(value);
    const format = imageFormatOfPath(value.path);
    if (format) return image(name, format, await vscode.workspace.fs.readFile(value));
    const doc = await vscode.workspace.openTextDocument(value);
    return { text: `${name}:\n\`\`\`${doc.languageId}\n${clip(doc.getText())}\n\`\`\`` };
  }
  if (value instanceof vscode.Location) {
    const doc = await vscode.workspace.openTextDocument(value.uri);
    return { text: `${vscode.workspace.asRelativePath(value.uri)} (lines ${value.range.start.line + 1}-${value.range.end.line + 1}):\n\`\`\`${doc.languageId}\n${clip(doc.getText(value.range))}\n\`\`\`` };
  }
  if (isBinaryData(value)) {
    const format = imageFormatOfMimeType(value.mimeType);
    if (format) return image(ref.id, format, await value.data());
  }
  return undefined;
}

/**
 * The user's turn: the question with what they attached (#file, a selection, ...) appended
 * as context, and attached images as image parts (the router sends them to targets whose
 * model takes images). A reference that cannot be read is named, not fatal.
 */
export async function userContent(request: vscode.ChatRequest): Promise<ContentPart[]> {
  const texts: string[] = [];
  const images: ImagePart[] = [];
  for (const ref of request.references) {
    try {
      const a = await attached(ref);
      if (a?.text) texts.push(a.text);
      if (a?.image) images.push(a.image);
    } catch (err) {
      texts.push(`(${ref.id} could not be read: ${err instanceof Error ? err.message : String(err)})`);
    }
  }
  // The question first and on its own, then what was attached: a model (and the simulator, which quotes the question) can tell them apart.
  const context: ContentPart[] = texts.length === 0 ? [] : [{ type: 'text', text: `Context the user attached:\n\n${texts.join('\n\n')}` }];
  const question: ContentPart[] = request.prompt.trim() === '' && context.length + images.length > 0 ? [] : [{ type: 'text', text: request.prompt }];
  return [...question, ...context, ...images];
}
