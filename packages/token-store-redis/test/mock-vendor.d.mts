/** A mock vendor on 127.0.0.1: counts token requests, checks that each API call carries its tenant's token. */
export interface MockVendor {
  /** `http://127.0.0.1:<port>/oauth/token`: JSON body `{ client_id, client_secret }`, secret `secret-of-<client_id>`. */
  readonly tokenUrl: string;
  /** `http://127.0.0.1:<port>/v1`; the API is `GET /tenants/<client_id>/things`. */
  readonly baseUrl: string;
  /** Token requests received, per tenant (client id). */
  readonly tokenRequests: Map<string, number>;
  /** Total token requests received. */
  totalTokenRequests(): number;
  /** API calls whose token belonged to another tenant (must stay 0). */
  readonly crossTenantCalls: number;
  /** API calls received. */
  readonly apiCalls: number;
  /** `expires_in` of the next tokens, in seconds (default 3600). */
  lifetimeSeconds: number;
  /** The next token request from this worker (header `x-fleet-worker`) is never answered. */
  holdTokenRequestsFrom(worker: string): void;
  /** Resolves with the worker id of the next token request that arrives. */
  nextTokenRequest(): Promise<string>;
  close(): Promise<void>;
}

export function startMockVendor(options?: {
  tokenLatencyMs?: number;
  lifetimeSeconds?: number;
}): Promise<MockVendor>;
