/**
 * The page's address is its state (shareable, reloadable, back/forward): `#/` is the overview
 * with its filter and sort, `#/service/<id>` a service with its time range (and `endpoint=`),
 * `#/incidents` the incidents (`to=` pages back).
 */

export type Route =
  | { page: 'overview'; params: URLSearchParams }
  | { page: 'incidents'; params: URLSearchParams }
  | { page: 'service'; serviceId: string; params: URLSearchParams };

export function currentRoute(hash = location.hash): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?', 2);
  const params = new URLSearchParams(query);
  const match = /^\/service\/(.+)$/.exec(path);
  if (match) return { page: 'service', serviceId: decodeURIComponent(match[1]), params };
  if (path === '/incidents') return { page: 'incidents', params };
  return { page: 'overview', params };
}

export function serviceHref(serviceId: string, params?: URLSearchParams): string {
  const q = params?.toString();
  return `#/service/${encodeURIComponent(serviceId)}${q ? `?${q}` : ''}`;
}

/** A service's page over a fixed range, optionally on one endpoint. */
export function serviceRangeHref(serviceId: string, fromMs: number, toMs: number, endpoint?: string): string {
  const params = new URLSearchParams();
  if (endpoint) params.set('endpoint', endpoint);
  params.set('from', new Date(fromMs).toISOString());
  params.set('to', new Date(toMs).toISOString());
  return serviceHref(serviceId, params);
}

export function incidentsHref(params?: URLSearchParams): string {
  const q = params?.toString();
  return `#/incidents${q ? `?${q}` : ''}`;
}

export function overviewHref(params?: URLSearchParams): string {
  const q = params?.toString();
  return `#/${q ? `?${q}` : ''}`;
}

/** Updates the address without adding a history entry (a filter keystroke is not a page). */
export function replaceParams(params: URLSearchParams): void {
  const route = currentRoute();
  const href = route.page === 'service' ? serviceHref(route.serviceId, params) : route.page === 'incidents' ? incidentsHref(params) : overviewHref(params);
  history.replaceState(null, '', href);
}
