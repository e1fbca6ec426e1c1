/** An unsigned JWT-shaped token with the given claims (only scheduling reads them). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${encode({ alg: "none", typ: "JWT" })}.${encode(claims)}.sig${Math.random().toString(36).slice(2)}`;
}
