/** A drift's explanation in words: its kind as a tag, each hint as a short sentence, the rule on demand. */
import type { CoMovementHint, ConcurrentHint, DeploymentHint, DriftExplanation } from './api-types';
import { h } from './dom';
import { serviceRangeHref } from './route';

const KIND_TEXT: Record<string, string> = { spike: 'spike', level_shift: 'level shift', gradual: 'gradual', tail: 'tail', variance: 'variance' };
const DIRECTION_MARK: Record<string, string> = { up: '↑', down: '↓', both: '↕' };

export const kindText = (kind: string): string => KIND_TEXT[kind] ?? kind.replace(/_/g, ' ');

/** `level shift ↑`: the kind with the drift's direction. */
export const kindLabel = (e: Pick<DriftExplanation, 'kind' | 'direction'>): string => {
  const mark = DIRECTION_MARK[e.direction];
  return mark ? `${kindText(e.kind)} ${mark}` : kindText(e.kind);
};

/** `3.2 min`, `45 s`: how long before the onset a deployment was recorded. */
export function minutesText(minutes: number): string {
  if (!Number.isFinite(minutes)) return '?';
  if (minutes < 1) return `${Math.max(0, Math.round(minutes * 60))} s`;
  return `${minutes.toFixed(1)} min`;
}

/** `v2.0.0 deployed 3.2 min before` */
export const deploymentHintText = (d: DeploymentHint): string => `${d.version} deployed ${minutesText(d.minutes_before_onset)} before`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `payload moved first, 12 samples earlier, correlation 0.84` */
export function coMovementHintText(c: CoMovementHint): string {
  const corr = c.correlation !== null && Number.isFinite(c.correlation) ? `, correlation ${c.correlation.toFixed(2)}` : '';
  if (c.first_mover === 'together' || c.lead_samples === 0) return `latency and payload moved together${corr}`;
  return `${c.first_mover} moved first, ${plural(c.lead_samples, 'sample')} earlier${corr}`;
}

/** The services of a concurrent hint, each once, oldest onset first. */
export function concurrentServices(c: ConcurrentHint): { service_id: string; timestamp: string }[] {
  const seen = new Map<string, string>();
  for (const o of c.onsets) if (!seen.has(o.service_id)) seen.set(o.service_id, o.timestamp);
  return [...seen].map(([service_id, timestamp]) => ({ service_id, timestamp }));
}

/** `3 other services began drifting within 5 min:` (the names follow, as links). */
export function concurrentHintText(c: ConcurrentHint): string {
  const services = concurrentServices(c).length;
  if (c.total > c.onsets.length) return `${c.total} drifts of other services began within ${c.window_minutes} min; the first ${c.onsets.length}:`;
  const onsets = c.total > services ? ` (${c.total} onsets)` : '';
  return `${plural(services, 'other service')} began drifting within ${c.window_minutes} min${onsets}:`;
}

/** Around an onset: the range a link to a service's page shows. */
const AROUND_MS = 15 * 60_000;

/** The kind as a tag; the rule that decided it is its tooltip. */
export function kindTag(e: DriftExplanation): HTMLElement {
  const provisional = !e.final ? ' (may still change: the episode is still being read)' : '';
  return h('span', { class: `tag kind kind-${e.kind}`, 'data-kind': e.kind, title: `${e.rule}${provisional}` }, kindLabel(e));
}

/** Each hint as a line; the concurrent services are links to their pages around their onsets. */
export function hintLines(e: DriftExplanation): HTMLElement[] {
  const out: HTMLElement[] = [];
  const { deployment, co_movement, concurrent } = e.hints ?? {};
  if (deployment) out.push(h('div', { class: 'hint hint-deployment' }, h('span', { class: 'hint-mark' }, '▲ '), deploymentHintText(deployment)));
  if (co_movement) out.push(h('div', { class: 'hint hint-co-movement' }, h('span', { class: 'hint-mark' }, '⇄ '), coMovementHintText(co_movement)));
  if (concurrent) {
    const links: (HTMLElement | string)[] = [];
    concurrentServices(concurrent).forEach((s, i) => {
      if (i > 0) links.push(', ');
      const t = Date.parse(s.timestamp);
      links.push(h('a', { href: serviceRangeHref(s.service_id, t - AROUND_MS, t + AROUND_MS) }, s.service_id));
    });
    out.push(h('div', { class: 'hint hint-concurrent' }, h('span', { class: 'hint-mark' }, '≋ '), `${concurrentHintText(concurrent)} `, ...links));
  }
  return out;
}

/** The rule sentence behind a click (the tag's tooltip says it on hover). */
export function ruleDetails(e: DriftExplanation): HTMLElement {
  return h(
    'details',
    { class: 'rule' },
    h('summary', {}, 'why this kind'),
    h('span', {}, e.rule),
    e.final ? null : h('span', { class: 'muted' }, ` (from ${e.basis === 'onset' ? 'the samples up to the alarm' : `${e.samples_after_onset} samples after the onset`}; may still change)`),
  );
}

/** Kind tag (unless shown already), hints and rule together: what an event row or the drift header shows. */
export function explanationBlock(e: DriftExplanation, withTag = true): HTMLElement {
  return h('div', { class: 'explanation' }, withTag ? kindTag(e) : null, ...hintLines(e), ruleDetails(e));
}
