// The dashboard webview's script (bundled to media/dist/dashboard.js, an IIFE loaded with the
// page's nonce). It renders the state it kept (so a reloaded window shows the panel at once),
// says `ready`, then follows the extension's messages. Every string from models, settings and
// errors goes into the page as text.
import { PATTERN_TITLES, PATTERNS } from '../../demos/types';
import { type DashboardState, type DemoChoice, type HostMessage, type RouterView, MAX_PROMPT_LENGTH, parseDashboardState } from '../protocol';
import { demoCard } from './demoView';
import { type DomControl, type DomElement, doc, h, uid, win } from './dom';
import { loadState, post, request, saveState, settle } from './host';
import { RecentList, liveSections } from './liveView';

const state: DashboardState = parseDashboardState(loadState()) ?? { version: 1, demos: [], open: [] };
const openRecords = new Set(state.open);

function save(): void {
  state.open = [...openRecords].filter((id) => state.router?.recent.some((r) => r.id === id) ?? true);
  saveState(state);
}

// ---- page skeleton (built once; only the data sections below are re-rendered) ----

const status = h('p', { class: 'status', attrs: { id: 'status', role: 'status', 'aria-live': 'polite' } });

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  status.textContent = text;
  status.classList.toggle('error', kind === 'error');
}

const demoButtons: DomControl[] = [];

function demoButton(choice: DemoChoice): DomControl {
  const label = choice === 'all' ? 'Run all five' : PATTERN_TITLES[choice];
  const button = h<DomControl>('button', { class: choice === 'all' ? 'primary' : 'secondary', attrs: { type: 'button', 'data-demo': choice } }, label);
  button.addEventListener('click', () => void runDemo(choice));
  demoButtons.push(button);
  return button;
}

async function runDemo(choice: DemoChoice): Promise<void> {
  for (const b of demoButtons) b.disabled = true;
  setStatus(`Running ${choice === 'all' ? 'all five demos' : `the ${PATTERN_TITLES[choice]} demo`}...`);
  try {
    const { results } = await request('runDemo', { pattern: choice });
    setStatus(results > 0 ? `Finished: ${choice === 'all' ? 'all five demos' : PATTERN_TITLES[choice]}. The results are below.` : 'The demo was cancelled.');
  } catch (err) {
    setStatus(`The demo failed: ${(err as Error).message}`, 'error');
  } finally {
    for (const b of demoButtons) b.disabled = false;
  }
}

function actionButton(label: string, action: () => Promise<void>): DomElement {
  const button = h<DomControl>('button', { class: 'secondary', attrs: { type: 'button' } }, label);
  button.addEventListener('click', () => {
    button.disabled = true;
    action()
      .catch((err: Error) => setStatus(err.message, 'error'))
      .finally(() => {
        button.disabled = false;
      });
  });
  return button;
}

const demoList = h('div', { class: 'demo-list', attrs: { id: 'demo-list' } });
const liveBody = h('div', { attrs: { id: 'live-body' } });
const recent = new RecentList(
  (id) => openRecords.has(id),
  (id, open) => {
    if (open) openRecords.add(id);
    else openRecords.delete(id);
    save();
  },
);

// ---- "Try a request": one prompt through the shared router, the answer shown as text ----

const routeSelect = h<DomControl>('select', { attrs: { id: uid('route'), name: 'route' } });
const promptInput = h<DomControl>('input', { attrs: { id: uid('prompt'), name: 'prompt', type: 'text', maxlength: MAX_PROMPT_LENGTH, placeholder: 'Ask something; it counts against this workspace’s quota', value: state.ask?.prompt ?? '' } });
const sendButton = h<DomControl>('button', { class: 'primary', attrs: { type: 'submit' } }, 'Send');
const answer = h('div', { class: 'answer', attrs: { id: 'answer', 'aria-live': 'polite' } });

function renderAnswer(): void {
  const a = state.ask;
  if (a?.answer) answer.replaceChildren(h('p', { class: 'answer-text' }, a.answer.text), h('p', { class: 'muted small' }, `Served by ${a.answer.servedBy} (${a.answer.recordId})`));
  else if (a?.error) answer.replaceChildren(h('p', { class: 'message error' }, a.error));
  else answer.replaceChildren();
}

