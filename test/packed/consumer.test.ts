/**
 * Steward as an EPR supplier gets it: every package packed with `pnpm pack` (which builds it),
 * the tarballs installed with npm into a fresh project outside the repository, and then used the
 * ways a host uses them (a FHIR record read and written back among them): ES module import,
 * CommonJS require, TypeScript with moduleResolution node16, nodenext and bundler (skipLibCheck
 * off), `npx steward`, and the host from docs/integration.md compiled and run.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const repoRoot = resolve(import.meta.dirname, "../..");
/** In dependency order: packing builds each package, against the ones before it. */
const packages = ["core", "dsl", "json", "fhir", "cds-hooks", "testing", "surveillance", "cli"];
const rootManifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
const version = (JSON.parse(readFileSync(join(repoRoot, "packages/core/package.json"), "utf8")) as { version: string }).version;
const NOW = "2026-11-25T09:00:00Z";
const patient01 = join(repoRoot, "examples/patients/01-woman-30-cystitis-egfr-80.json");
const ng109 = join(repoRoot, "guidelines/ng109-lower-uti/ng109.stw");
/** A FHIR R4 record of a woman of 30 with cystitis and an eGFR of 80, as a host's FHIR server might send it. */
const fhirRecord = JSON.stringify([
  { resourceType: "Patient", id: "p", birthDate: "1996-05-14", gender: "female" },
  { resourceType: "Condition", id: "c", subject: { reference: "Patient/p" }, clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }] }, code: { coding: [{ system: "http://snomed.info/sct", code: "38822007" }] }, recordedDate: "2026-11-25" },
  // A "not pregnant" answer counts on the day it is recorded; without one, NG109 asks for pregnancy status first.
  { resourceType: "Observation", id: "preg", status: "final", subject: { reference: "Patient/p" }, code: { coding: [{ system: "http://loinc.org", code: "82810-3" }] }, effectiveDateTime: "2026-11-25", valueCodeableConcept: { coding: [{ system: "http://snomed.info/sct", code: "60001007" }] } },
  { resourceType: "Observation", id: "egfr", status: "final", subject: { reference: "Patient/p" }, code: { coding: [{ system: "http://loinc.org", code: "33914-3" }] }, effectiveDateTime: "2026-10-01", valueQuantity: { value: 80, system: "http://unitsofmeasure.org", code: "mL/min/{1.73_m2}" } },
]);

const work = mkdtempSync(join(tmpdir(), "steward-consumer-"));
const tarballs = join(work, "tarballs");
const project = join(work, "project");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The environment without what pnpm sets for its scripts, as a consumer's shell has it. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)));

function sh(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...cleanEnv, NO_COLOR: "1", ...env }, timeout: 300_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(name: string, text: string): string {
  const file = join(project, name);
  mkdirSync(resolve(file, ".."), { recursive: true });
  writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  mkdirSync(tarballs, { recursive: true });
  mkdirSync(project, { recursive: true });
  for (const name of packages) execFileSync("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(repoRoot, "packages", name), stdio: "pipe" });
  const files = Object.fromEntries(readdirSync(tarballs).map((f) => [`@steward/${f.replace(/^steward-/, "").replace(/-\d.*$/, "")}`, `file:${join(tarballs, f)}`]));
  write(
    "package.json",
    JSON.stringify({
      name: "steward-consumer",
      private: true,
      type: "module",
      dependencies: files,
      // The tarballs depend on each other by version; point those at the tarballs too, never the registry.
      overrides: files,
      devDependencies: { typescript: rootManifest.devDependencies["typescript"], "@types/node": rootManifest.devDependencies["@types/node"] },
    }),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, stdio: "pipe", timeout: 600_000, env: cleanEnv });
}, 900_000);

