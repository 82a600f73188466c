import { ApiError, getJson, withQuery } from './api';
import type { Deployment, DriftEvent, EventList, GateResult, Health, MetricSeries, TelemetrySeries } from './api-types';
import { clear, h } from './dom';
import { duration, localTime, num, reasonText, stateText, toLocalInput } from './format';
import { episodesFrom } from './episodes';
import { DEFAULT_REFRESH, Page, REFRESH_CHOICES, refreshMs } from './page';
import { overviewHref, replaceParams, serviceHref } from './route';
import { PRESETS, rangeFromParams, rangeToParams, resolveRange, TimeRange } from './time-range';
import { ChartInput, renderTimeSeriesChart, TimeSeriesChart } from './time-series-chart';

/** The API's page size limits: one page of events and of deployment markers covers a chart. */
const EVENTS_READ = 1000;
const DEPLOYMENTS_READ = 1000;

const GATE_TEXT: Record<string, string> = { pass: 'Gate: pass', fail: 'Gate: fail', inconclusive: 'Gate: inconclusive' };

const hasValues = (m: MetricSeries): boolean => m.count.some((c) => c > 0);

/** Fields a newer API adds to an event (kind, hints, endpoint): shown when present. */
function eventExtras(e: DriftEvent): (HTMLElement | string)[] {
  const out: (HTMLElement | string)[] = [];
  if (e.kind) out.push(h('span', { class: 'tag' }, e.kind));
  if (e.endpoint) out.push(h('span', { class: 'tag' }, e.endpoint));
  if (Array.isArray(e.hints)) {
    for (const hint of e.hints) {
      const text = typeof hint === 'string' ? hint : ((hint as { text?: string; message?: string; summary?: string; kind?: string })?.text ?? (hint as { message?: string })?.message ?? (hint as { summary?: string })?.summary ?? JSON.stringify(hint));
      out.push(h('div', { class: 'hint' }, `💡 ${text}`));
    }
  }
  return out;
}

export class ServicePage implements Page {
  readonly element: HTMLElement;
  private readonly header = h('div', { class: 'service-header' });
  private readonly details = h('div', { class: 'details' });
  private readonly charts = h('div', { class: 'charts' });
  private readonly events = h('div', { class: 'events' });
  private readonly rangeInfo = h('span', { class: 'muted' });
  private plots: TimeSeriesChart[] = [];
  /** What the charts area shows, to redraw in place when a refresh brings the same layout. */
  private layout = '';
  private timer: number | undefined;
  private disposed = false;
  private readonly onResize = () => this.resizeCharts();

  constructor(
    private readonly serviceId: string,
    private readonly params: URLSearchParams,
    private readonly onError: (error: unknown) => void,
  ) {
    this.element = h(
      'section',
      { class: 'service' },
      h('a', { class: 'back', href: overviewHref() }, '← All services'),
      this.header,
      this.details,
      this.toolbar(),
      this.charts,
      h('h2', {}, 'Events in this range'),
      this.events,
    );
    window.addEventListener('resize', this.onResize);
    void this.load();
  }

  dispose(): void {
    this.disposed = true;
    window.clearTimeout(this.timer);
    window.removeEventListener('resize', this.onResize);
    for (const p of this.plots) p.destroy();
  }

  private get range(): TimeRange {
    return rangeFromParams(this.params);
  }

  /** A new range is a new page in the history (back returns to the previous range). */
  private setRange(range: TimeRange): void {
    rangeToParams(range, this.params);
    history.pushState(null, '', serviceHref(this.serviceId, this.params));
    this.rebuildToolbar();
    void this.load();
  }

  private toolbarEl?: HTMLElement;

  private toolbar(): HTMLElement {
    const range = this.range;
    const { fromMs, toMs } = resolveRange(range);
    const from = h('input', { type: 'datetime-local', value: toLocalInput(fromMs), 'aria-label': 'From' });
    const to = h('input', { type: 'datetime-local', value: toLocalInput(toMs), 'aria-label': 'To' });
    const apply = () => {
      const f = new Date(from.value).getTime();
      const t = new Date(to.value).getTime();
      if (Number.isFinite(f) && Number.isFinite(t) && f < t) this.setRange({ kind: 'absolute', fromMs: f, toMs: t });
      else this.onError(new ApiError(400, 'The start of the range must be before its end'));
    };
    const refresh = h(
      'select',
      {
        'aria-label': 'Refresh every',
        onchange: (e) => {
          const v = (e.target as HTMLSelectElement).value;
          this.params.set('refresh', v);
          replaceParams(this.params);
          this.schedule();
        },
      },
      ...REFRESH_CHOICES.map((c) => h('option', { value: c.key, selected: (this.params.get('refresh') ?? DEFAULT_REFRESH) === c.key }, c.label)),
    );
    this.toolbarEl = h(
      'div',
      { class: 'toolbar range-picker' },
      h(
        'div',
        { class: 'presets', role: 'group', 'aria-label': 'Time range' },
        ...PRESETS.map((p) =>
          h('button', { type: 'button', class: range.kind === 'relative' && range.preset === p.key ? 'active' : '', onclick: () => this.setRange({ kind: 'relative', preset: p.key, ms: p.ms }) }, p.label),
        ),
      ),
      h('label', {}, 'From ', from),
      h('label', {}, 'To ', to),
      h('button', { type: 'button', onclick: apply }, 'Apply'),
      h('label', { class: 'muted' }, 'Refresh ', refresh),
      this.rangeInfo,
    );
    return this.toolbarEl;
  }

