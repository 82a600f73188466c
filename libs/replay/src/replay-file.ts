import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import { ReplayConfig, ReplayRunner, ReplaySummary, ReplayTransition } from './replay-runner';
import { BadRowError, SampleLineParser } from './sample-line-parser';

export interface ReplayFileOptions {
  config: ReplayConfig;
  /** Service of rows that name none; default: the file name without its extension. */
  serviceId?: string;
  /** Skip (and count) bad rows instead of stopping at the first. */
  skipBadRows?: boolean;
  /** Called for every transition, in order; may return a promise to apply back-pressure. */
  onTransition: (t: ReplayTransition) => void | Promise<void>;
  /** Called now and then with the bytes read so far. */
  onProgress?: (bytesRead: number) => void;
}

/** The default service of a file: its name without the extension (`data/api.csv` → `api`). */
export const serviceIdForFile = (path: string): string => basename(path, extname(path));

/**
 * Streams a CSV or JSON-lines file through a `ReplayRunner`, line by line, so memory stays
 * bounded by the number of services, not the file size. Throws `BadRowError` on the first bad
 * row unless `skipBadRows`.
 */
export async function replayFile(path: string, options: ReplayFileOptions): Promise<ReplaySummary> {
  const parser = new SampleLineParser(options.serviceId ?? serviceIdForFile(path));
  const runner = new ReplayRunner(options.config);
  const input = createReadStream(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let skipped = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      let sample;
      try {
        sample = parser.parse(line, lineNo);
      } catch (error) {
        // A bad header is never skippable: nothing after it could be read.
        if (options.skipBadRows && error instanceof BadRowError && parser.format !== null) {
          skipped++;
          continue;
        }
        throw error;
      }
      if (sample) {
        const t = runner.feed(sample);
        if (t) await options.onTransition(t);
      }
      if (options.onProgress && (lineNo & 0x3fff) === 0) options.onProgress(input.bytesRead);
    }
  } finally {
    lines.close();
    input.destroy();
  }
  options.onProgress?.(input.bytesRead);
  return runner.summary(skipped);
}
