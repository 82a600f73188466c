import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { ApiError, AuthRequiredError, storeApiKey, storedApiKey } from './api';
import { clear, h } from './dom';
import { OverviewPage } from './overview';
import type { Page } from './page';
import { currentRoute, overviewHref } from './route';
import { ServicePage } from './service-page';

const banner = h('div', { class: 'banner', role: 'alert', hidden: true });
const authPanel = h('div', { class: 'auth', hidden: true });
const host = h('main', {});
let page: Page | null = null;

/** A 401 asks for the key once; other failures show in the banner until the next success. */
function showError(error: unknown): void {
  if (error instanceof AuthRequiredError) {
    showAuth(error.message);
    return;
  }
  banner.textContent = error instanceof ApiError ? error.message : `Unexpected error: ${String(error)}`;
  banner.hidden = false;
}

function showAuth(message: string): void {
  if (!authPanel.hidden) return;
  const input = h('input', { type: 'password', name: 'api-key', autocomplete: 'off', placeholder: 'API key', 'aria-label': 'API key' });
  const save = (event: Event) => {
    event.preventDefault();
    storeApiKey(input.value.trim());
    authPanel.hidden = true;
    route();
  };
  clear(authPanel);
  authPanel.append(
    h(
      'form',
      { onsubmit: save },
      h('strong', {}, 'This DriftWatch needs an API key. '),
      h('span', { class: 'muted' }, `(${message}) It is kept in this browser only and sent as X-API-Key.`),
      input,
      h('button', { type: 'submit' }, 'Save key'),
    ),
  );
  authPanel.hidden = false;
  input.focus();
}

function route(): void {
  page?.dispose();
  banner.hidden = true;
  clear(host);
  const r = currentRoute();
  page = r.page === 'service' ? new ServicePage(r.serviceId, r.params, showError) : new OverviewPage(r.params, showError);
  host.append(page.element);
  document.title = r.page === 'service' ? `${r.serviceId} · DriftWatch` : 'Services · DriftWatch';
}

function keyButton(): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'link',
      title: 'Forget the API key stored in this browser',
      onclick: () => {
        storeApiKey(null);
        route();
      },
    },
    'Forget API key',
  );
}

document.body.append(
  h('header', { class: 'top' }, h('a', { class: 'brand', href: overviewHref() }, 'DriftWatch'), h('nav', {}, h('a', { href: overviewHref() }, 'Services'), h('a', { href: '/docs' }, 'API docs'), storedApiKey() ? keyButton() : null)),
  authPanel,
  banner,
  host,
);
window.addEventListener('hashchange', route);
route();