const askForm = h(
  'form',
  { class: 'ask', attrs: { id: 'ask', 'aria-label': 'Try a request' } },
  h('label', { attrs: { for: routeSelect.id } }, 'Route'),
  routeSelect,
  h('label', { attrs: { for: promptInput.id } }, 'Prompt'),
  promptInput,
  sendButton,
);
askForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const prompt = promptInput.value.trim();
  if (!prompt) return;
  const route = routeSelect.value;
  sendButton.disabled = true;
  state.ask = { route, prompt };
  renderAnswer();
  answer.replaceChildren(h('p', { class: 'muted' }, `Sending to route ${route}...`));
  request('ask', { route, prompt })
    .then((a) => {
      state.ask = { route, prompt, answer: a };
    })
    .catch((err: Error) => {
      state.ask = { route, prompt, error: err.message };
    })
    .finally(() => {
      sendButton.disabled = false;
      renderAnswer();
      save();
    });
});

let shownRoutes: string | undefined;

function renderRouteOptions(view: RouterView): void {
  const names = view.routes.map((r) => r.name);
  const current = routeSelect.value || state.ask?.route || view.defaultRoute;
  if (names.join('\n') !== shownRoutes) {
    shownRoutes = names.join('\n');
    routeSelect.replaceChildren(...names.map((n) => h('option', { attrs: { value: n } }, n)));
  }
  routeSelect.value = names.includes(current) ? current : view.defaultRoute;
  routeSelect.disabled = names.length === 0;
  sendButton.disabled = names.length === 0;
}

// ---- rendering the data ----

function renderDemos(): void {
  if (state.demos.length === 0) {
    demoList.replaceChildren(h('p', { class: 'empty' }, 'No demo has run yet. Run one with the buttons above, from the command palette ("Resilient LLM: Run Pattern Demo") or in chat ("@bedrock /demo fallback"): its results appear here, next to the numbers the seed published.'));
    return;
  }
  demoList.replaceChildren(...state.demos.map(demoCard));
}

function renderLive(): void {
  const view = state.router;
  if (!view) {
    liveBody.replaceChildren(h('p', { class: 'muted' }, 'Waiting for the extension...'));
    return;
  }
  liveBody.replaceChildren(...liveSections(view));
  renderRouteOptions(view);
  recent.update(view.recent);
}

function onMessage(message: HostMessage): void {
  switch (message.type) {
    case 'router':
      state.router = message.view;
      renderLive();
      save();
      break;
    case 'demos':
      state.demos = message.results;
      renderDemos();
      save();
      break;
    case 'demoProgress': {
      const l = message.line;
      setStatus(`${PATTERN_TITLES[message.pattern]}: ${message.completed} request${message.completed === 1 ? '' : 's'} done; request ${l.request} ${l.outcome}${l.target ? ` on ${l.target}` : ''}${l.region ? ` (${l.region})` : ''}${l.tenant && message.pattern === 'quota-isolation' ? ` for ${l.tenant}` : ''}.`);
      break;
    }
    case 'reply':
      settle(message);
      break;
  }
}

const app = doc.getElementById('app')!;
app.replaceChildren(
  h(
    'header',
    { class: 'top' },
    h('h1', undefined, 'Resilient LLM for Amazon Bedrock'),
    h(
      'div',
      { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Dashboard actions' } },
      h('div', { class: 'group', attrs: { role: 'group', 'aria-label': 'Run a pattern demo' } }, h('span', { class: 'group-label' }, 'Run a demo:'), ...PATTERNS.map(demoButton), demoButton('all')),
      h(
        'div',
        { class: 'group', attrs: { role: 'group', 'aria-label': 'Router' } },
        actionButton('Reset statistics', async () => {
          const { reset } = await request('resetStatistics', {});
          setStatus(reset ? 'Statistics reset (limits and cooldowns stay in force).' : 'Nothing to reset: the settings are invalid.');
        }),
        actionButton('Open settings (JSON)', async () => {
          await request('openSettings', {});
        }),
      ),
    ),
    status,
  ),
  h('section', { attrs: { 'aria-labelledby': 'demos-heading' } }, h('h2', { attrs: { id: 'demos-heading' } }, 'Pattern demos'), demoList),
  h(
    'section',
    { attrs: { 'aria-labelledby': 'live-heading' } },
    h('h2', { attrs: { id: 'live-heading' } }, 'Live router'),
    liveBody,
    h('h3', undefined, 'Try a request'),
    askForm,
    answer,
    h('h3', undefined, 'Recent requests'),
    h('p', { class: 'muted small' }, 'Newest first. Open one to see its attempt path: each target tried and why others were passed over.'),
    recent.element,
  ),
);
renderDemos();
renderLive();
renderAnswer();
app.removeAttribute('aria-busy');

win.addEventListener('message', (event) => {
  const data = event.data as HostMessage | undefined;
  if (data && typeof data === 'object' && typeof data.type === 'string') onMessage(data);
});
post({ type: 'ready' });