describe("the packed packages", () => {
  test.each(packages)("@steward/%s installs with its licence, README and build, and without the in-repo source condition", (name) => {
    const dir = join(project, "node_modules/@steward", name);
    const text = readFileSync(join(dir, "package.json"), "utf8");
    const manifest = JSON.parse(text) as { exports: unknown; imports?: unknown };
    expect(JSON.stringify([manifest.exports, manifest.imports])).not.toContain("@steward/source");
    expect(text).not.toContain("workspace:");
    expect(manifest).toMatchObject({ version, license: "Apache-2.0", engines: { node: ">=20.19" } });
    expect(readFileSync(join(dir, "LICENSE"), "utf8")).toBe(readFileSync(join(repoRoot, "LICENSE"), "utf8"));
    const contents = readdirSync(dir);
    expect(contents).toEqual(expect.arrayContaining(["README.md", "LICENSE", "dist", "package.json"]));
    expect(contents).not.toContain("test");
    expect(readdirSync(join(dir, "dist"))).toEqual(expect.arrayContaining(["index.js", "index.d.ts"]));
  });

  test("resolve for ES module import: every entry, the subpaths, the JSON Schemas and package.json; and evaluate a patient", () => {
    const file = write(
      "esm.mjs",
      `import { prepare, evaluate, IR_VERSION } from "@steward/core";
import { canonicalJson, contentHash } from "@steward/core/content-hash";
import irSchema from "@steward/core/schemas/ir.schema.json" with { type: "json" };
import contextSchema from "@steward/json/schemas/patient-context.schema.json" with { type: "json" };
import decisionSchema from "@steward/json/schemas/decision.schema.json" with { type: "json" };
import corePackage from "@steward/core/package.json" with { type: "json" };
import { compileText } from "@steward/dsl";
import { evaluateJson, validateDecision } from "@steward/json";
import { fromFhir, toFhir } from "@steward/fhir";
import { standardInvariants } from "@steward/testing";
import { patientContext } from "@steward/testing/arbitraries";
import { run } from "@steward/cli";
import { readFileSync } from "node:fs";
const ir = JSON.parse(readFileSync("ng109.ir.json", "utf8"));
const { contentHash: stated, ...body } = ir;
const evaluator = prepare([ir]);
const decision = evaluateJson(evaluator.right, readFileSync(${JSON.stringify(patient01)}, "utf8"), { now: "${NOW}" });
console.log(JSON.stringify({
  irVersion: IR_VERSION, hashMatches: contentHash(body) === stated, canonical: canonicalJson({ b: 1, a: 2 }),
  schemas: [irSchema.title, contextSchema.title, decisionSchema.title], version: corePackage.version,
  first: decision.right.treatments[0].drug.id, valid: validateDecision(JSON.parse(JSON.stringify(decision.right)))._tag,
  direct: evaluate(evaluator.right, JSON.parse(readFileSync(${JSON.stringify(patient01)}, "utf8")), { now: "${NOW}" })._tag,
  fhir: (() => {
    const read = fromFhir(${fhirRecord}, { now: "${NOW}", setting: "primary-care" });
    const d = evaluate(evaluator.right, read.right.context, { now: "${NOW}" });
    return [d.right.treatments[0].drug.id, toFhir(d.right, { patient: { reference: read.right.patient } }).entry[0].resource.resourceType];
  })(),
  dsl: typeof compileText, testing: typeof standardInvariants, arbitraries: typeof patientContext, cli: (await run(["--version"])).stdout.trim(),
}));
`,
    );
    expect(sh("npx", ["steward", "compile", ng109, "--root", join(repoRoot, "guidelines"), "-o", "ng109.ir.json"], project).status).toBe(0);
    const result = sh("node", [file], project);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      irVersion: 4,
      hashMatches: true,
      canonical: '{"a":2,"b":1}',
      schemas: ["Steward compiled guideline (IR version 4)", "Steward patient context", "Steward decision"],
      version,
      first: "nitrofurantoin",
      valid: "Right",
      direct: "Right",
      fhir: ["nitrofurantoin", "MedicationRequest"],
      dsl: "function",
      testing: "object",
      arbitraries: "function",
      cli: `steward ${version} (IR version 4)`,
    });
  });

  test("load with CommonJS require (Node's require of ES modules): every entry, a JSON Schema and package.json", () => {
    const file = write(
      "cjs.cjs",
      `const { prepare, renderDecision } = require("@steward/core");
const { contentHash } = require("@steward/core/content-hash");
const { evaluateJson } = require("@steward/json");
const { fromFhir } = require("@steward/fhir");
const { compileText } = require("@steward/dsl");
const testing = require("@steward/testing");
const schema = require("@steward/json/schemas/patient-context.schema.json");
const { version } = require("@steward/cli/package.json");
const { readFileSync } = require("node:fs");
const evaluator = prepare([JSON.parse(readFileSync("ng109.ir.json", "utf8"))]);
const decision = evaluateJson(evaluator.right, readFileSync(${JSON.stringify(patient01)}, "utf8"), { now: "${NOW}" });
console.log(JSON.stringify({ text: renderDecision(decision.right).split("\\n")[0], hash: typeof contentHash, fhir: fromFhir(${fhirRecord}, { now: "${NOW}", setting: "primary-care" }).right.patient, dsl: typeof compileText, testing: typeof testing.analyze, schema: schema.title, version }));
`,
    );
    if (readdirSync(project).includes("ng109.ir.json") === false) sh("npx", ["steward", "compile", ng109, "--root", join(repoRoot, "guidelines"), "-o", "ng109.ir.json"], project);
    const result = sh("node", [file], project);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ text: `Evaluated at ${NOW}`, hash: "function", fhir: "Patient/p", dsl: "function", testing: "function", schema: "Steward patient context", version });
  });

  const typeUse = `import { evaluate, prepare, type Decision, type GuidelineIR, type PatientContext, type PatientContextInput } from "@steward/core";
import { contentHash } from "@steward/core/content-hash";
import { evaluateJson } from "@steward/json";
import { fromFhir, toFhir, type FhirReading } from "@steward/fhir";
import { compileText } from "@steward/dsl";
import { defineScenarioTests } from "@steward/testing";
import { patientContext } from "@steward/testing/arbitraries";
import { run, type CommandResult } from "@steward/cli";
const input: PatientContextInput = { setting: "primary-care", patient: { age: 30, sex: "female" } };
export function first(ir: GuidelineIR, context: PatientContext): string | undefined {
  const evaluator = prepare([ir]);
  if (evaluator._tag === "Left") return undefined;
  const decision = evaluate(evaluator.right, context, { now: "${NOW}" });
  const fromJson = evaluateJson(evaluator.right, JSON.stringify(input), { now: "${NOW}" });
  const d: Decision | undefined = decision._tag === "Right" ? decision.right : fromJson._tag === "Right" ? fromJson.right : undefined;
  return d?.treatments[0]?.drug.name;
}
export function proposals(record: unknown, decision: Decision): number {
  const read = fromFhir(record, { now: "${NOW}", setting: "primary-care" });
  const reading: FhirReading | undefined = read._tag === "Right" ? read.right : undefined;
  return toFhir(decision, { patient: { reference: reading?.patient ?? "Patient/unknown" } }).entry?.length ?? 0;
}
export const used = [contentHash, compileText, defineScenarioTests, patientContext];
export const result: CommandResult = await run(["--version"]);
// @ts-expect-error -- a Decision has no field of this name, so the types are real, not any
export const wrong = (d: Decision) => d.notAField;
`;

  test.each([
    ["node16", { module: "node16", moduleResolution: "node16" }],
    ["nodenext", { module: "nodenext", moduleResolution: "nodenext" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }],
  ] as const)("type-check with moduleResolution %s and skipLibCheck off", (name, options) => {
    write(`ts-${name}/use.ts`, typeUse);
    write(`ts-${name}/tsconfig.json`, JSON.stringify({ compilerOptions: { ...options, target: "es2022", strict: true, skipLibCheck: false, noEmit: true, types: ["node"], exactOptionalPropertyTypes: true }, include: ["use.ts"] }));
    const result = sh("npx", ["tsc", "-p", `ts-${name}/tsconfig.json`], project);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  test("type-check CommonJS TypeScript that requires the packages (moduleResolution nodenext)", () => {
    write("ts-cjs/use.cts", `import core = require("@steward/core");\nimport json = require("@steward/json");\nimport fhir = require("@steward/fhir");\nexport const names: string[] = [typeof core.prepare, typeof json.evaluateJson, typeof fhir.fromFhir];\nexport type D = core.Decision;\n`);
    write("ts-cjs/tsconfig.json", JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, skipLibCheck: false, noEmit: true, types: ["node"] }, include: ["use.cts"] }));
    const result = sh("npx", ["tsc", "-p", "ts-cjs/tsconfig.json"], project);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  test("npx steward --version prints the version and IR version; --help lists the commands", () => {
    const result = sh("npx", ["steward", "--version"], project);
    expect(result).toEqual({ status: 0, stdout: `steward ${version} (IR version 4)\n`, stderr: "" });
    expect(sh("npx", ["steward", "--help"], project).stdout).toContain("compile [options] <file>");
  });

  test("npx steward evaluates a patient with compiled IR, as docs/integration.md suggests before shipping it", () => {
    sh("npx", ["steward", "compile", ng109, "--root", join(repoRoot, "guidelines"), "-o", "ng109.ir.json"], project);
    const result = sh("npx", ["steward", "eval", "--guidelines", "ng109.ir.json", "--patient", patient01, "--now", NOW], project);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Nitrofurantoin 100 mg modified-release oral twice daily for 3 days");
  });

  test("npx steward audit runs the built workers, DuckDB and the metrics on the bundled population, and npx steward report charts them", () => {
    sh("npx", ["steward", "compile", ng109, "-o", "ng109.ir.json"], project);
    const population = join(repoRoot, "examples/surveillance/population/contexts.ndjson");
    const audit = sh("npx", ["steward", "audit", "--guidelines", "ng109.ir.json", "--contexts", population, "--as-of", "2026-07-01T00:00:00Z", "--out", "audit", "--workers", "2"], project);
    expect(audit.stderr).toBe("");
    expect(audit.status).toBe(0);
    expect(audit.stdout).toMatch(/^audited 60 records \(2 workers\): 65 rows, 0 unreadable\n/);
    expect(readdirSync(join(project, "audit")).sort()).toEqual(["alerts.parquet", "evaluations.parquet", "metrics", "orders.parquet", "rows.ndjson"]);
    const report = sh("npx", ["steward", "report", "--audit", "audit", "--out", "report.html"], project);
    expect(report).toMatchObject({ status: 0, stderr: "" });
    expect(readFileSync(join(project, "report.html"), "utf8")).toContain("<summary>SQL: aware-access.sql</summary>");
  });

  test("the host in docs/integration.md compiles with tsc (node16, skipLibCheck off) and runs", () => {
    copyFileSync(join(repoRoot, "examples/integration/host.ts"), join(project, "host.ts"));
    write("host-tsconfig.json", JSON.stringify({ compilerOptions: { module: "node16", moduleResolution: "node16", target: "es2022", strict: true, skipLibCheck: false, outDir: "host-build", types: ["node"] }, files: ["host.ts"] }));
    const compiled = sh("npx", ["tsc", "-p", "host-tsconfig.json"], project);
    expect(compiled.stdout + compiled.stderr).toBe("");
    sh("npx", ["steward", "compile", ng109, "--root", join(repoRoot, "guidelines"), "-o", "ng109.ir.json"], project);
    const ok = sh("node", ["host-build/host.js", patient01, "ng109.ir.json"], project, { STEWARD_NOW: NOW });
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("1. Nitrofurantoin 100 mg modified-release oral twice daily for 3 days");
    const bad = write("bad-patient.json", JSON.stringify({ ...JSON.parse(readFileSync(patient01, "utf8")), patient: { age: "abc" } }));
    const rejected = sh("node", ["host-build/host.js", bad, "ng109.ir.json"], project, { STEWARD_NOW: NOW });
    expect(rejected.status).toBe(1);
    expect(rejected.stderr).toBe('eval/invalid-context: /patient/age: expected a number, got "abc"\n');
    expect(sh("node", ["host-build/host.js"], project).status).toBe(2);
  });
});
