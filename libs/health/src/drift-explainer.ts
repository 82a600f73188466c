import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { EXPLANATION } from '@app/config/explanation-constants';
import { DeploymentRepository, EpisodeEnd, ExplanationRepository, OnsetRow } from '@app/persistence';
import type { MetricName } from '@app/statistics';
import { Inject, Injectable } from '@nestjs/common';
import {
  concurrentHint,
  DeploymentHint,
  DriftEpisode,
  DriftExplanation,
  DriftOnset,
  EpisodeBounds,
  episodeBounds,
  EpisodeReference,
  ExplainSettings,
  explainEpisode,
  HealthState,
  summarizeReference,
  Transition,
  TransitionReason,
} from './engine';

/** What explaining an event needs of it (a DriftEventEntity, or an onset row). */
export interface ExplainableEvent {
  id: number;
  serviceId: number;
  ts: number;
  seq: number | null;
  toState: string;
  reason: string;
  metric: string | null;
  count: number;
  deploymentId: number | null;
  /** The endpoint whose detector made the transition; null or absent for the service's own samples. */
  endpoint?: string | null;
  explanation?: string | null;
}

/** An onset row as an explainable event. */
export function onsetEvent(row: OnsetRow): ExplainableEvent {
  return { ...row, id: row.eventId, toState: HealthState.DRIFT_DETECTED };
}

/** What an onset stores: its explanation, and what reading the episode later needs. */
interface StoredExplanation extends DriftExplanation {
  bounds: EpisodeBounds;
  reference: EpisodeReference;
}

/** The public part of a stored explanation (what alerts carry); null when there is none. */
export function storedExplanation(json: string | null | undefined): DriftExplanation | null {
  if (!json) return null;
  const { bounds: _bounds, reference: _reference, ...shown } = JSON.parse(json) as StoredExplanation;
  return shown;
}

/** The onset row as the pure incident code sees it. */
export function toDriftOnset(row: OnsetRow): DriftOnset {
  return {
    eventId: row.eventId,
    service: row.serviceName,
    endpoint: row.endpoint,
    timeMs: row.ts,
    reason: row.reason,
    metric: row.metric,
    kind: storedExplanation(row.explanation)?.kind ?? null,
    endMs: row.endTs,
  };
}

/**
 * Explains drift events. Decided once at the onset, inside the ingest transaction, from the samples
 * up to it (kind, co-movement, deployment marker) and stored with the event: alerts carry that.
 * Refined at read time over the episode (the samples after the onset, up to EXPLAIN_EPISODE_SAMPLES
 * or the episode's end) plus the other services' onsets around it: a function of stored samples and
 * events only, so the same samples give the same explanation over HTTP and after a restart, and it
 * stops changing (`final`) once the episode has ended or has its samples.
 */
@Injectable()
export class DriftExplainer {
  private readonly settings: ExplainSettings;
  readonly windowMs: number;
  /** Final sample-based explanations by event id (no later sample can change them), oldest entry evicted first. */
  private readonly finals = new Map<number, string>();

  constructor(
    @Inject(DRIFT_CONFIG) private readonly config: DriftConfig,
    private readonly repository: ExplanationRepository,
    private readonly deployments: DeploymentRepository,
  ) {
    this.settings = { spikeMaxSamples: config.explainSpikeMaxSamples, episodeSamples: config.explainEpisodeSamples };
    this.windowMs = config.incidentWindowMinutes * 60_000;
  }

  /** Once per drift onset, inside the transaction that recorded event `eventId`. */
  recordOnset(serviceId: number, endpoint: string | null, eventId: number, t: Transition, deploymentId: number | null): void {
    if (t.to !== HealthState.DRIFT_DETECTED || t.seq === null || t.metric === null) return;
    const bounds = this.bounds(t.seq, t.reason, t.count);
    const reference = summarizeReference(this.repository.reference(serviceId, endpoint, bounds.referenceBeforeSeq, this.config.explainReferenceSamples));
    const samples = this.repository.samples(serviceId, endpoint, bounds.evidenceStartSeq - this.config.explainLeadInSamples, t.seq);
    const explanation = explainEpisode(this.episode(t.reason, t.metric, t.seq, bounds, reference, samples, false), this.settings);
    this.addDeployment(explanation, deploymentId, t.timeMs);
    const stored: StoredExplanation = { ...explanation, bounds, reference };
    this.repository.store(eventId, JSON.stringify(stored));
  }

