import { ApiError, getJson, withQuery } from './api';
import type { Deployment, DriftEvent, DriftExplanation, EventList, GateResult, Health, MetricSeries, TelemetrySeries } from './api-types';
import { append, clear, h } from './dom';
import { ago, duration, localTime, num, reasonText, stateText, toLocalInput } from './format';
import { Episode, episodesByEndpoint } from './episodes';
import { explanationBlock, kindTag } from './explain';
import { DEFAULT_REFRESH, Page, REFRESH_CHOICES, refreshMs } from './page';
import { overviewHref, replaceParams, serviceHref } from './route';
import { PRESETS, rangeFromParams, rangeToParams, resolveRange, TimeRange } from './time-range';
import { ChartInput, renderTimeSeriesChart, TimeSeriesChart } from './time-series-chart';

/** The API's page size limits: one page of events and of deployment markers covers a chart. */
const EVENTS_READ = 1000;
const DEPLOYMENTS_READ = 1000;

const GATE_TEXT: Record<string, string> = { pass: 'Gate: pass', fail: 'Gate: fail', inconclusive: 'Gate: inconclusive' };

const hasValues = (m: MetricSeries): boolean => m.count.some((c) => c > 0);

/** The drift onsets read to name each endpoint's last drift (newest first). */
const LAST_DRIFTS_READ = 1000;

export class ServicePage implements Page {
  readonly element: HTMLElement;
  private readonly header = h('div', { class: 'service-header' });
  private readonly details = h('div', { class: 'details' });
  private readonly endpointsHost = h('div', { class: 'endpoints' });
  private readonly caption = h('p', { class: 'caption', hidden: true });
  private readonly charts = h('div', { class: 'charts' });
  private readonly events = h('div', { class: 'events' });
  private readonly eventsTitle = h('h2', {}, 'Events in this range');
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
      this.endpointsHost,
      this.toolbar(),
      this.caption,
      this.charts,
      this.eventsTitle,
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

  /** The endpoint whose health, gate and events the page shows (`endpoint=`); none: the service. */
  private get endpoint(): string | null {
    return this.params.get('endpoint') || null;
  }

