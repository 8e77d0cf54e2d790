// Shared by the extension's host tests: the extension's API, settings written and restored,
// a recording ChatResponseStream, and waiting with a deadline.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ResilientLlmApi } from '../../../src/extension/api';
import type { SettingsState } from '../../../src/extension/settings';
import type { RequestRecord } from '../../../src/router';

export const EXTENSION_ID = 'resilient-llm.resilient-llm-bedrock';
export const VENDOR = 'resilient-llm';

export async function extensionApi(): Promise<ResilientLlmApi> {
  const extension = vscode.extensions.getExtension<ResilientLlmApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  return extension.isActive ? extension.exports : extension.activate();
}

export function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('resilientLlm');
}

/** Resolves with `value()` once it is truthy; fails with `what` after `ms`. */
export async function eventually<T>(value: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = value();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The next settings re-read (subscribe before changing anything). */
export function nextSettings(api: ResilientLlmApi, ms = 10_000): Promise<SettingsState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no settings change within ${ms} ms`));
    }, ms);
    const sub = api.onDidChangeSettings((s) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });
}

/** Changes a setting and waits until the extension has re-read the settings. */
export async function setSetting(api: ResilientLlmApi, key: string, value: unknown, target: vscode.ConfigurationTarget): Promise<SettingsState> {
  const i = config().inspect(key);
  const current = target === vscode.ConfigurationTarget.Global ? i?.globalValue : i?.workspaceValue;
  if (JSON.stringify(current) === JSON.stringify(value)) return api.settings(); // no change, no event
  const changed = nextSettings(api);
  await config().update(key, value, target);
  return changed;
}

/** The next finished request record. */
export function nextRecord(api: ResilientLlmApi, ms = 20_000): Promise<RequestRecord> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no request record within ${ms} ms`));
    }, ms);
    const sub = api.router().onRecord((r) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

export function workspaceSettingsFile(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the sample workspace is not open');
  return path.join(folder.uri.fsPath, '.vscode', 'settings.json');
}

/**
 * Saves the sample workspace's settings.json before the suite and writes it back, byte for
 * byte, after it (it is a file in the repository). User settings live in code-server's
 * throwaway user-data folder; the keys given are cleared after the suite.
 */
export function restoreSettingsAfterSuite(userKeys: readonly string[] = []): void {
  let original = '';
  before(() => {
    original = fs.readFileSync(workspaceSettingsFile(), 'utf8');
  });
  after(async () => {
    const api = await extensionApi();
    for (const key of userKeys) if (config().inspect(key)?.globalValue !== undefined) await setSetting(api, key, undefined, vscode.ConfigurationTarget.Global);
    if (fs.readFileSync(workspaceSettingsFile(), 'utf8') !== original) {
      const changed = nextSettings(api);
      fs.writeFileSync(workspaceSettingsFile(), original);
      await changed;
    }
  });
}

/** A ChatResponseStream that records what the participant gives it. */
export class RecordingStream implements vscode.ChatResponseStream {
  readonly markdowns: string[] = [];
  readonly progressMessages: string[] = [];
  readonly buttons: vscode.Command[] = [];

  get text(): string {
    return this.markdowns.join('');
  }

  markdown(value: string | vscode.MarkdownString): void {
    this.markdowns.push(typeof value === 'string' ? value : value.value);
  }
  anchor(): void {}
  button(command: vscode.Command): void {
    this.buttons.push(command);
  }
  filetree(): void {}
  progress(value: string): void {
    this.progressMessages.push(value);
  }
  reference(): void {}
  push(part: vscode.ChatResponsePart): void {
    if (part instanceof vscode.ChatResponseMarkdownPart) this.markdown(part.value);
  }
}

/** A chat request as VS Code would pass it to `@bedrock`'s handler. */
export function chatRequest(prompt: string, options: { command?: string; model?: vscode.LanguageModelChat } = {}): vscode.ChatRequest {
  return { prompt, command: options.command, references: [], toolReferences: [], toolInvocationToken: undefined as never, model: options.model as vscode.LanguageModelChat } as vscode.ChatRequest;
}

/** The route's language model; waits for VS Code to pick up a route that was just added. */
export async function routeModel(route: string): Promise<vscode.LanguageModelChat> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const [model] = await vscode.lm.selectChatModels({ vendor: VENDOR, id: route });
    if (model) return model;
    if (Date.now() > deadline) throw new Error(`no language model for route ${route}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads a language model's streamed response: its text and its tool calls. */
export async function readResponse(response: vscode.LanguageModelChatResponse): Promise<{ text: string; toolCalls: vscode.LanguageModelToolCallPart[] }> {
  let text = '';
  const toolCalls: vscode.LanguageModelToolCallPart[] = [];
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    else if (part instanceof vscode.LanguageModelToolCallPart) toolCalls.push(part);
  }
  return { text, toolCalls };
}
