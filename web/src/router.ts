/** Hash routes: `#/documents/ID`, `#/search?q=ship`. */

export interface Route {
  path: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

export function hashFor(path: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const qs = query.toString();
  return `#/${path}${qs ? `?${qs}` : ''}`;
}

/** Record the page's state in the address without re-rendering it (the page already shows it). */
export function rememberState(path: string, params: Record<string, string | undefined>): void {
  history.replaceState(null, '', hashFor(path, params));
}
