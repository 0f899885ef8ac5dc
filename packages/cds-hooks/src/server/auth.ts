/**
 * Who may call the service (CDS Hooks 2.0, "Trusting CDS Clients"): every request carries a JWT
 * signed by a registered client with an asymmetric algorithm. The checks, in order: a bearer token;
 * its algorithm is asymmetric (`none` and every HMAC algorithm are refused before anything else); its
 * issuer is registered; its `jku`, when it names one, is on that issuer's list; the signature
 * verifies with the client's keys; `aud` is the URL called, `exp` has not passed, `iat`, `exp` and
 * `jti` are present and the token lives no longer than allowed; and its `jti` has not been seen
 * before (kept in the store, so a restart does not forget). No token is ever logged or echoed.
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import type { ClientConfig } from "./config.js";
import type { FeedbackStore } from "./store.js";

/** Signature algorithms accepted: asymmetric only (the specification recommends ES384 and RS384). */
export const acceptedAlgorithms = ["ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"] as const;

/** The outcome of checking a request's token. */
export type Verdict = { readonly ok: true; readonly client: string } | { readonly ok: false; readonly reason: string };

/** How long a token may live at most, and the clock skew allowed, in seconds. */
export interface TokenLimits {
  readonly maxLifetime: number;
  readonly clockTolerance: number;
}

/** Checks client tokens against the registered clients. */
export class ClientVerifier {
  private readonly keys = new Map<string, { readonly local?: JWTVerifyGetKey; readonly remote: ReadonlyMap<string, JWTVerifyGetKey> }>();

  constructor(
    private readonly clients: readonly ClientConfig[],
    private readonly store: FeedbackStore,
    private readonly limits: TokenLimits,
  ) {
    for (const c of clients) {
      const remote = new Map([...(c.jku ?? []), ...(c.jwksUrl === undefined ? [] : [c.jwksUrl])].map((url) => [url, createRemoteJWKSet(new URL(url), { timeoutDuration: 3000, cooldownDuration: 30_000 })] as const));
      this.keys.set(c.iss, { ...(c.jwks === undefined ? {} : { local: createLocalJWKSet(c.jwks as JSONWebKeySet) }), remote });
    }
  }

  /** Checks the `Authorization` header of a request to `audiences` (the URL called, and any other it may name). */
  async verify(authorization: string | undefined, audiences: readonly string[], nowSeconds: number): Promise<Verdict> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (token === undefined) return { ok: false, reason: "a bearer token (a JWT signed by a registered client) is required" };
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      return { ok: false, reason: "the token is not a JWT" };
    }
    if (!(acceptedAlgorithms as readonly string[]).includes(String(header.alg))) return { ok: false, reason: `tokens signed with \`${String(header.alg)}\` are refused: only asymmetric algorithms are accepted (ES384 or RS384 recommended)` };
    if (header.typ !== undefined && header.typ.toUpperCase() !== "JWT") return { ok: false, reason: "the token's `typ` must be `JWT`" };
    const client = this.clients.find((c) => c.iss === claims.iss);
    const keys = client === undefined ? undefined : this.keys.get(client.iss);
    if (client === undefined || keys === undefined) return { ok: false, reason: "the token's issuer is not a registered client" };
    let key: JWTVerifyGetKey | undefined;
    if (header.jku !== undefined) {
      key = client.jku?.includes(header.jku) === true ? keys.remote.get(header.jku) : undefined;
      if (key === undefined) return { ok: false, reason: "the token's `jku` is not one this issuer is registered with" };
    } else key = keys.local ?? (client.jwksUrl === undefined ? undefined : keys.remote.get(client.jwksUrl));
    if (key === undefined) return { ok: false, reason: "the token names no `jku` and the issuer has no keys registered out of band" };

    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: client.iss,
        audience: [...audiences],
        algorithms: [...acceptedAlgorithms],
        requiredClaims: ["iss", "aud", "exp", "iat", "jti"],
        clockTolerance: this.limits.clockTolerance,
        currentDate: new Date(nowSeconds * 1000),
      });
      if (payload.exp! - payload.iat! > this.limits.maxLifetime) return { ok: false, reason: `the token lives longer than the ${this.limits.maxLifetime} seconds allowed` };
      if (!this.store.claimToken(client.iss, payload.jti!, payload.exp!)) return { ok: false, reason: "the token has been used before (its `jti` was seen)" };
      return { ok: true, client: client.iss };
    } catch (e) {
      return { ok: false, reason: refusal(e) };
    }
  }
}

/** Why jose refused a token, in words that name no part of it. */
function refusal(e: unknown): string {
  if (e instanceof errors.JWTExpired) return "the token has expired";
  if (e instanceof errors.JWTClaimValidationFailed) return e.claim === "aud" ? "the token's `aud` is not this service's URL" : `the token's \`${e.claim}\` claim is missing or wrong`;
  if (e instanceof errors.JWSSignatureVerificationFailed) return "the token's signature does not verify";
  if (e instanceof errors.JWKSNoMatchingKey) return "no registered key matches the token";
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JOSEError) return "the token could not be verified with the client's keys";
  return "the token could not be verified";
}