  private rebuildToolbar(): void {
    const old = this.toolbarEl;
    if (old) old.replaceWith(this.toolbar());
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    const every = refreshMs(this.params);
    // A fixed range does not change: only a relative one ("last hour") is refreshed.
    if (every > 0 && !this.disposed && this.range.kind === 'relative') this.timer = window.setTimeout(() => void this.load(), every);
  }

  private async load(): Promise<void> {
    const id = encodeURIComponent(this.serviceId);
    const { fromMs, toMs } = resolveRange(this.range);
    const from = new Date(fromMs).toISOString();
    const to = new Date(toMs).toISOString();
    try {
      const health = await getJson<Health>(`/v1/health/${id}`, [404]);
      if (this.disposed) return;
      if (health.status === 404) {
        this.showUnknown();
        return;
      }
      const [series, events, deployments, gate] = await Promise.all([
        getJson<TelemetrySeries>(withQuery(`/v1/telemetry/${id}`, { from, to })),
        getJson<EventList>(withQuery(`/v1/events/${id}`, { since: from, limit: EVENTS_READ })),
        getJson<{ deployments: Deployment[] }>(withQuery('/v1/deployments', { service_id: this.serviceId, limit: DEPLOYMENTS_READ })),
        getJson<GateResult>(`/v1/gate/${id}`, [404, 409, 503]),
      ]);
      if (this.disposed) return;
      const inRange = events.body.events.filter((e) => Date.parse(e.timestamp) <= toMs);
      const deploys = deployments.body.deployments.filter((d) => {
        const t = Date.parse(d.timestamp);
        return t >= fromMs && t <= toMs;
      });
      this.renderHeader(health.body, gate.body);
      this.renderDetails(health.body);
      this.rangeInfo.textContent = `${localTime(fromMs)} – ${localTime(toMs)} · step ${series.body.step}`;
      this.renderCharts(series.body, episodesFrom(inRange, fromMs, toMs, health.body.state), deploys, fromMs, toMs);
      this.renderEvents(inRange, deployments.body.deployments);
    } catch (error) {
      this.onError(error);
    } finally {
      this.schedule();
    }
  }

  private showUnknown(): void {
    for (const p of this.plots) p.destroy();
    this.plots = [];
    this.layout = '';
    clear(this.header);
    this.header.append(h('h1', {}, this.serviceId));
    clear(this.charts);
    this.charts.append(h('div', { class: 'empty' }, h('h2', {}, 'Unknown service'), h('p', {}, `DriftWatch has no sample from '${this.serviceId}'.`)));
    clear(this.events);
  }

  private renderHeader(health: Health, gate: GateResult): void {
    clear(this.header);
    const since = health.transition_timestamp ? ` for ${duration(Date.now() - Date.parse(health.transition_timestamp))}` : '';
    this.header.append(
      h('h1', {}, health.service_id),
      h('span', { class: `pill state-${health.state}` }, stateText(health.state)),
      h('span', { class: 'muted' }, `${stateText(health.state)}${since} · ${health.samples_total.toLocaleString()} samples`),
      h('span', { class: `gate gate-${gate.verdict}`, title: `${gate.reason} (since ${localTime(Date.parse(gate.since))}, ${gate.since_source.replace(/_/g, ' ')})` }, `${GATE_TEXT[gate.verdict] ?? gate.verdict} · ${gate.reason}`),
    );
  }

