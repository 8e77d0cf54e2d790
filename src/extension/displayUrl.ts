/** A URL as people may see it, in logs, tooltips and the dashboard: without user name or password. No `vscode` import. */
export function displayUrl(url: string, unreadable = 'an unreadable URL'): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return decodeURI(u.toString());
  } catch {
    return unreadable;
  }
}
