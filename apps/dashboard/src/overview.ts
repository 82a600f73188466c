import { getJson, withQuery } from './api';
import type { DriftEvent, EventList, ServiceSummary, TelemetrySeries } from './api-types';
import { clear, h } from './dom';
import { ago, duration, localTime, reasonText, stateText } from './format';
import { DEFAULT_REFRESH, Page, REFRESH_CHOICES, refreshMs } from './page';
import { replaceParams, serviceHref } from './route';
import { sparkline } from './sparkline';

/** Drift first, then learning, then stable: what needs a look comes first. */
const STATE_RANK: Record<string, number> = { DRIFT_DETECTED: 0, INSUFFICIENT_DATA: 1, STABLE: 2 };
const SORTS = ['state', 'name', 'since', 'samples', 'drift'] as const;
type SortKey = (typeof SORTS)[number];
/** Sparklines are drawn for this many rows (the top of the sorted list): one request each. */
const SPARKLINE_ROWS = 100;
const SPARKLINE_RANGE_MS = 3_600_000;
const SPARKLINE_PARALLEL = 4;
/** Drift onsets read per refresh to name each service's last drift. */
const DRIFT_EVENTS_READ = 1000;

interface Row {
  service: ServiceSummary;
  lastDrift: DriftEvent | null;
}

export class OverviewPage implements Page {
  readonly element: HTMLElement;
  private readonly summary = h('div', { class: 'summary' });
  private readonly tableHost = h('div', { class: 'table-host' });
  private readonly status = h('span', { class: 'muted' });
  private readonly search: HTMLInputElement;
  private rows: Row[] = [];
  /** Whether the drift onsets read were all there are (else an absent one may be older). */
  private driftsComplete = true;
  private sparks = new Map<string, (number | null)[]>();
  private timer: number | undefined;
  private disposed = false;

  constructor(
    private readonly params: URLSearchParams,
    private readonly onError: (error: unknown) => void,
  ) {
    this.search = h('input', { type: 'search', placeholder: 'Filter services…', value: params.get('q') ?? '', 'aria-label': 'Filter services', oninput: () => this.setParam('q', this.search.value) });
    const stateSelect = h(
      'select',
      { 'aria-label': 'State', onchange: (e) => this.setParam('state', (e.target as HTMLSelectElement).value) },
      ...[['', 'All states'], ['DRIFT_DETECTED', 'Drift'], ['STABLE', 'Stable'], ['INSUFFICIENT_DATA', 'Learning']].map(([v, label]) =>
        h('option', { value: v, selected: (params.get('state') ?? '') === v }, label),
      ),
    );
    const refreshSelect = h(
      'select',
      { 'aria-label': 'Refresh every', onchange: (e) => this.setParam('refresh', (e.target as HTMLSelectElement).value, true) },
      ...REFRESH_CHOICES.map((c) => h('option', { value: c.key, selected: (params.get('refresh') ?? DEFAULT_REFRESH) === c.key }, c.label)),
    );
    this.element = h(
      'section',
      { class: 'overview' },
      h('div', { class: 'toolbar' }, h('h1', {}, 'Services'), this.search, stateSelect, h('label', { class: 'muted' }, 'Refresh ', refreshSelect), this.status),
      this.summary,
      this.tableHost,
    );
    void this.load();
  }

  dispose(): void {
    this.disposed = true;
    window.clearTimeout(this.timer);
  }

  private setParam(name: string, value: string, reschedule = false): void {
    if (value) this.params.set(name, value);
    else this.params.delete(name);
    replaceParams(this.params);
    if (reschedule) this.schedule();
    this.render();
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    const every = refreshMs(this.params);
    if (every > 0 && !this.disposed) this.timer = window.setTimeout(() => void this.load(), every);
  }

  private async load(): Promise<void> {
    try {
      const [services, drifts] = await Promise.all([
        getJson<{ services: ServiceSummary[] }>('/v1/services'),
        getJson<EventList>(withQuery('/v1/events', { state: 'DRIFT_DETECTED', limit: DRIFT_EVENTS_READ })),
      ]);
      if (this.disposed) return;
      const last = new Map<string, DriftEvent>();
      for (const e of drifts.body.events) if (!last.has(e.service_id)) last.set(e.service_id, e);
      this.driftsComplete = drifts.body.next_before === null;
      this.rows = services.body.services.map((service) => ({ service, lastDrift: last.get(service.service_id) ?? null }));
      this.status.textContent = `Updated ${localTime(Date.now()).slice(11)}`;
      this.render();
      await this.loadSparklines();
    } catch (error) {
      this.onError(error);
    } finally {
      this.schedule();
    }
  }

