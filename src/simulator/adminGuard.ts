/**
 * Who may use the admin API. It has no credentials (it is a test tool on loopback), so it
 * must not be reachable from a web page the user happens to visit: a page can POST
 * `text/plain` cross-origin without a preflight, and DNS rebinding can point a page's own
 * name at 127.0.0.1. So (as OWASP's CSRF and DNS-rebinding advice goes, and as a local
 * gateway must):
 * - the Host header must name loopback (`127.0.0.1`, `localhost`, `[::1]`), which a
 *   rebinding attack cannot forge: the browser sends the attacker's host name;
 * - any request a browser marks as coming from a page is refused: one with an `Origin`
 *   header (browsers send it on every cross-origin request and every POST) or with
 *   `Sec-Fetch-Site` other than `none`. Tools (the SDK, curl, Node's fetch) send neither.
 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostName(host: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host.trim().toLowerCase());
  return m?.[1] ?? '';
}

/** Why an admin request is refused, or undefined when it may go on. */
export function adminRefusal(headers: Readonly<Record<string, string>>): string | undefined {
  const host = headers.host;
  if (!host || !LOOPBACK_HOSTS.has(hostName(host))) {
    return `The admin API answers only requests addressed to 127.0.0.1, localhost or [::1] (Host: ${host ? JSON.stringify(host.slice(0, 100)) : 'missing'}).`;
  }
  if (headers.origin !== undefined) return 'The admin API does not answer requests from web pages (an Origin header was sent). Call it from a tool or a test, not a browser.';
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'none') return `The admin API does not answer requests from web pages (Sec-Fetch-Site: ${site.slice(0, 20)}). Call it from a tool or a test, not a browser.`;
  return undefined;
}
