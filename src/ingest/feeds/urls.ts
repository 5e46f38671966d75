/** Resolve a possibly relative URL against a base; one that cannot be resolved is kept as written. */
export function resolveUrl(url: string | null, base: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url, base ?? undefined).href;
  } catch {
    return url;
  }
}

export function isHttpUrl(value: string | null): value is string {
  return value !== null && /^https?:\/\/\S+$/i.test(value);
}
