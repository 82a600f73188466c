import { Inject, Injectable } from '@nestjs/common';
import { TelemetryBody } from '../client/api-types';
import { DriftwatchClient } from '../client/driftwatch-client';
import { isFastMode, NOMINAL_RATE, scenarioSamples, SIM_OPTIONS_TOKEN, SimOptions } from '../options/sim-options';
import { SampleGenerator } from '../traffic/sample-generator';
import { buildScenario, RECOVERY_TAIL_MAX_SAMPLES, Scenario, SimMode } from '../traffic/scenario';
import { DEFAULT_PROFILE } from '../traffic/traffic-profile';
import { WARMUP_MAX_SAMPLES, warmupGenerator } from '../traffic/warmup';
import { ObservedTransition, RunRecord, Verdict } from '../verdict/verdict';
import { VerdictCalculator } from '../verdict/verdict-calculator';
import { ProgressReporter } from './progress-reporter';
import { SIM_OUTPUT, SimOutput } from './sim-output';
import { TrafficSender } from './traffic-sender';

const INSUFFICIENT = 'INSUFFICIENT_DATA';
const STABLE = 'STABLE';
/** At ordinary rates, ask for the state about once a second of nominal traffic. */
const SLOW_STATE_EVERY = NOMINAL_RATE;
/** Single-sample posts may still be queued when the last 202 arrives; wait this long for them. */
const DRAIN_TIMEOUT_MS = 15_000;

export interface RunResult {
  scenario: Scenario;
  record: RunRecord;
  verdicts: Verdict[];
  passed: boolean;
}

/** One simulator run: optional reset, warm-up to STABLE if needed, the scenario, then the verdicts. */
@Injectable()
export class ScenarioRunner {
  private state = INSUFFICIENT;
  private startedMs = 0;

  constructor(
    @Inject(SIM_OPTIONS_TOKEN) private readonly options: SimOptions,
    @Inject(SIM_OUTPUT) private readonly out: SimOutput,
    private readonly client: DriftwatchClient,
    private readonly sender: TrafficSender,
    private readonly progress: ProgressReporter,
    private readonly calculator: VerdictCalculator,
  ) {}

  async run(): Promise<RunResult> {
    const o = this.options;
    const scenario = buildScenario(o.mode, scenarioSamples(o));
    await this.client.ping();
    if (o.reset) await this.client.reset(o.service);
    const before = await this.client.health(o.service);
    const initialCount = before?.samples_total ?? 0;
    this.state = before?.state ?? INSUFFICIENT;
    const hadBaseline = this.state !== INSUFFICIENT;
    this.out.write(
      `DriftWatch simulator: ${o.mode} on ${o.service} at ${o.url} - ${scenario.samples} samples ` +
        `at ${o.rate}/s${isFastMode(o) ? ' (batch)' : ''}, seed ${o.seed}; service state ${this.state}\n`,
    );
    // Fast mode back-dates sample times at the nominal 10/s so the stored series looks like real traffic.
    this.startedMs = Date.now();
    const tailCap = o.mode === SimMode.SPIKE ? RECOVERY_TAIL_MAX_SAMPLES : 0;
    const anchorMs = this.startedMs - (WARMUP_MAX_SAMPLES + scenario.samples + tailCap) * (1000 / NOMINAL_RATE);
    const stamp = (slot: number): string | undefined =>
      isFastMode(o) ? new Date(anchorMs + slot * (1000 / NOMINAL_RATE)).toISOString() : undefined;

    const warmupSamples = o.mode !== SimMode.NORMAL && !hadBaseline ? await this.warmUp(stamp) : 0;
    const scenarioBaseSeq = initialCount + warmupSamples;
    const generator = new SampleGenerator(o.seed, DEFAULT_PROFILE);
    let injected = DEFAULT_PROFILE.latencyMeanMs;
    await this.sender.send(
      scenario.samples,
      (i) => {
        injected = DEFAULT_PROFILE.latencyMeanMs * scenario.latencyFactor(i);
        return this.body(generator.sample(i, scenario.latencyFactor(i)), stamp(WARMUP_MAX_SAMPLES + i));
      },
      async (sent) => {
        await this.refreshState(sent, sent === scenario.samples);
        this.report(o.mode, sent, scenario.samples, injected, sent === scenario.samples);
        return false;
      },
    );
    this.progress.finish();
    const tailSamples = tailCap > 0 ? await this.recoveryTail(generator, scenarioBaseSeq + scenario.samples, scenario.samples, stamp) : 0;

    const expected = scenarioBaseSeq + scenario.samples + tailSamples;
    const finalCount = await this.waitForDrain(expected);
    if (finalCount !== expected) {
      this.out.write(`warning: ${o.service} holds ${finalCount} samples, expected ${expected}; another sender may skew the verdicts\n`);
    }
    const record: RunRecord = {
      scenarioBaseSeq,
      warmupSamples,
      hadBaseline,
      tailSamples,
      transitions: await this.transitionsSince(initialCount),
      finalState: this.state,
    };
    const verdicts = this.calculator.verdicts(scenario, record);
    return { scenario, record, verdicts, passed: verdicts.every((v) => v.pass) };
  }