  private setEndpoint(endpoint: string | null): void {
    if (endpoint) this.params.set('endpoint', endpoint);
    else this.params.delete('endpoint');
    history.pushState(null, '', serviceHref(this.serviceId, this.params));
    void this.load();
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
    const endpoint = this.endpoint ?? undefined;
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
      const endpoints = health.body.endpoints ?? [];
      const known = endpoint === undefined || endpoints.some((e) => e.endpoint === endpoint);
      const [series, events, deployments, gate, target, lastDrifts] = await Promise.all([
        getJson<TelemetrySeries>(withQuery(`/v1/telemetry/${id}`, { from, to })),
        getJson<EventList>(withQuery(`/v1/events/${id}`, { since: from, limit: EVENTS_READ, endpoint: known ? endpoint : undefined })),
        getJson<{ deployments: Deployment[] }>(withQuery('/v1/deployments', { service_id: this.serviceId, limit: DEPLOYMENTS_READ })),
        getJson<GateResult>(withQuery(`/v1/gate/${id}`, { endpoint: known ? endpoint : undefined }), [404, 409, 503]),
        endpoint !== undefined && known ? getJson<Health>(withQuery(`/v1/health/${id}`, { endpoint }), [404]) : Promise.resolve(health),
        endpoints.length > 0 ? getJson<EventList>(withQuery(`/v1/events/${id}`, { state: 'DRIFT_DETECTED', limit: LAST_DRIFTS_READ })) : Promise.resolve(null),
      ]);
      if (this.disposed) return;
      const inRange = events.body.events.filter((e) => Date.parse(e.timestamp) <= toMs);
      const deploys = deployments.body.deployments.filter((d) => {
        const t = Date.parse(d.timestamp);
        return t >= fromMs && t <= toMs;
      });
      const shown = target.status === 200 ? target.body : health.body;
      this.renderHeader(health.body, shown, gate.body);
      // One endpoint's health has no explanation of its own: its current drift's onset event has it.
      const onset = shown.endpoint && shown.state === 'DRIFT_DETECTED' ? (lastDrifts?.body.events.find((e) => e.endpoint === shown.endpoint) ?? null) : null;
      this.renderDetails(shown, onset?.explanation ?? null);
      this.renderEndpoints(health.body, lastDrifts?.body.events ?? [], known);
      this.rangeInfo.textContent = `${localTime(fromMs)} – ${localTime(toMs)} · step ${series.body.step}`;
      const stateOf = (ep: string | undefined) => (ep === undefined ? (endpoints.length > 0 ? null : health.body.state) : (endpoints.find((e) => e.endpoint === ep)?.state ?? null));
      const keys = endpoint && known ? [endpoint] : endpoints.length > 0 ? endpoints.filter((e) => e.state === 'DRIFT_DETECTED').map((e) => e.endpoint ?? '') : [''];
      this.renderCharts(series.body, episodesByEndpoint(inRange, fromMs, toMs, keys, stateOf), deploys, fromMs, toMs, endpoints.length > 0);
      this.eventsTitle.textContent = endpoint && known ? `Events of ${endpoint} in this range` : 'Events in this range';
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

  /** The service (or the selected endpoint): state, gate, and what the current drift is. */
  private renderHeader(service: Health, shown: Health, gate: GateResult): void {
    clear(this.header);
    const since = shown.transition_timestamp ? ` for ${duration(Date.now() - Date.parse(shown.transition_timestamp))}` : '';
    const gateScope = gate.endpoint ? ` (${gate.endpoint})` : '';
    append(this.header, [
      h('h1', {}, service.service_id),
      shown.endpoint ? h('span', { class: 'endpoint-name' }, shown.endpoint) : null,
      h('span', { class: `pill state-${shown.state}` }, stateText(shown.state)),
      h('span', { class: 'muted' }, `${stateText(shown.state)}${since} · ${shown.samples_total.toLocaleString()} samples`),
      h(
        'span',
        { class: `gate gate-${gate.verdict}`, title: `${gate.reason} (since ${localTime(Date.parse(gate.since))}, ${gate.since_source.replace(/_/g, ' ')})` },
        `${GATE_TEXT[gate.verdict] ?? gate.verdict}${gateScope} · ${gate.reason}`,
      ),
    ]);
  }

  private renderDetails(health: Health, onsetExplanation: DriftExplanation | null): void {
    clear(this.details);
    const facts: HTMLElement[] = [];
    if (health.state === 'INSUFFICIENT_DATA') facts.push(h('div', { class: 'fact' }, `Learning the baseline: ${health.samples_needed ?? '?'} more sample(s) needed`));
    if (health.metadata) {
      const m = { ...health.metadata, explanation: health.metadata.explanation ?? onsetExplanation };
      // A service whose drift is on an endpoint names it (the summary says it in words).
      const where = m.endpoint && !health.endpoint ? h('strong', { class: 'drift-endpoint', title: m.summary ?? '' }, ` on ${m.endpoint}`) : null;
      facts.push(
        h(
          'div',
          { class: 'fact drift drift-now' },
          h('div', {}, m.explanation ? kindTag(m.explanation) : null, 'Drift', where, `: ${reasonText(m.reason)}`, m.metric ? ` on ${m.metric}` : '', m.max_zscore !== null ? ` · max |z| ${num(m.max_zscore)}` : '', ` · ${m.evidence_samples} sample(s) of evidence`),
          m.explanation ? explanationBlock(m.explanation, false) : null,
        ),
      );
    }
    if (health.baseline) facts.push(h('div', { class: 'fact' }, `Baseline latency ${num(health.baseline.mean_latency, 'ms')} ± ${num(health.baseline.stddev_latency, 'ms')} over ${health.baseline.window_samples} samples`));
    this.details.append(...facts);
  }

  /** Each endpoint's state, samples and last drift; a click (or the selector) shows that endpoint. */
  private renderEndpoints(service: Health, drifts: DriftEvent[], known: boolean): void {
    clear(this.endpointsHost);
    const endpoints = service.endpoints ?? [];
    const selected = this.endpoint;
    this.caption.hidden = !selected;
    this.caption.textContent = selected
      ? known
        ? `Showing ${selected}: its health, gate and events. The charts are the whole service's (telemetry is read back per service); shaded drift episodes are ${selected}'s.`
        : `${service.service_id} has no endpoint '${selected}': showing the whole service.`
      : '';
    if (endpoints.length === 0) return;
    const lastDrift = new Map<string, DriftEvent>();
    for (const e of drifts) if (e.endpoint && !lastDrift.has(e.endpoint)) lastDrift.set(e.endpoint, e);
    const select = h(
      'select',
      { 'aria-label': 'Endpoint', name: 'endpoint', onchange: (ev) => this.setEndpoint((ev.target as HTMLSelectElement).value || null) },
      h('option', { value: '', selected: !selected }, 'Whole service'),
      ...endpoints.map((ep) => h('option', { value: ep.endpoint ?? '', selected: ep.endpoint === selected }, ep.endpoint ?? '?')),
    );
    const overflow = service.endpoint_overflow?.capped
      ? h('span', { class: 'muted' }, `over ${service.endpoint_overflow.max_endpoints} endpoints: ${service.endpoint_overflow.other_samples.toLocaleString()} samples share "_other"`)
      : null;
    const link = (ep: string | undefined) => {
      const params = new URLSearchParams(this.params);
      if (ep) params.set('endpoint', ep);
      else params.delete('endpoint');
      return serviceHref(this.serviceId, params);
    };
    this.endpointsHost.append(
      h('div', { class: 'toolbar' }, h('h2', {}, `Endpoints (${endpoints.length})`), h('label', {}, 'Show ', select), selected ? h('a', { href: link(undefined) }, 'whole service') : null, overflow),
      h(
        'table',
        { class: 'grid endpoint-list' },
        h('thead', {}, h('tr', {}, ...['Endpoint', 'State', 'Samples', 'Last drift'].map((t) => h('th', {}, t)))),
        h(
          'tbody',
          {},
          ...endpoints.map((ep) => {
            const name = ep.endpoint ?? '?';
            const last = lastDrift.get(name);
            const drifting = ep.state === 'DRIFT_DETECTED' && ep.metadata;
            const lastCell = last
              ? h(
                  'td',
                  {},
                  last.explanation ? kindTag(last.explanation) : null,
                  `${reasonText(last.reason)}${last.metric ? ` on ${last.metric}` : ''} · `,
                  h('span', { title: localTime(Date.parse(last.timestamp)) }, ago(last.timestamp)),
                  drifting ? h('span', { class: 'muted' }, ' (ongoing)') : null,
                )
              : h('td', { class: 'muted' }, drifting ? reasonText(ep.metadata!.reason) : 'none');
            return h(
              'tr',
              { class: `endpoint${name === selected ? ' selected' : ''}`, 'data-endpoint': name },
              h('td', {}, h('a', { href: link(name), title: `Show ${name}'s health, gate and events` }, name)),
              h('td', {}, h('span', { class: `pill state-${ep.state}` }, stateText(ep.state))),
              h('td', { class: 'num' }, ep.samples_total.toLocaleString()),
              lastCell,
            );
          }),
        ),
      ),
    );
  }

  private renderCharts(series: TelemetrySeries, episodes: Episode[], deployments: Deployment[], fromMs: number, toMs: number, hasEndpoints: boolean): void {
    const onZoom = (f: number, t: number) => this.setRange({ kind: 'absolute', fromMs: f, toMs: t });
    const bandNote = series.band
      ? `band: expected ± ${series.band.z_limit}σ${series.band.latency_season !== 'none' ? ` (${series.band.latency_season} profile)` : ''}`
      : hasEndpoints
        ? 'no band: this service\'s baselines are per endpoint'
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
    const withEndpoint = events.some((e) => e.endpoint);
    const columns = ['Time', ...(withEndpoint ? ['Endpoint'] : []), 'Change', 'Reason', 'Metric', 'max |z|', 'Evidence', 'Deployment', 'Explanation'];
    this.events.append(
      h(
        'table',
        { class: 'grid event-list' },
        h('thead', {}, h('tr', {}, ...columns.map((t) => h('th', {}, t)))),
        h(
          'tbody',
          {},
          ...events.map((e) =>
            h(
              'tr',
              { class: e.to === 'DRIFT_DETECTED' ? 'event drift' : 'event', 'data-event-id': e.id, 'data-endpoint': e.endpoint ?? null },
              h('td', {}, localTime(Date.parse(e.timestamp))),
              withEndpoint ? h('td', {}, e.endpoint ? h('span', { class: 'endpoint-name' }, e.endpoint) : h('span', { class: 'muted' }, 'service')) : null,
              h('td', {}, h('span', { class: `pill state-${e.from}` }, stateText(e.from)), ' → ', h('span', { class: `pill state-${e.to}` }, stateText(e.to))),
              h('td', { title: e.reason }, reasonText(e.reason)),
              h('td', {}, e.metric ?? '—'),
              h('td', { class: 'num' }, num(e.max_zscore)),
              h('td', { class: 'num' }, e.evidence_samples),
              h('td', {}, e.deployment_id !== null ? (versions.get(e.deployment_id) ?? `#${e.deployment_id}`) : '—'),
              h('td', { class: 'explain' }, e.explanation ? explanationBlock(e.explanation) : null),
            ),
          ),
        ),
      ),
    );
  }
}
