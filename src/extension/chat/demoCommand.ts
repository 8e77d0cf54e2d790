import type * as vscode from 'vscode';
import { abortSignalFor } from '../cancellation';
import { COMMANDS } from '../commands/ids';
import { DEMO_CHOICES, type DemoService, demoTitle, isDemoChoice } from '../demos';
import { chatErrorResult } from './errors';
import { type TurnMetadata } from './history';

const usage = () => `Run one of the five pattern demos: ${DEMO_CHOICES.map((c) => `\`/demo ${c}\``).join(', ')}.`;

/** `/demo <pattern>`: runs a demo and renders its tables. */
export async function demoCommand(request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken, demos: DemoService): Promise<vscode.ChatResult> {
  const arg = request.prompt.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const meta: TurnMetadata = { command: 'demo' };
  if (arg === '') {
    stream.markdown(usage());
    return { metadata: meta };
  }
  if (!isDemoChoice(arg)) return { errorDetails: { message: `There is no "${arg}" demo. ${usage()}` }, metadata: { ...meta, errorKind: 'invalid-request' } };
  const abort = abortSignalFor(token);
  try {
    stream.progress(`Running the ${demoTitle(arg)} demo...`);
    const run = await demos.run(arg, { signal: abort.signal, onLine: (l, pattern) => stream.progress(`${pattern} request ${l.request}: ${l.outcome}${l.target ? ` on ${l.target}` : ''}${l.region ? ` (${l.region})` : ''}`) });
    if (abort.signal.aborted) return { metadata: { ...meta, pattern: arg } };
    stream.markdown(run.markdown);
    stream.button({ command: COMMANDS.openDashboard, title: 'Open Dashboard' });
    return { metadata: { ...meta, pattern: arg } };
  } catch (err) {
    if (abort.signal.aborted) return { metadata: { ...meta, pattern: arg } };
    return chatErrorResult(err, stream, { ...meta, pattern: arg });
  } finally {
    abort.dispose();
  }
}
