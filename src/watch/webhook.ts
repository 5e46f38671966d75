/** POST an alert match as JSON to a webhook: with a deadline; a failure is a value to record, never a throw. */
export async function postWebhook(
  url: string,
  payload: unknown,
  timeoutMs: number,
  userAgent: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify(payload),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    if (response.ok) return { ok: true };
    return { ok: false, error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` };
  } catch (err) {
    const error = err as Error & { cause?: { code?: string } };
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      return { ok: false, error: `timed out after ${timeoutMs} ms` };
    }
    return { ok: false, error: error.cause?.code ? `network error (${error.cause.code})` : error.message };
  }
}