  /** NORMAL traffic until the service is STABLE (at most WARMUP_MAX_SAMPLES); returns how many were sent. */
  private async warmUp(stamp: (slot: number) => string | undefined): Promise<number> {
    const generator = warmupGenerator(this.options.seed, DEFAULT_PROFILE);
    const sent = await this.sender.send(
      WARMUP_MAX_SAMPLES,
      (i) => this.body(generator.sample(i), stamp(i)),
      async (n) => {
        await this.refreshState(n, false);
        this.report('warm-up', n, WARMUP_MAX_SAMPLES, DEFAULT_PROFILE.latencyMeanMs, this.state !== INSUFFICIENT);
        return this.state !== INSUFFICIENT;
      },
    );
    this.progress.finish();
    this.out.write(`warm-up: ${sent} NORMAL samples sent, service ${this.state}\n`);
    return sent;
  }

  /** SPIKE: healthy traffic after the scenario until the service is STABLE again (bounded). */
  private async recoveryTail(
    generator: SampleGenerator,
    sentSoFar: number,
    firstIndex: number,
    stamp: (slot: number) => string | undefined,
  ): Promise<number> {
    await this.waitForDrain(sentSoFar);
    if (this.state === STABLE) return 0;
    const sent = await this.sender.send(
      RECOVERY_TAIL_MAX_SAMPLES,
      (i) => this.body(generator.sample(firstIndex + i, 1), stamp(WARMUP_MAX_SAMPLES + firstIndex + i)),
      async (n) => {
        await this.refreshState(n, false);
        this.report('recovery', n, RECOVERY_TAIL_MAX_SAMPLES, DEFAULT_PROFILE.latencyMeanMs, this.state === STABLE);
        return this.state === STABLE;
      },
    );
    this.progress.finish();
    this.out.write(`recovery: ${sent} more healthy samples sent, service ${this.state}\n`);
    return sent;
  }

  private body(sample: { latencyMs: number; payloadKb: number }, timestamp: string | undefined): TelemetryBody {
    const b: TelemetryBody = { service_id: this.options.service, latency_ms: sample.latencyMs, payload_kb: sample.payloadKb };
    if (timestamp !== undefined) b.timestamp = timestamp;
    return b;
  }

  private async refreshState(sent: number, force: boolean): Promise<void> {
    if (!force && !isFastMode(this.options) && sent % SLOW_STATE_EVERY !== 0) return;
    this.state = (await this.client.health(this.options.service))?.state ?? INSUFFICIENT;
  }

  private report(phase: string, sent: number, total: number, injectedLatencyMs: number, force: boolean): void {
    this.progress.update({ phase, elapsedMs: Date.now() - this.startedMs, sent, total, injectedLatencyMs, state: this.state }, force);
  }

  private async waitForDrain(expected: number): Promise<number> {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    for (;;) {
      const health = await this.client.health(this.options.service);
      this.state = health?.state ?? INSUFFICIENT;
      const count = health?.samples_total ?? 0;
      if (count >= expected || Date.now() > deadline) return count;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The run's transitions, oldest first, counted by the service's own sample numbers. */
  private async transitionsSince(initialCount: number): Promise<ObservedTransition[]> {
    const events = await this.client.events(this.options.service);
    return events
      .filter((e): e is typeof e & { seq: number } => e.seq !== null && e.seq > initialCount)
      .map((e) => ({ seq: e.seq, from: e.from, to: e.to, reason: e.reason }))
      .sort((a, b) => a.seq - b.seq);
  }
}
