/** Calls to the DriftWatch API from the browser, with the optional API key. */

const KEY_STORAGE = 'driftwatch.apiKey';

/** A response the page could not use: a network failure, a 5xx, or an unexpected status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The API answered 401 (no key, or an unknown one) or 403 (a key of another scope, e.g. an ingest
 * key): either way the page asks for a key that may read, and retries.
 */
export class AuthRequiredError extends ApiError {
  constructor(status: 401 | 403, message: string) {
    super(status, message);
  }
}

export function storedApiKey(): string | null {
  try {
    return localStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

export function storeApiKey(key: string | null): void {
  if (key === null || key === '') localStorage.removeItem(KEY_STORAGE);
  else localStorage.setItem(KEY_STORAGE, key);
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

const messageOf = (body: unknown, status: number): string => {
  const m = (body as { message?: unknown } | null)?.message;
  if (Array.isArray(m)) return m.join('; ');
  if (typeof m === 'string') return m;
  return `HTTP ${status}`;
};

/**
 * GET `path` and parse its JSON. Statuses in `accept` (besides 2xx) are answers, not errors: the
 * gate says its verdict with 409 and 503.
 */
export async function getJson<T>(path: string, accept: number[] = []): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const key = storedApiKey();
  if (key) headers['x-api-key'] = key;
  let response: Response;
  try {
    response = await fetch(path, { headers });
  } catch (error) {
    throw new ApiError(0, `DriftWatch is not reachable (${String(error)})`);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A body that is not JSON (a proxy's error page): the status says enough.
  }
  if (response.status === 401 || response.status === 403) throw new AuthRequiredError(response.status, messageOf(body, response.status));
  if (response.ok || accept.includes(response.status)) return { status: response.status, body: body as T };
  throw new ApiError(response.status, messageOf(body, response.status));
}

/** `path` with the query parameters that are set. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}