  /**
   * The explanation of a transition into DRIFT_DETECTED as of now; null for other events.
   * `concurrent: false` leaves out the other services' onsets (an incident lists them itself).
   */
  explain(row: ExplainableEvent, concurrent = true): DriftExplanation | null {
    if (row.toState !== HealthState.DRIFT_DETECTED || row.seq === null || row.metric === null) return null;
    const explanation = this.fromSamples(row, row.seq, row.metric as MetricName);
    if (explanation && concurrent) {
      const near = this.repository.onsetsNear(row.serviceId, row.endpoint ?? null, row.ts - this.windowMs, row.ts + this.windowMs, EXPLANATION.maxConcurrentListed);
      const onsets = near.rows.map((r) => ({ eventId: r.eventId, service: r.serviceName, endpoint: r.endpoint, timeMs: r.ts, reason: r.reason, metric: null, kind: null, endMs: null }));
      const hint = concurrentHint(this.windowMs, near.total, onsets);
      if (hint) explanation.hints.concurrent = hint;
    }
    return explanation;
  }

  /** Kind, co-movement and deployment, from the episode's samples (cached once final). */
  private fromSamples(row: ExplainableEvent, seq: number, metric: MetricName): DriftExplanation | null {
    const cached = this.finals.get(row.id);
    if (cached !== undefined) return JSON.parse(cached) as DriftExplanation;
    const stored = row.explanation ? (JSON.parse(row.explanation) as StoredExplanation) : null;
    const reason = row.reason as TransitionReason;
    const bounds = stored?.bounds ?? this.bounds(seq, reason, row.count);
    const endpoint = row.endpoint ?? null;
    const end = this.repository.episodeEnd(row.serviceId, endpoint, row.id);
    const lastSeq = Math.min(seq + this.settings.episodeSamples, end === null ? Number.MAX_SAFE_INTEGER : this.endSeq(row.serviceId, endpoint, seq, end));
    const samples = this.repository.samples(row.serviceId, endpoint, bounds.evidenceStartSeq - this.config.explainLeadInSamples, lastSeq);
    let explanation: DriftExplanation | null;
    if (samples.some((s) => s.seq === seq)) {
      const reference = stored?.reference ?? summarizeReference(this.repository.reference(row.serviceId, endpoint, bounds.referenceBeforeSeq, this.config.explainReferenceSamples));
      explanation = explainEpisode(this.episode(reason, metric, seq, bounds, reference, samples, end !== null), this.settings);
      this.addDeployment(explanation, row.deploymentId, row.ts);
      if (explanation.final) this.remember(row.id, explanation);
    } else {
      // Retention deleted the samples: what the onset decided is all there is.
      explanation = storedExplanation(row.explanation);
    }
    return explanation;
  }

  /** The episode's last sample: the ending event's, or for an operator reset the last before the service relearned. */
  private endSeq(serviceId: number, endpoint: string | null, onsetSeq: number, end: EpisodeEnd): number {
    if (end.seq !== null) return end.seq;
    const learning = this.repository.firstBaselineAfter(serviceId, endpoint, onsetSeq);
    return learning === null ? Number.MAX_SAFE_INTEGER : learning - 1;
  }

  private remember(eventId: number, explanation: DriftExplanation): void {
    if (this.finals.size >= EXPLANATION.finalCacheEntries) this.finals.delete(this.finals.keys().next().value as number);
    this.finals.set(eventId, JSON.stringify(explanation));
  }

  private bounds(onsetSeq: number, reason: TransitionReason, count: number): EpisodeBounds {
    return episodeBounds(onsetSeq, reason, count, this.config.driftModerateWindow, this.settings.episodeSamples);
  }

  private episode(
    reason: TransitionReason,
    metric: MetricName,
    onsetSeq: number,
    bounds: EpisodeBounds,
    reference: EpisodeReference,
    samples: DriftEpisode['samples'],
    ended: boolean,
  ): DriftEpisode {
    return { reason, metric, onsetSeq, evidenceStartSeq: bounds.evidenceStartSeq, reference, samples, ended };
  }

  /** The marker DEPLOYMENT_NAMING_WINDOW_MINUTES already attributed the drift to (deployment_id). */
  private addDeployment(explanation: DriftExplanation, deploymentId: number | null, onsetMs: number): void {
    if (deploymentId === null) return;
    const marker = this.deployments.findById(deploymentId);
    if (!marker) return;
    const hint: DeploymentHint = {
      deployment_id: marker.id,
      version: marker.version,
      timestamp: new Date(marker.ts).toISOString(),
      minutes_before_onset: Math.round(((onsetMs - marker.ts) / 60_000) * 100) / 100,
    };
    explanation.hints.deployment = hint;
  }
}