  private visibleRows(): Row[] {
    const q = (this.params.get('q') ?? '').trim().toLowerCase();
    const state = this.params.get('state') ?? '';
    const sort = (SORTS as readonly string[]).includes(this.params.get('sort') ?? '') ? (this.params.get('sort') as SortKey) : 'state';
    const dir = this.params.get('dir') === 'desc' ? -1 : 1;
    const since = (r: Row) => (r.service.transition_timestamp ? Date.parse(r.service.transition_timestamp) : 0);
    const compare: Record<SortKey, (a: Row, b: Row) => number> = {
      state: (a, b) => STATE_RANK[a.service.state] - STATE_RANK[b.service.state] || since(b) - since(a),
      name: (a, b) => a.service.service_id.localeCompare(b.service.service_id),
      since: (a, b) => since(a) - since(b),
      samples: (a, b) => b.service.samples_total - a.service.samples_total,
      drift: (a, b) => (b.lastDrift ? Date.parse(b.lastDrift.timestamp) : 0) - (a.lastDrift ? Date.parse(a.lastDrift.timestamp) : 0),
    };
    return this.rows
      .filter((r) => (!q || r.service.service_id.toLowerCase().includes(q)) && (!state || r.service.state === state))
      .sort((a, b) => dir * compare[sort](a, b) || a.service.service_id.localeCompare(b.service.service_id));
  }

  private async loadSparklines(): Promise<void> {
    const ids = this.visibleRows().slice(0, SPARKLINE_ROWS).map((r) => r.service.service_id);
    const from = new Date(Date.now() - SPARKLINE_RANGE_MS).toISOString();
    let next = 0;
    const worker = async () => {
      while (next < ids.length && !this.disposed) {
        const id = ids[next++];
        const res = await getJson<TelemetrySeries>(withQuery(`/v1/telemetry/${encodeURIComponent(id)}`, { from, step: '1m' }));
        this.sparks.set(id, res.body.latency.mean);
      }
    };
    await Promise.all(Array.from({ length: SPARKLINE_PARALLEL }, worker));
    if (!this.disposed) this.render();
  }

  private render(): void {
    const counts = { DRIFT_DETECTED: 0, STABLE: 0, INSUFFICIENT_DATA: 0 } as Record<string, number>;
    for (const r of this.rows) counts[r.service.state] = (counts[r.service.state] ?? 0) + 1;
    clear(this.summary);
    for (const state of ['DRIFT_DETECTED', 'INSUFFICIENT_DATA', 'STABLE']) {
      this.summary.append(
        h('button', { class: `chip state-${state}`, type: 'button', onclick: () => this.setParam('state', this.params.get('state') === state ? '' : state) }, `${counts[state]} ${stateText(state).toLowerCase()}`),
      );
    }
    clear(this.tableHost);
    if (this.rows.length === 0) {
      this.tableHost.append(
        h(
          'div',
          { class: 'empty' },
          h('h2', {}, 'No services yet'),
          h('p', {}, 'Services appear here with their first sample. Send one:'),
          h('pre', {}, `curl -X POST ${location.origin}/v1/telemetry -H 'content-type: application/json' \\\n  -d '{"service_id": "checkout-api", "latency_ms": 120.5, "payload_kb": 2.1}'`),
        ),
      );
      return;
    }
    const rows = this.visibleRows();
    if (rows.length === 0) {
      this.tableHost.append(h('div', { class: 'empty' }, h('p', {}, 'No service matches this filter.')));
      return;
    }
    const header = (key: SortKey, label: string) => {
      const active = (this.params.get('sort') ?? 'state') === key;
      const desc = this.params.get('dir') === 'desc';
      return h(
        'th',
        { class: active ? 'sortable active' : 'sortable', 'aria-sort': active ? (desc ? 'descending' : 'ascending') : null },
        h('button', { type: 'button', onclick: () => { this.params.set('sort', key); if (active && !desc) this.params.set('dir', 'desc'); else this.params.delete('dir'); replaceParams(this.params); this.render(); } }, label, active ? (desc ? ' ▼' : ' ▲') : ''),
      );
    };
    const now = Date.now();
    const table = h(
      'table',
      { class: 'grid services' },
      h('thead', {}, h('tr', {}, header('name', 'Service'), header('state', 'State'), header('since', 'In state for'), header('drift', 'Last drift'), header('samples', 'Samples'), h('th', {}, 'Latency, last hour'))),
      h(
        'tbody',
        {},
        ...rows.map((r) => {
          const s = r.service;
          const spark = this.sparks.get(s.service_id);
          return h(
            'tr',
            { 'data-service': s.service_id },
            h('td', {}, h('a', { href: serviceHref(s.service_id) }, s.service_id)),
            h('td', {}, h('span', { class: `pill state-${s.state}` }, stateText(s.state))),
            h('td', {}, s.transition_timestamp ? duration(now - Date.parse(s.transition_timestamp)) : '—'),
            h('td', {}, r.lastDrift ? h('span', {}, reasonText(r.lastDrift.reason), h('span', { class: 'muted' }, ` · ${ago(r.lastDrift.timestamp, now)}`)) : h('span', { class: 'muted' }, this.driftsComplete ? 'never' : `none in the last ${DRIFT_EVENTS_READ} drifts`)),
            h('td', { class: 'num' }, s.samples_total.toLocaleString()),
            h('td', {}, spark ? sparkline(spark, s.state) : h('span', { class: 'muted' }, '…')),
          );
        }),
      ),
    );
    this.tableHost.append(table);
  }
}
