/**
 * The page's address is its state (shareable, reloadable, back/forward): `#/` is the overview
 * with its filter and sort, `#/service/<id>` a service with its time range.
 */

export type Route =
  | { page: 'overview'; params: URLSearchParams }
  | { page: 'service'; serviceId: string; params: URLSearchParams };

export function currentRoute(hash = location.hash): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?', 2);
  const params = new URLSearchParams(query);
  const match = /^\/service\/(.+)$/.exec(path);
  if (match) return { page: 'service', serviceId: decodeURIComponent(match[1]), params };
  return { page: 'overview', params };
}

export function serviceHref(serviceId: string, params?: URLSearchParams): string {
  const q = params?.toString();
  return `#/service/${encodeURIComponent(serviceId)}${q ? `?${q}` : ''}`;
}

export function overviewHref(params?: URLSearchParams): string {
  const q = params?.toString();
  return `#/${q ? `?${q}` : ''}`;
}

/** Updates the address without adding a history entry (a filter keystroke is not a page). */
export function replaceParams(params: URLSearchParams): void {
  const route = currentRoute();
  const href = route.page === 'service' ? serviceHref(route.serviceId, params) : overviewHref(params);
  history.replaceState(null, '', href);
}
