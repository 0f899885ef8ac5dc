/**
 * `pnpm --filter @steward/cds-hooks loadtest`: requests per second and p50 / p99 latency of
 * order-select and order-sign, on loopback, with every bundled guideline, with and without JWT
 * verification. The service runs as `steward serve` in a child process (so the load generator,
 * autocannon, does not share its event loop); the patient is the complex inpatient read from the HL7
 * FHIR R4 examples (test/fixtures), with a draft linezolid order. Each request carries its own token
 * (a `jti` is accepted once), signed before the run. Figures, not a pass or fail: a timed test would
 * say more about the machine than the service. Environment: LOADTEST_SECONDS (default 10),
 * LOADTEST_CONNECTIONS (default 10).
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { conformanceRoot } from "../../../test/support/conformance.js";
import { bundledGuidelines } from "../../../test/support/guidelines.js";
import { complexInpatientCall } from "../test/support/inpatient.js";
import { spawnServe } from "../test/support/serve-process.js";

const seconds = Number(process.env["LOADTEST_SECONDS"] ?? 10);
const connections = Number(process.env["LOADTEST_CONNECTIONS"] ?? 10);
const issuer = "https://ehr.loadtest.example";

if (conformanceRoot === undefined) {
  process.stdout.write("loadtest: SKIPPED — the complex inpatient is read from ../shared/conformance, which is not beside this checkout\n");
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), "steward-loadtest-"));
const guidelines = bundledGuidelines();
for (const g of guidelines) writeFileSync(join(work, `${g.guideline.id}.ir.json`), JSON.stringify(g));

// The complex inpatient as a CDS client would prefetch it, with the linezolid order as the draft.
const { prefetch, context, mappings } = complexInpatientCall();
const bodies = {
  "order-select": JSON.stringify({ hook: "order-select", hookInstance: "7f1c2a9e-0b1d-4a51-9d0c-3c1f4e5a6b01", context: { ...context, selections: ["MedicationRequest/rx-linezolid-draft"] }, prefetch }),
  "order-sign": JSON.stringify({ hook: "order-sign", hookInstance: "7f1c2a9e-0b1d-4a51-9d0c-3c1f4e5a6b02", context, prefetch }),
} as const;

const keys = await generateKeyPair("ES384", { extractable: true });
const jwk = { ...(await exportJWK(keys.publicKey)), kid: "loadtest", alg: "ES384", use: "sig" };

/** Starts `steward serve` with this configuration and waits for its address. */
async function serve(config: Record<string, unknown>): Promise<{ url: string; child: ChildProcess }> {
  const file = join(work, `config-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ host: "127.0.0.1", port: 0, database: join(work, `service-${Date.now()}.sqlite`), mappings, ...config }));
  return spawnServe(["--guidelines", work, "--config", file]);
}

/** Tokens for `path`, one per request the run can make, signed before it starts. */
async function tokens(url: string, path: string, count: number): Promise<string[]> {
  const now = Math.floor(Date.now() / 1000);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(await new SignJWT({ iss: issuer, aud: `${url}${path}`, iat: now, exp: now + 290, jti: `${path}-${i}-${now}` }).setProtectedHeader({ alg: "ES384", typ: "JWT", kid: "loadtest" }).sign(keys.privateKey));
  }
  return out;
}

interface Row {
  readonly hook: string;
  readonly jwt: boolean;
  readonly perSecond: number;
  readonly p50: number;
  /** autocannon's percentile nearest p95. */
  readonly p97_5: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function measure(url: string, hook: keyof typeof bodies, jwt: boolean): Promise<Row> {
  const path = `/cds-services/steward-${hook}`;
  // Enough tokens for the fastest rate seen on a laptop, with room to spare; a run that uses them all shows as 401s.
  const pool = jwt ? await tokens(url, path, Math.max(2000, seconds * 1500)) : [];
  let next = 0;
  const result = await autocannon({
    url: `${url}${path}`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: bodies[hook],
    connections,
    duration: seconds,
    ...(jwt ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${pool[next++ % pool.length]!}` } }) }] } : {}),
  });
  return { hook, jwt, perSecond: result.requests.average, p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

const rows: Row[] = [];
try {
  for (const jwt of [false, true]) {
    const { url, child } = await serve(jwt ? { clients: [{ iss: issuer, jwks: { keys: [jwk] } }], maxTokenLifetime: 300 } : { dev: true });
    try {
      for (const hook of ["order-select", "order-sign"] as const) {
        await measure(url, hook, jwt); // warm-up: the first calls compile and cache
        rows.push(await measure(url, hook, jwt));
      }
    } finally {
      child.kill("SIGTERM");
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const cpu = cpus()[0]?.model ?? "unknown CPU";
process.stdout.write(`\nsteward serve on loopback, ${guidelines.length} guidelines, the complex inpatient (${bodies["order-sign"].length} bytes a request); ${connections} connections for ${seconds} s each, after a warm-up run; ${cpus().length} × ${cpu}, Node ${process.version}\n\n`);
const table = [["hook", "JWT", "requests/s", "p50 ms", "p97.5 ms", "p99 ms", "non-2xx", "errors"], ...rows.map((r) => [r.hook, r.jwt ? "ES384" : "off (dev)", r.perSecond.toFixed(0), String(r.p50), String(r.p97_5), String(r.p99), String(r.non2xx), String(r.errors)])];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
for (const row of table) process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")}\n`);
for (const hook of ["order-select", "order-sign"]) {
  const off = rows.find((r) => r.hook === hook && !r.jwt);
  const on = rows.find((r) => r.hook === hook && r.jwt);
  if (off !== undefined && on !== undefined) process.stdout.write(`${hook}: with JWT verification, ${(on.perSecond / off.perSecond).toFixed(2)}x the throughput without it\n`);
}
