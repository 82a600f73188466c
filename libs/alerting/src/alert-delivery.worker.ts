import { AlertOutboxRepository, DueAlert } from '@app/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AlertEvent, AlertType } from './alert-event';
import { buildAlertRequest } from './alert-request';
import { AlertSettings, destinationNames } from './alert-settings';
import { ALERT_EVENT_VIEW, ALERT_SETTINGS, EventViewMapper } from './alerting.tokens';
import { AttemptAbortedError, postOnce } from './http-post';
import { AttemptResult, decide } from './retry-policy';

/** A claimed row is not due again until its attempt must be over (deadline plus this margin). */
const CLAIM_MARGIN_MS = 5000;

/**
 * Delivers the outbox. Rows are read from SQLite, so alerts written before a restart (or while a
 * receiver was down) go out when the process is back: at least once, receivers dedupe by id.
 * Only the oldest pending alert of a (destination, service) pair is ever attempted, which keeps
 * each service's alerts in order per destination; different pairs proceed in parallel.
 */
@Injectable()
export class AlertDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AlertDeliveryWorker.name);
  private readonly inFlight = new Map<number, { controller: AbortController; done: Promise<void> }>();
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    @Inject(ALERT_EVENT_VIEW) private readonly eventView: EventViewMapper,
    private readonly outbox: AlertOutboxRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    const names = destinationNames(this.settings);
    const orphaned = this.outbox.failPendingExcept(names, (d) => `not delivered: the ${d} destination is no longer configured`);
    if (orphaned > 0) this.logger.warn(`${orphaned} pending alert(s) given up: their destination is no longer configured`);
    if (names.length === 0) return;
    this.running = true;
    this.schedule(0);
  }

  /** New rows were written (called inside the ingest transaction: the look happens after it commits). */
  wake(): void {
    if (this.running) this.schedule(0);
  }

  /** Stops polling and aborts attempts in progress; an aborted attempt is not counted and is retried at the next start. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const attempts = Array.from(this.inFlight.values());
    for (const attempt of attempts) attempt.controller.abort();
    await Promise.allSettled(attempts.map((a) => a.done));
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, delayMs);
    this.timer.unref();
  }

  private tick(): void {
    if (!this.running) return;
    try {
      this.dispatchDue();
    } catch (error) {
      // A timer callback must not throw (it would end the process); try again later.
      this.logger.error(`Alert delivery worker: ${String(error)}`);
      this.schedule(this.settings.pollIntervalMs);
    }
  }

  private dispatchDue(): void {
    const now = Date.now();
    const free = this.settings.maxInFlight - this.inFlight.size;
    if (free > 0) for (const alert of this.outbox.due(now, free)) this.dispatch(alert, now);
    // At capacity, the next finished attempt wakes the worker.
    if (this.inFlight.size >= this.settings.maxInFlight) return;
    const next = this.outbox.nextDueAt();
    const wait = next === undefined ? this.settings.pollIntervalMs : Math.max(0, next - Date.now());
    this.schedule(Math.min(wait, this.settings.pollIntervalMs));
  }

  private dispatch(alert: DueAlert, nowMs: number): void {
    this.outbox.reschedule(alert.id, nowMs + this.settings.timeoutMs + CLAIM_MARGIN_MS);
    const controller = new AbortController();
    const done = this.attempt(alert, controller.signal)
      .catch((error: unknown) => this.logger.error(`Alert ${alert.id}: ${String(error)}`))
      .finally(() => {
        this.inFlight.delete(alert.id);
        this.wake();
      });
    this.inFlight.set(alert.id, { controller, done });
  }

  private async attempt(alert: DueAlert, signal: AbortSignal): Promise<void> {
    const destination = this.settings.destinations.find((d) => d.name === alert.destination);
    const loaded = destination ? await this.outbox.loadEvent(alert.eventId) : undefined;
    if (signal.aborted) return this.outbox.reschedule(alert.id, Date.now());
    if (!destination || !loaded) {
      const why = !destination ? `the ${alert.destination} destination is no longer configured` : `drift event ${alert.eventId} is no longer stored (retention)`;
      this.outbox.markFailed(alert.id, { nowMs: Date.now(), httpStatus: null, error: `not delivered: ${why}` }, false);
      return;
    }
    const event: AlertEvent = {
      type: alert.type as AlertType,
      eventId: alert.eventId,
      episodeEventId: alert.episodeEventId,
      serviceId: loaded.serviceName,
      timeMs: loaded.event.ts,
      from: loaded.event.fromState,
      to: loaded.event.toState,
      reason: loaded.event.reason,
      metric: loaded.event.metric,
      endpoint: loaded.event.endpoint ?? null,
      maxZscore: loaded.event.maxZscore,
      view: this.eventView(loaded.event, loaded.serviceName),
    };
    const request = buildAlertRequest(destination, event, this.settings.publicUrl, Date.now());
    let result: AttemptResult;
    try {
      result = await postOnce(request, this.settings.timeoutMs, signal);
    } catch (error) {
      if (!(error instanceof AttemptAbortedError)) throw error;
      // Cut short by stop(): not counted, due again at the next start.
      return this.outbox.reschedule(alert.id, Date.now());
    }
    this.settle(alert, event, result);
  }

  private settle(alert: DueAlert, event: AlertEvent, result: AttemptResult): void {
    const nowMs = Date.now();
    const attempts = alert.attempts + 1;
    const decision = decide(result, attempts, alert.createdAt, nowMs, this.settings.retry, Math.random);
    const what = `Alert ${event.type} #${event.eventId} (${event.serviceId}) to ${alert.destination}`;
    switch (decision.kind) {
      case 'delivered':
        this.outbox.markDelivered(alert.id, { nowMs, httpStatus: decision.httpStatus, error: null });
        this.logger.log(`${what} delivered after ${attempts} attempt(s)`);
        return;
      case 'retry':
        this.outbox.markRetry(alert.id, { nowMs, httpStatus: decision.httpStatus, error: decision.error }, decision.nextAttemptAt);
        this.logger.debug(`${what}: attempt ${attempts} failed (${decision.error}); next in ${decision.nextAttemptAt - nowMs} ms`);
        return;
      case 'failed':
        this.outbox.markFailed(alert.id, { nowMs, httpStatus: decision.httpStatus, error: decision.error }, true);
        this.logger.warn(`${what} failed: ${decision.error}`);
        return;
    }
  }
}
