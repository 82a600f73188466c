import { Inject, Injectable } from '@nestjs/common';
import { SIM_OUTPUT, SimOutput } from './sim-output';

/** Without a TTY (CI logs) a `\r`-rewritten line would pile up, so print a line this often instead. */
const PLAIN_EVERY_MS = 5_000;

export interface ProgressSnapshot {
  phase: string;
  elapsedMs: number;
  sent: number;
  total: number;
  injectedLatencyMs: number;
  state: string;
}

/** The live progress line: rewritten in place on a terminal, printed every few seconds otherwise. */
@Injectable()
export class ProgressReporter {
  private lastPlainMs = -Infinity;
  private lineOpen = false;

  constructor(@Inject(SIM_OUTPUT) private readonly out: SimOutput) {}

  update(p: ProgressSnapshot, force = false): void {
    const line =
      `${p.phase.padEnd(8)} ${(p.elapsedMs / 1000).toFixed(1).padStart(6)} s  ` +
      `sent ${String(p.sent).padStart(6)}/${p.total}  ` +
      `injected latency ${p.injectedLatencyMs.toFixed(0).padStart(4)} ms  state ${p.state}`;
    if (this.out.isTTY) {
      this.out.write(`\r${line.padEnd(100)}`);
      this.lineOpen = true;
    } else if (force || p.elapsedMs - this.lastPlainMs >= PLAIN_EVERY_MS) {
      this.lastPlainMs = p.elapsedMs;
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the in-place line so the next output starts on a fresh one. */
  finish(): void {
    if (this.lineOpen) this.out.write('\n');
    this.lineOpen = false;
    this.lastPlainMs = -Infinity;
  }
}