  private renderDetails(health: Health): void {
    clear(this.details);
    const facts: HTMLElement[] = [];
    if (health.state === 'INSUFFICIENT_DATA') facts.push(h('div', { class: 'fact' }, `Learning the baseline: ${health.samples_needed ?? '?'} more sample(s) needed`));
    if (health.metadata) {
      const m = health.metadata;
      facts.push(h('div', { class: 'fact drift' }, `Drift: ${reasonText(m.reason)}`, m.metric ? ` on ${m.metric}` : '', m.max_zscore !== null ? ` · max |z| ${num(m.max_zscore)}` : '', ` · ${m.evidence_samples} sample(s) of evidence`));
    }
    if (health.baseline) facts.push(h('div', { class: 'fact' }, `Baseline latency ${num(health.baseline.mean_latency, 'ms')} ± ${num(health.baseline.stddev_latency, 'ms')} over ${health.baseline.window_samples} samples`));
    this.details.append(...facts);
    if (Array.isArray(health.endpoints) && health.endpoints.length > 0) {
      this.details.append(
        h(
          'div',
          { class: 'endpoints' },
          h('h3', {}, `Endpoints (${health.endpoints.length})`),
          h(
            'ul',
            {},
            ...health.endpoints.map((ep) => {
              const name = String(ep.endpoint ?? ep.name ?? '?');
              const state = String(ep.state ?? '');
              return h('li', {}, h('span', { class: `pill state-${state}` }, stateText(state)), ' ', name);
            }),
          ),
        ),
      );
    }
  }

  private renderCharts(series: TelemetrySeries, episodes: ReturnType<typeof episodesFrom>, deployments: Deployment[], fromMs: number, toMs: number): void {
    const onZoom = (f: number, t: number) => this.setRange({ kind: 'absolute', fromMs: f, toMs: t });
    const bandNote = series.band
      ? `band: expected ± ${series.band.z_limit}σ${series.band.latency_season !== 'none' ? ` (${series.band.latency_season} profile)` : ''}`
      : 'no band yet: the baseline is still being learned';
    const common = { time: series.time, episodes, deployments, fromMs, toMs, onZoom };
    const inputs: (ChartInput & { key: string })[] = [];
    if (hasValues(series.latency)) {
      inputs.push({ key: 'latency', title: `Latency (ms) — ${bandNote}`, unit: 'ms', metric: series.latency, ...common });
      if (hasValues(series.payload)) inputs.push({ key: 'payload', title: 'Payload (kB)', unit: 'kB', metric: series.payload, ...common });
    }
    const layout = inputs.map((i) => i.key).join(',') || 'empty';
    // A refresh with the same layout redraws in place: no flicker, the cursor stays where it is.
    if (layout === this.layout && this.plots.length === inputs.length && inputs.every((input, i) => this.plots[i].update(input))) return;
    for (const p of this.plots) p.destroy();
    this.plots = [];
    this.layout = layout;
    clear(this.charts);
    if (inputs.length === 0) {
      this.charts.append(h('div', { class: 'empty' }, h('h2', {}, 'No samples in this range'), h('p', {}, 'Pick a longer range above, or check that the service is still sending telemetry.')));
      return;
    }
    for (const input of inputs) {
      const box = h('div', { class: 'chart', 'data-metric': input.key });
      this.charts.append(box);
      this.plots.push(renderTimeSeriesChart(box, input));
    }
    if (inputs.length === 1) this.charts.append(h('div', { class: 'empty small' }, 'No payload_kb in this range: this service is watched on latency alone.'));
    this.charts.append(
      h('p', { class: 'muted legend-note' }, 'Drag across a chart to zoom. Shaded red: drift episodes. Dashed purple: deployments. Blue area: min–max of each bucket.'),
    );
  }

  private resizeCharts(): void {
    for (const { plot } of this.plots) {
      const host = plot.root.parentElement;
      if (host) plot.setSize({ width: Math.max(320, host.clientWidth), height: plot.height });
    }
  }

  private renderEvents(events: DriftEvent[], deployments: Deployment[]): void {
    clear(this.events);
    if (events.length === 0) {
      this.events.append(h('div', { class: 'empty small' }, 'No state change in this range.'));
      return;
    }
    const versions = new Map(deployments.map((d) => [d.id, d.version]));
    this.events.append(
      h(
        'table',
        { class: 'grid event-list' },
        h('thead', {}, h('tr', {}, ...['Time', 'Change', 'Reason', 'Metric', 'max |z|', 'Evidence', 'Deployment', 'Details'].map((t) => h('th', {}, t)))),
        h(
          'tbody',
          {},
          ...events.map((e) =>
            h(
              'tr',
              { class: e.to === 'DRIFT_DETECTED' ? 'event drift' : 'event', 'data-event-id': e.id },
              h('td', {}, localTime(Date.parse(e.timestamp))),
              h('td', {}, h('span', { class: `pill state-${e.from}` }, stateText(e.from)), ' → ', h('span', { class: `pill state-${e.to}` }, stateText(e.to))),
              h('td', { title: e.reason }, reasonText(e.reason)),
              h('td', {}, e.metric ?? '—'),
              h('td', { class: 'num' }, num(e.max_zscore)),
              h('td', { class: 'num' }, e.evidence_samples),
              h('td', {}, e.deployment_id !== null ? (versions.get(e.deployment_id) ?? `#${e.deployment_id}`) : '—'),
              h('td', {}, ...eventExtras(e)),
            ),
          ),
        ),
      ),
    );
  }
}
