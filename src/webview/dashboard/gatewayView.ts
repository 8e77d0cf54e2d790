/** The dashboard's "Gateway clients" section: which terminal tools used the gateway, and how it went. */
import type { GatewayView } from '../protocol';
import { type DomElement, h, uid } from './dom';
import { clockTime, count } from './format';

export function gatewaySection(gateway: GatewayView | undefined): DomElement[] {
  const id = uid('gateway');
  if (!gateway) return [h('h3', { attrs: { id } }, 'Gateway'), h('p', { class: 'muted' }, 'The gateway is not running (it runs in trusted workspaces unless resilientLlm.gateway.enabled is off).')];
  return [
    h('h3', { attrs: { id } }, 'Gateway clients'),
    h('p', { class: 'muted small' }, `Tools in the terminal and elsewhere reach your routes at ${gateway.endpoint} (Bedrock Runtime and OpenAI protocols). Run "Resilient LLM: Add Gateway Variables to Terminals" or "Copy Gateway Settings" to use it.`),
    gateway.clients.length === 0
      ? h('p', { class: 'muted', attrs: { 'data-gateway-clients': '0' } }, 'No client has used the gateway yet.')
      : h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'data gateway-clients', attrs: { 'aria-labelledby': id, 'data-gateway-clients': String(gateway.clients.length) } },
            h('thead', undefined, h('tr', undefined, ...['Client', 'Requests', 'Tokens', 'Workspace', 'Last request'].map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
            h(
              'tbody',
              undefined,
              ...gateway.clients.map((c) =>
                h(
                  'tr',
                  { attrs: { 'data-client': c.client } },
                  h('th', { attrs: { scope: 'row' } }, c.client),
                  h('td', { class: 'num nowrap' }, `${count(c.requests)}: ${count(c.succeeded)} ok · ${count(c.rateLimited)} limited · ${count(c.failed)} failed`),
                  h('td', { class: 'num nowrap' }, `${count(c.inputTokens)} in · ${count(c.outputTokens)} out`),
                  h('td', undefined, c.lastTenant),
                  h('td', { class: 'nowrap' }, clockTime(c.lastAt)),
                ),
              ),
            ),
          ),
        ),
  ];
}
