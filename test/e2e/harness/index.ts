// The end-to-end harness API. Typical test:
//
//   import { useWorkbench, runCommand, waitForNotification } from './harness';
//   describe('demos', () => {
//     const wb = useWorkbench();
//     it('runs a demo', async () => {
//       await runCommand(wb().page, 'Resilient LLM: Run Demo');
//       await waitForNotification(wb().page, /finished/);
//     });
//   });
import { openWorkbench, type Workbench } from './workbench';

export { saveScreenshot, artifactsDir, slug } from './artifacts';
export { getSession, type E2eSession } from './session';
export { openWorkbench, waitForWorkbenchReady, type Workbench } from './workbench';
export { runCommand, openFile } from './palette';
export { readNotifications, waitForNotification, clearNotifications, type TextMatcher } from './notifications';
export { readStatusBar, waitForStatusBarItem, type StatusBarItem } from './statusBar';
export { openChat, sendChatMessage, readChatTurns, countChatTurns, waitForChatResponse, ask, type ChatTurn } from './chat';
export { findWebviewFrame, type WebviewQuery } from './webview';

/**
 * Opens a fresh workbench (new browser context) before the enclosing describe's tests and closes
 * it after them. Returns a getter: call it inside tests.
 */
export function useWorkbench(options: { folder?: string } = {}): () => Workbench {
  let workbench: Workbench | undefined;
  before(async function () {
    this.timeout(120_000);
    workbench = await openWorkbench({ ...options, name: this.test?.parent?.fullTitle() ?? 'workbench' });
  });
  after(async () => {
    await workbench?.close();
    workbench = undefined;
  });
  return () => {
    if (!workbench) throw new Error('the workbench is not open (useWorkbench() must be called inside describe())');
    return workbench;
  };
}
