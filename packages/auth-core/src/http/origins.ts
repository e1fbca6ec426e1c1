/**
 * A test for "is this URL on one of these origins" that does not parse the URL: `Request.url` and
 * `URL.origin` are both normalised (lower-case host, default port dropped), so a prefix check followed
 * by `/`, `?`, `#` or the end is exact, and costs no allocation on the hot path.
 * `https://api.acme.test.evil.example/` does not match `https://api.acme.test`.
 */
export function originMatcher(origins: readonly string[]): (url: string) => boolean {
  const list = [...new Set(origins)];
  return (url) => {
    for (const origin of list) {
      if (!url.startsWith(origin)) continue;
      const next = url.charCodeAt(origin.length);
      // NaN: the URL is the origin itself; 47 "/", 63 "?", 35 "#".
      if (Number.isNaN(next) || next === 47 || next === 63 || next === 35) return true;
    }
    return false;
  };
}
