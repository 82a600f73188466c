import { ApiError, UnreachableError } from './client-errors';
import { EventBody, EventsBody, HealthBody, TelemetryBody } from './api-types';

const REQUEST_TIMEOUT_MS = 15_000;
/** A full queue answers 503 + Retry-After; give up after this many retries (~1 min at 1 s). */
const MAX_RETRIES = 60;
const EVENTS_LIMIT = 1000;

/** A thin fetch client for the routes the simulator uses; no Nest or HTTP library needed. */
export class DriftwatchClient {
  constructor(
    readonly baseUrl: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly apiKey?: string,
  ) {}

  async ping(): Promise<void> {
    await this.request('GET', '/health', undefined, [200]);
  }

  /** The service's health, or null while DriftWatch has never seen it (404). */
  async health(service: string): Promise<HealthBody | null> {
    const res = await this.request('GET', `/v1/health/${encodeURIComponent(service)}`, undefined, [200, 404]);
    return res.status === 404 ? null : ((await res.json()) as HealthBody);
  }

  /** Recent transitions, newest first. */
  async events(service: string): Promise<EventBody[]> {
    const res = await this.request('GET', `/v1/events/${encodeURIComponent(service)}?limit=${EVENTS_LIMIT}`, undefined, [200, 404]);
    return res.status === 404 ? [] : ((await res.json()) as EventsBody).events;
  }

  async reset(service: string): Promise<void> {
    await this.request('POST', `/v1/baseline/${encodeURIComponent(service)}/reset`, undefined, [200, 202, 404]);
  }

  async send(sample: TelemetryBody): Promise<void> {
    await this.request('POST', '/v1/telemetry', sample, [202]);
  }

  /** A 202 means the batch is committed and scored, so health read afterwards includes it. */
  async sendBatch(samples: TelemetryBody[]): Promise<void> {
    await this.request('POST', '/v1/telemetry/batch', { samples }, [202]);
  }

  private headers(method: string): Record<string, string> {
    const headers: Record<string, string> = {};
    // DriftWatch refuses a POST without this type, body or not (no cross-site form posts).
    if (method !== 'GET') headers['content-type'] = 'application/json';
    if (this.apiKey !== undefined) headers['x-api-key'] = this.apiKey;
    return headers;
  }

  private async request(method: string, path: string, body: unknown, ok: number[]): Promise<Response> {
    const what = `${method} ${path.split('?')[0]}`;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(this.baseUrl + path, {
          method,
          headers: this.headers(method),
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        throw new UnreachableError(this.baseUrl, error);
      }
      if (ok.includes(res.status)) return res;
      if (res.status === 503 && attempt < MAX_RETRIES) {
        await res.body?.cancel();
        const seconds = Number(res.headers.get('retry-after'));
        await this.sleep(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000);
        continue;
      }
      throw new ApiError(res.status, what, await errorDetail(res));
    }
  }
}

async function errorDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    const message = parsed.message;
    return Array.isArray(message) ? message.join('; ') : String(message ?? text);
  } catch {
    return text.slice(0, 200);
  }
}
