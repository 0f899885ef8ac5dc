/**
 * The service as a test meets it: started on 127.0.0.1 port 0 with a feedback file in a temporary
 * folder, called over real HTTP (fetch), with tokens signed by a client key pair made for the test
 * (ES384, as the specification recommends). Also small real servers on loopback: a FHIR server
 * holding given resources (reads and searches by patient, paged with `_count`), and a JWK Set.
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GuidelineIR } from "@steward/core";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { afterAll } from "vitest";
import { parseServiceConfig, startService, type RunningService, type ServiceConfigInput } from "../../src/server/index.js";

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

/** The test client's issuer. */
export const ISSUER = "https://ehr.test.example";

/** A key pair of the test client, with its public JWK. */
export async function clientKeys(alg: "ES384" | "RS384" = "ES384", kid = "test-key"): Promise<{ readonly privateKey: PrivateKey; readonly jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/** A folder removed when the test file ends. */
export function temporaryFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "steward-cds-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A started service, its log lines, and a way to sign tokens for it. */
export interface TestService extends RunningService {
  readonly logs: string[];
  /** A token for `path` (its `aud` is the service URL and path) with these claims changed. */
  token(path: string, claims?: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  /** A JSON call with a fresh token. */
  call(method: "GET" | "POST", path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
}

/** Starts the service with `config` (a test database, 127.0.0.1:0 and the test client unless given) at a fixed time. */
export async function startTestService(guidelines: readonly GuidelineIR[], config: ServiceConfigInput, now: string, keys?: { privateKey: PrivateKey; jwk: JWK }): Promise<TestService> {
  const k = keys ?? (await clientKeys());
  const folder = temporaryFolder();
  const parsed = parseServiceConfig({ host: "127.0.0.1", port: 0, database: join(folder, "feedback.sqlite"), clients: [{ iss: ISSUER, jwks: { keys: [k.jwk] } }], ...config });
  if (parsed._tag === "Left") throw new Error(JSON.stringify(parsed.left));
  const logs: string[] = [];
  const started = await startService({ guidelines, config: parsed.right, clock: () => new Date(now), log: { write: (line) => void logs.push(line) } });
  if (started._tag === "Left") throw new Error(started.left.join("; "));
  const service = started.right;
  afterAll(() => service.close());
  const clientNow = Math.floor(Date.parse(now) / 1000);
  let counter = 0;
  const token = (path: string, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> =>
    new SignJWT({ iss: ISSUER, aud: `${service.url}${path}`, iat: clientNow, exp: clientNow + 120, jti: `jti-${Date.now()}-${counter++}`, ...claims })
      .setProtectedHeader({ alg: k.jwk.alg!, typ: "JWT", kid: k.jwk.kid!, ...header })
      .sign(k.privateKey);
  const call: TestService["call"] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token(path)}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
  };
  return { ...service, close: service.close, logs, token, call };
}

/** A server on loopback, closed when the test file ends. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
}

/** What the FHIR server was asked: the path and query, and the Authorization header sent. */
export interface FhirRequestSeen {
  readonly url: string;
  readonly authorization: string | undefined;
}

/**
 * A FHIR server on loopback holding `resources`: `Type/id` reads (404 when absent) and
 * `Type?patient=id` searches (by `subject` or `patient` reference), paged by `_count` and `_page`.
 * `token`, when given, is the access token it requires (401 otherwise).
 */
export async function fhirServer(resources: readonly Record<string, unknown>[], token?: string): Promise<{ readonly url: string; readonly seen: FhirRequestSeen[] }> {
  const seen: FhirRequestSeen[] = [];
  let base = "";
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/fhir+json" });
      res.end(JSON.stringify(body));
    };
    if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) return send(401, { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "login" }] });
    const url = new URL(req.url ?? "/", base);
    const [type, id] = url.pathname.split("/").filter((s) => s !== "");
    if (id !== undefined) {
      const found = resources.find((r) => r["resourceType"] === type && r["id"] === id);
      return found === undefined ? send(404, { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "not-found" }] }) : send(200, found);
    }
    const patient = url.searchParams.get("patient");
    const matches = resources.filter((r) => r["resourceType"] === type && [r["subject"], r["patient"]].some((s) => (s as { reference?: string } | undefined)?.reference === `Patient/${patient}`));
    const count = Number(url.searchParams.get("_count") ?? matches.length) || 1;
    const page = Number(url.searchParams.get("_page") ?? 1);
    const entries = matches.slice((page - 1) * count, page * count);
    const next = new URL(url);
    next.searchParams.set("_page", String(page + 1));
    const link = [{ relation: "self", url: url.toString() }, ...(page * count < matches.length ? [{ relation: "next", url: next.toString() }] : [])];
    send(200, { resourceType: "Bundle", type: "searchset", total: matches.length, link, entry: entries.map((resource) => ({ resource, search: { mode: "match" } })) });
  });
  base = await listen(server);
  return { url: base, seen };
}

/** A JWK Set served on loopback, as a client publishes its keys at its `jku`. */
export async function jwksServer(keys: readonly JWK[]): Promise<string> {
  const server = createServer((_, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys }));
  });
  return `${await listen(server)}/jwks.json`;
}
