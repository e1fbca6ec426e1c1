/**
 * Gives access tokens to {@link createAuthMiddleware} and {@link createAuthFetch}; implemented by
 * {@link TokenProvider}. Implement it yourself to plug another token source (a sidecar, a vault) into
 * the middleware and the 401 replay.
 *
 * @example
 * ```ts
 * let current = await fetchTokenFromSidecar();
 * const tokens: AccessTokenSource = {
 *   getToken: async () => current,
 *   invalidate: async (used) => { if (used === current) current = await fetchTokenFromSidecar(); },
 * };
 * ```
 *
 * @group HTTP
 */
export interface AccessTokenSource {
  /**
   * Resolves to an access token usable now (the raw token, without `"Bearer "`). Rejects when none can
   * be had, with the error the API call then rejects with (`TokenRequestError`, `TokenResponseError`,
   * `TimeoutError`), or with the signal's reason when `signal` fires first.
   *
   * @param signal Fires when this caller stops waiting (its deadline or its own abort signal).
   */
  getToken(signal?: AbortSignal): Promise<string>;
  /**
   * Called after an API answered 401 to a request carrying `accessToken`: that token must not be
   * returned again. Only that token: a newer one obtained meanwhile by a concurrent replay stays valid.
   *
   * @param accessToken The raw token the rejected request carried.
   */
  invalidate(accessToken: string): Promise<void>;
  /**
   * Optional synchronous fast path: the cached token and its ready-made `Authorization` value when
   * one can be used now, else `undefined` (the middleware then awaits `getToken`).
   */
  peek?():
    | {
        /** The raw access token, as `getToken` would resolve it. */
        readonly accessToken: string;
        /** The complete header value, `"Bearer <accessToken>"`, built once per token. */
        readonly authorization: string;
      }
    | undefined;
}
