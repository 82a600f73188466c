import { getJson, withQuery } from './api';
import type { Incident, IncidentList, IncidentMember } from './api-types';
import { clear, h } from './dom';
import { kindText } from './explain';
import { duration, localTime, reasonText } from './format';
import { Page, refreshMs } from './page';
import { incidentsHref, serviceRangeHref } from './route';

const PAGE_SIZE = 20;
/** `limit=` in the address: incidents per page (the API takes 1–200). */
const pageSize = (params: URLSearchParams): number => {
  const n = Number(params.get('limit'));
  return Number.isInteger(n) && n >= 1 && n <= 200 ? n : PAGE_SIZE;
};
/** A member's link shows its service from a little before its onset to a little after its end. */
const MARGIN_MS = 10 * 60_000;

/** `+12 s`, `+2 min`: how long after the incident's start a member's drift began. */
const offset = (ms: number): string => (ms < 1000 ? 'first' : `+${duration(ms)}`);

function memberHref(m: IncidentMember): string {
  const onset = Date.parse(m.onset);
  const end = m.ended ? Date.parse(m.ended) + MARGIN_MS : Math.max(Date.now(), onset + MARGIN_MS);
  return serviceRangeHref(m.service_id, onset - MARGIN_MS, end, m.endpoint);
}

const memberName = (m: IncidentMember): string => (m.endpoint ? `${m.service_id} · ${m.endpoint}` : m.service_id);

/**
 * GET /v1/incidents: drift onsets of several services grouped by time, newest first, each with its
 * first mover and members (each a link to its service page over its episode). `to=` pages back.
 */
export class IncidentsPage implements Page {
  readonly element: HTMLElement;
  private readonly list = h('div', { class: 'incident-list' });
  private readonly status = h('span', { class: 'muted' });
  private readonly pager = h('div', { class: 'pager' });
  private timer: number | undefined;
  private disposed = false;

  constructor(
    private readonly params: URLSearchParams,
    private readonly onError: (error: unknown) => void,
  ) {
    this.element = h('section', { class: 'incidents' }, h('div', { class: 'toolbar' }, h('h1', {}, 'Incidents'), this.status), this.list, this.pager);
    void this.load();
  }

  dispose(): void {
    this.disposed = true;
    window.clearTimeout(this.timer);
  }

  private async load(): Promise<void> {
    const to = this.params.get('to') ?? undefined;
    try {
      const answer = await getJson<IncidentList>(withQuery('/v1/incidents', { to, limit: pageSize(this.params) }));
      if (this.disposed) return;
      this.render(answer.body, to);
    } catch (error) {
      this.onError(error);
    } finally {
      // Only the newest page changes as drifts begin and end.
      const every = refreshMs(this.params);
      if (!this.disposed && !to && every > 0) this.timer = window.setTimeout(() => void this.load(), every);
    }
  }

  private render(body: IncidentList, to: string | undefined): void {
    this.status.textContent = `Drift onsets of any services at most ${body.window_minutes} min apart form one incident${to ? ` · started before ${localTime(Date.parse(to))}` : ''}`;
    clear(this.list);
    if (body.incidents.length === 0) {
      this.list.append(h('div', { class: 'empty' }, h('h2', {}, to ? 'No older incidents' : 'No incidents'), h('p', {}, 'No service has drifted in this period.')));
    }
    for (const incident of body.incidents) this.list.append(this.card(incident));
    clear(this.pager);
    const page = (next: string | null) => {
      const params = new URLSearchParams(this.params);
      if (next) params.set('to', next);
      else params.delete('to');
      return incidentsHref(params);
    };
    if (to) this.pager.append(h('a', { href: page(null), class: 'newest' }, '« Newest'));
    if (body.next_to) this.pager.append(h('a', { href: page(body.next_to), class: 'older' }, 'Older incidents »'));
  }

  private card(incident: Incident): HTMLElement {
    const start = Date.parse(incident.start);
    const lasted = incident.end ? duration(Date.parse(incident.end) - start) : `${duration(Date.now() - start)} so far`;
    const fm = incident.first_mover;
    return h(
      'article',
      { class: `incident${incident.open ? ' open' : ''}`, 'data-start': incident.start },
      h(
        'header',
        {},
        h('span', { class: `pill ${incident.open ? 'state-DRIFT_DETECTED' : 'state-STABLE'}` }, incident.open ? 'Open' : 'Ended'),
        h('strong', {}, localTime(start)),
        h('span', { class: 'muted' }, incident.end ? `→ ${localTime(Date.parse(incident.end))} · ${lasted}` : `→ still drifting · ${lasted}`),
        h('span', {}, `${incident.member_count} drift${incident.member_count === 1 ? '' : 's'}`),
        h('span', { class: 'first-mover' }, 'First mover: ', h('a', { href: memberHref(fm) }, memberName(fm)), fm.kind ? ` (${kindText(fm.kind)})` : ''),
      ),
      h(
        'table',
        { class: 'grid members' },
        h('thead', {}, h('tr', {}, ...['Service', 'Onset', 'Reason', 'Kind', 'Ended'].map((t) => h('th', {}, t)))),
        h(
          'tbody',
          {},
          ...incident.members.map((m) =>
            h(
              'tr',
              { class: 'member', 'data-service': m.service_id, 'data-endpoint': m.endpoint ?? null },
              h('td', {}, h('a', { href: memberHref(m) }, m.service_id), m.endpoint ? h('span', { class: 'endpoint-name' }, m.endpoint) : null),
              h('td', { title: m.onset }, localTime(Date.parse(m.onset)), h('span', { class: 'muted' }, ` ${offset(Date.parse(m.onset) - start)}`)),
              h('td', { title: m.reason }, reasonText(m.reason), m.metric ? h('span', { class: 'muted' }, ` · ${m.metric}`) : null),
              h('td', {}, m.kind ? h('span', { class: `tag kind kind-${m.kind}`, 'data-kind': m.kind }, kindText(m.kind)) : '—'),
              h('td', {}, m.ended ? localTime(Date.parse(m.ended)) : h('span', { class: 'pill state-DRIFT_DETECTED' }, 'Drifting')),
            ),
          ),
        ),
      ),
    );
  }
}
