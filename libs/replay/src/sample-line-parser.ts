import { parseTimestamp } from './parse-timestamp';

/** One telemetry sample read from a replay file. */
export interface ReplaySample {
  serviceId: string;
  timeMs: number;
  latency: number;
  /** NaN when the row has no payload (a latency-only series, NAB's `value`). */
  payload: number;
  /** The endpoint the row names ("POST /pay"); absent when it names none. */
  endpoint?: string;
}

/** A row the reader cannot use; `line` is 1-based, as an editor shows it. */
export class BadRowError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'BadRowError';
  }
}

export type ReplayFormat = 'csv' | 'jsonl';

interface CsvColumns {
  timestamp: number;
  latency: number;
  payload: number;
  serviceId: number;
  endpoint: number;
  /** `value` (a generic metric such as NAB's) may be negative; `latency_ms` may not. */
  generic: boolean;
}

const unquote = (field: string): string => {
  const f = field.trim();
  return f.length >= 2 && f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1) : f;
};

/**
 * Turns the lines of a replay file into samples, one line at a time (so a file of any size
 * streams through in constant memory). The first non-blank line decides the format:
 * `{…}` is JSON lines of `{service_id?, endpoint?, latency_ms, payload_kb?, timestamp}`; anything
 * else is a CSV header, either `timestamp,value` (value → latency, no payload) or
 * `timestamp,latency_ms[,payload_kb][,service_id][,endpoint]` in any column order (an empty
 * endpoint field: none; a CSV endpoint cannot hold a comma).
 */
export class SampleLineParser {
  private formatValue: ReplayFormat | null = null;
  private columns: CsvColumns | null = null;

  constructor(private readonly defaultServiceId: string) {}

  get format(): ReplayFormat | null {
    return this.formatValue;
  }

  /** The sample on this line, or `null` for a blank line or the CSV header. Throws `BadRowError`. */
  parse(line: string, lineNo: number): ReplaySample | null {
    const text = line.trim();
    if (text === '') return null;
    if (this.formatValue === null) {
      if (text.startsWith('{')) this.formatValue = 'jsonl';
      else {
        this.columns = this.readHeader(text.replace(/^\uFEFF/, ''), lineNo);
        this.formatValue = 'csv';
        return null;
      }
    }
    return this.formatValue === 'jsonl' ? this.parseJson(text, lineNo) : this.parseCsv(text, lineNo);
  }

  private readHeader(text: string, lineNo: number): CsvColumns {
    const names = text.split(',').map((n) => unquote(n).toLowerCase());
    const at = (name: string): number => names.indexOf(name);
    const timestamp = at('timestamp');
    const value = at('value');
    const latencyMs = at('latency_ms');
    if (timestamp < 0 || (value < 0 && latencyMs < 0)) {
      throw new BadRowError(lineNo, `expected a CSV header "timestamp,value" or "timestamp,latency_ms[,payload_kb]", got "${text.slice(0, 80)}"`);
    }
    return {
      timestamp,
      latency: latencyMs >= 0 ? latencyMs : value,
      payload: at('payload_kb'),
      serviceId: at('service_id'),
      endpoint: at('endpoint'),
      generic: latencyMs < 0,
    };
  }

  private parseCsv(text: string, lineNo: number): ReplaySample {
    const cols = this.columns as CsvColumns;
    const fields = text.split(',');
    const field = (i: number, name: string): string => {
      if (i >= fields.length) throw new BadRowError(lineNo, `missing ${name} (expected ${Math.max(cols.timestamp, cols.latency, cols.payload, cols.serviceId, cols.endpoint) + 1} fields, got ${fields.length})`);
      return unquote(fields[i]);
    };
    const timeMs = this.time(field(cols.timestamp, 'timestamp'), lineNo);
    const latencyName = cols.generic ? 'value' : 'latency_ms';
    const latency = this.number(field(cols.latency, latencyName), latencyName, !cols.generic, lineNo);
    // No payload column, or an empty field in it: no payload (NaN), as the API stores an absent payload_kb.
    const payloadText = cols.payload >= 0 ? field(cols.payload, 'payload_kb') : '';
    const payload = payloadText === '' ? NaN : this.number(payloadText, 'payload_kb', true, lineNo);
    const serviceId = cols.serviceId >= 0 ? field(cols.serviceId, 'service_id') || this.defaultServiceId : this.defaultServiceId;
    const endpoint = cols.endpoint >= 0 ? field(cols.endpoint, 'endpoint') : '';
    return endpoint === '' ? { serviceId, timeMs, latency, payload } : { serviceId, timeMs, latency, payload, endpoint };
  }

  private parseJson(text: string, lineNo: number): ReplaySample {
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch {
      throw new BadRowError(lineNo, 'not valid JSON');
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new BadRowError(lineNo, 'expected a JSON object');
    const r = row as Record<string, unknown>;
    const serviceId = r.service_id === undefined ? this.defaultServiceId : r.service_id;
    if (typeof serviceId !== 'string' || serviceId === '') throw new BadRowError(lineNo, 'service_id must be a non-empty string');
    if (typeof r.timestamp !== 'string') throw new BadRowError(lineNo, 'timestamp must be an ISO-8601 string');
    const timeMs = this.time(r.timestamp, lineNo);
    const latency = this.jsonNumber(r.latency_ms, 'latency_ms', lineNo);
    const payload = r.payload_kb === undefined || r.payload_kb === null ? NaN : this.jsonNumber(r.payload_kb, 'payload_kb', lineNo);
    if (r.endpoint === undefined || r.endpoint === null) return { serviceId, timeMs, latency, payload };
    if (typeof r.endpoint !== 'string' || r.endpoint === '') throw new BadRowError(lineNo, 'endpoint must be a non-empty string (or absent)');
    return { serviceId, timeMs, latency, payload, endpoint: r.endpoint };
  }

  private time(text: string, lineNo: number): number {
    const t = parseTimestamp(text);
    if (t === null) throw new BadRowError(lineNo, `timestamp "${text.slice(0, 40)}" is not ISO-8601`);
    return t;
  }

  private number(text: string, name: string, nonNegative: boolean, lineNo: number): number {
    // Number('') is 0: an empty field must be an error, not a zero.
    const v = text === '' ? NaN : Number(text);
    if (!Number.isFinite(v)) throw new BadRowError(lineNo, `${name} "${text.slice(0, 40)}" is not a finite number`);
    if (nonNegative && v < 0) throw new BadRowError(lineNo, `${name} must be >= 0, got ${v}`);
    return v;
  }

  private jsonNumber(v: unknown, name: string, lineNo: number): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadRowError(lineNo, `${name} must be a finite number`);
    if (v < 0) throw new BadRowError(lineNo, `${name} must be >= 0, got ${v}`);
    return v;
  }
}
