import { randomBytes } from 'node:crypto';

export interface DashboardHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `asWebviewUri` of media/dist/dashboard.js and media/dashboard.css. */
  scriptUri: string;
  styleUri: string;
  /** A fresh nonce per page; the only way a script may run. */
  nonce?: string;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The Content-Security-Policy of the dashboard: nothing but our own files, and scripts only with the nonce. */
export function dashboardCsp(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `img-src ${cspSource} data:`, `style-src ${cspSource}`, `script-src 'nonce-${nonce}'`, `font-src ${cspSource}`].join('; ');
}

/**
 * The dashboard's page: an empty shell under a strict CSP. Everything visible is built by
 * media/dist/dashboard.js from messages and the saved state, as DOM nodes and text; no
 * data is ever written into this HTML.
 */
export function dashboardHtml(input: DashboardHtmlInput): string {
  const nonce = input.nonce ?? createNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(dashboardCsp(input.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>Resilient LLM Dashboard</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="muted">Loading the dashboard...</p></main>
<script nonce="${attr(nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
