/** The API client: JSON in, JSON out, errors as `ApiFailure` carrying the server's message. */

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload?.error ?? { code: 'unknown', message: `${response.status} ${response.statusText}` };
    throw new ApiFailure(response.status, error.code, error.message);
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, params: Record<string, string | number | undefined> = {}) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      if (value !== undefined && value !== '') query.set(key, String(value));
    const qs = query.toString();
    return call<T>('GET', qs ? `${path}?${qs}` : path);
  },
  post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
};
