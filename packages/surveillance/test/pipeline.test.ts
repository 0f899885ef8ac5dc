// The audit as files: a planted synthetic population audited by worker threads, written to NDJSON
// and Parquet, and measured by the metrics' SQL in DuckDB. The metrics must equal the planted rates
// exactly; shards must add up to the whole; the Bulk Data export must audit as the contexts do; a
// malformed line must be reported and skipped; nothing half-written may carry a final name.
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readBulkData, readContexts, runAudit, runMetrics, type AuditSummary, type MetricResult, type RecordProblem } from "../src/pipeline/index.js";
import { partialPath, replaceAtomically } from "../src/pipeline/atomic.js";
import { syntheticFhirMappings, SYNTHETIC_KEY_SYSTEM, writePopulation, type PlantedOrder } from "../src/synthetic/index.js";
import { bundledGuidelines } from "../../../test/support/guidelines.js";

const guidelines = bundledGuidelines();
const scratch = mkdtempSync(join(tmpdir(), "steward-audit-"));
const population = join(scratch, "population");
const PATIENTS = 500;
let asOf = "";
let planted: PlantedOrder[] = [];
let whole: AuditSummary;

const worker = () => ({ guidelines, asOf });
const contexts = (file: string) => readContexts(createReadStream(file), file);
const lines = (file: string): string[] => readFileSync(file, "utf8").split("\n").filter((l) => l !== "");

beforeAll(async () => {
  const written = await writePopulation(population, { patients: PATIENTS, seed: 20261125 });
  if (written._tag === "Left") throw new Error(written.left.map((d) => d.message).join("; "));
  asOf = written.right.asOf;
  planted = lines(written.right.files.planted).map((l) => JSON.parse(l) as PlantedOrder);
  whole = await runAudit({ input: contexts(join(population, "contexts.ndjson")), worker: worker(), out: join(scratch, "whole"), workers: 2, batchSize: 37 });
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A metric's rows keyed by their grouping columns (everything that is not a count). */
function byGroup(result: MetricResult): Map<string, Record<string, unknown>> {
  const counts = result.columns.filter((c) => typeof result.rows[0]?.[c] === "number");
  const groups = result.columns.filter((c) => !counts.includes(c));
  return new Map(result.rows.map((r) => [groups.map((g) => String(r[g])).join("|"), Object.fromEntries(counts.map((c) => [c, r[c]]))]));
}

const metric = (summary: AuditSummary, name: string): MetricResult => summary.metrics.find((m) => m.metric.name === name)!;

/** Counts of planted courses per site and month, one count per column, from a predicate each. */
function expected(orders: readonly PlantedOrder[], columns: Readonly<Record<string, (o: PlantedOrder) => boolean>>): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const o of orders) {
    const key = `${o.site}|${o.month}`;
    const row = out.get(key) ?? Object.fromEntries(Object.keys(columns).map((c) => [c, 0]));
    for (const [c, holds] of Object.entries(columns)) if (holds(o)) row[c]!++;
    out.set(key, row);
  }
  return out;
}

const sorted = <T>(m: Map<string, T>): [string, T][] => [...m].sort(([a], [b]) => (a < b ? -1 : 1));

describe("the metrics of a planted population equal the planted rates exactly", () => {
  test("the run audited every patient and wrote every file", () => {
    expect(whole).toMatchObject({ records: PATIENTS, rows: planted.length, problems: 0, workers: 2 });
    expect(readdirSync(join(scratch, "whole")).sort()).toEqual(["alerts.parquet", "evaluations.parquet", "metrics", "orders.parquet", "rows.ndjson"]);
  });

  test("coded indication: linked, coded but not linked, missing", () => {
    const want = expected(planted, { courses: () => true, linked: (o) => o.indication === "linked", coded: (o) => o.indication === "coded", missing: (o) => o.indication === "missing" });
    expect(sorted(byGroup(metric(whole, "coded-indication")))).toEqual(sorted(want));
    expect([...want.values()].reduce((n, r) => n + r["missing"]!, 0)).toBeGreaterThan(0);
  });

  test("UK-AWaRe: Access, Watch, Reserve, and drugs the formulary gives no category", () => {
    const want = expected(planted, {
      courses: () => true,
      access: (o) => o.aware === "access",
      watch: (o) => o.aware === "watch",
      reserve: (o) => o.aware === "reserve",
      other: (o) => o.aware === "other",
      unclassified: (o) => o.aware === null,
    });
    expect(sorted(byGroup(metric(whole, "aware-access")))).toEqual(sorted(want));
  });

  test("guideline concordance: the drug offered and the course length within the offered range", () => {
    const recommended = ["offered", "excluded", "withheld", "not-offered", "antibiotic-not-advised"];
    const offered = (o: PlantedOrder, duration: string) => o.recommendation === "offered" && o.duration === duration;
    const want = expected(planted, {
      with_recommendation: (o) => recommended.includes(o.recommendation),
      drug_offered: (o) => o.recommendation === "offered",
      drug_and_duration: (o) => offered(o, "within"),
      longer: (o) => offered(o, "longer"),
      shorter: (o) => offered(o, "shorter"),
      length_not_stated: (o) => offered(o, "not-stated"),
      excluded: (o) => o.recommendation === "excluded",
      withheld: (o) => o.recommendation === "withheld",
      not_offered: (o) => o.recommendation === "not-offered",
      antibiotic_not_advised: (o) => o.recommendation === "antibiotic-not-advised",
    });
    expect(sorted(byGroup(metric(whole, "guideline-concordance")))).toEqual(sorted(want));
  });

  test("review by 72 hours, over inpatient courses", () => {
    const want = expected(
      planted.filter((o) => o.setting === "inpatient"),
      { due: (o) => o.review === "reviewed" || o.review === "not-reviewed", reviewed: (o) => o.review === "reviewed", not_due: (o) => o.review === "not-due", unknown: (o) => o.review === "unknown" },
    );
    expect(sorted(byGroup(metric(whole, "review-72h")))).toEqual(sorted(want));
  });

  test("IV courses that met the switch criteria but stayed IV", () => {
    const want = expected(
      planted.filter((o) => o.ivos !== "not-applicable"),
      { iv_courses: (o) => o.ivos === "met" || o.ivos === "never-met", met: (o) => o.ivos === "met", stayed_iv: (o) => o.stayedIv, unknown: (o) => o.ivos === "unknown" },
    );
    expect(sorted(byGroup(metric(whole, "ivos-stayed-iv")))).toEqual(sorted(want));
  });

  test("prescribing strategy in primary care: immediate, back-up and no antibiotic advised, and antibiotics prescribed against the advice", () => {
    const want = expected(
      planted.filter((o) => o.setting === "primary-care"),
      {
        courses: () => true,
        immediate_advised: (o) => o.strategies.includes("immediate"),
        back_up_advised: (o) => o.strategies.includes("back-up"),
        no_antibiotic_advised: (o) => o.strategies.includes("no-antibiotic"),
        antibiotic_not_advised: (o) => o.recommendation === "antibiotic-not-advised",
      },
    );
    expect(sorted(byGroup(metric(whole, "prescribing-strategy")))).toEqual(sorted(want));
    const total = (column: string) => [...want.values()].reduce((n, r) => n + r[column]!, 0);
    for (const column of ["back_up_advised", "no_antibiotic_advised", "antibiotic_not_advised"]) expect(total(column), column).toBeGreaterThan(0);
  });

  test("course lengths by guideline add up to the offered courses, and come from NG109, NG84, NG138 and NG141", () => {
    const result = metric(whole, "duration-by-guideline");
    expect(new Set(result.rows.map((r) => r["recommended_by"]))).toEqual(new Set(["ng109-lower-uti", "ng84-sore-throat", "ng138-pneumonia", "ng141-cellulitis"]));
    const summed = new Map<string, Record<string, number>>();
    for (const r of result.rows) {
      const key = `${r["site"]}|${r["order_month"]}`;
      const into = summed.get(key) ?? { offered: 0, within_range: 0, longer: 0 };
      for (const c of Object.keys(into)) into[c]! += r[c] as number;
      summed.set(key, into);
    }
    const offered = (o: PlantedOrder) => o.recommendation === "offered";
    const want = expected(planted.filter(offered), { offered: () => true, within_range: (o) => o.duration === "within", longer: (o) => o.duration === "longer" });
    expect(sorted(summed)).toEqual(sorted(want));
    expect(result.rows.filter((r) => r["recommended_by"] === "ng109-lower-uti").reduce((n, r) => n + (r["longer"] as number), 0)).toBeGreaterThan(0);
  });

  test("order checks: a penicillin prescribed to a patient allergic to penicillins raises the allergy check, and a UTI course longer than NG109 gives the course length check, counted by guideline and kind", () => {
    const fired = new Map<string, number>();
    for (const o of planted) {
      for (const a of o.alerts.filter((x) => x.endsWith("/allergy-check"))) {
        const key = `${o.site}|${o.month}|${a.split("/")[0]}|allergy`;
        fired.set(key, (fired.get(key) ?? 0) + 1);
      }
      // A course longer or shorter than every regimen its guideline offers raises the course length check.
      if (o.duration === "longer" || o.duration === "shorter") {
        const key = `${o.site}|${o.month}|ng109-lower-uti|duration`;
        fired.set(key, (fired.get(key) ?? 0) + 1);
      }
    }
    const found = new Map(metric(whole, "order-checks").rows.map((r) => [`${r["site"]}|${r["order_month"]}|${r["guideline"]}|${r["order_check"]}`, r["alerts_fired"]]));
    expect(sorted(found)).toEqual(sorted(fired));
    expect(fired.size).toBeGreaterThan(0);
  });

  test("unrecognised diagnoses: courses linked to a diagnosis no guideline reads", () => {
    // In this population the only diagnosis no guideline reads is the one wrongly linked, so the two counts agree.
    const want = expected(planted, { courses: () => true, linked: (o) => o.indication === "linked", indication_unrecognised: (o) => o.indicationUnrecognised, with_unrecognised: (o) => o.indicationUnrecognised });
    expect(sorted(byGroup(metric(whole, "unrecognised-diagnoses")))).toEqual(sorted(want));
    expect([...want.values()].reduce((n, r) => n + r["indication_unrecognised"]!, 0)).toBeGreaterThan(0);
  });

  test("alerts by rule, over the courses each guideline applied to", () => {
    const fired = new Map<string, number>();
    for (const o of planted) for (const a of o.alerts) fired.set(`${o.site}|${o.month}|${a}`, (fired.get(`${o.site}|${o.month}|${a}`) ?? 0) + 1);
    const found = new Map(metric(whole, "alert-counts").rows.map((r) => [`${r["site"]}|${r["order_month"]}|${r["guideline"]}/${r["rule"]}`, r["alerts_fired"]]));
    expect(sorted(found)).toEqual(sorted(fired));
    // Which guidelines apply where: their settings (guidelines/*/…stw).
    const everywhere = ["coded-indication", "ng109-lower-uti", "ng111-pyelonephritis", "ng114-copd-exacerbation", "ng138-pneumonia", "ng141-cellulitis"];
    const applying = { "primary-care": [...everywhere, "ng120-cough", "ng79-sinusitis", "ng84-sore-throat", "ng91-otitis-media"], inpatient: [...everywhere, "iv-to-oral-switch", "restricted-antimicrobials", "start-smart-then-focus"] };
    const courses = new Map<string, number>();
    for (const o of planted) for (const g of applying[o.setting]) courses.set(`${o.site}|${o.month}|${g}`, (courses.get(`${o.site}|${o.month}|${g}`) ?? 0) + 1);
    const evaluated = new Map(metric(whole, "guideline-courses").rows.map((r) => [`${r["site"]}|${r["order_month"]}|${r["guideline"]}`, r["courses_evaluated"]]));
    expect(sorted(evaluated)).toEqual(sorted(courses));
    expect(new Set(metric(whole, "guideline-courses").rows.map((r) => r["content_hash"]))).toEqual(new Set(guidelines.map((g) => g.contentHash)));
  });
});

describe("shards", () => {
  test("two runs over halves of the population add up to the run over all of it, metric by metric, and their Parquet files together give the same metrics", async () => {
    const all = lines(join(population, "contexts.ndjson"));
    const halves = [all.slice(0, 180), all.slice(180)].map((part, i) => {
      const file = join(scratch, `shard-${i}.ndjson`);
      writeFileSync(file, `${part.join("\n")}\n`);
      return file;
    });
    const shards: AuditSummary[] = [];
    for (const [i, file] of halves.entries()) shards.push(await runAudit({ input: contexts(file), worker: worker(), out: join(scratch, `shard-${i}`), workers: 1 }));
    expect(shards.reduce((n, s) => n + s.rows, 0)).toBe(whole.rows);
    for (const result of whole.metrics) {
      const sum = new Map<string, Record<string, number>>();
      for (const shard of shards) {
        for (const [key, counts] of byGroup(metric(shard, result.metric.name))) {
          const into = sum.get(key) ?? Object.fromEntries(Object.keys(counts).map((c) => [c, 0]));
          for (const [c, n] of Object.entries(counts)) into[c]! += n as number;
          sum.set(key, into);
        }
      }
      expect(sorted(sum), result.metric.name).toEqual(sorted(byGroup(result)));
    }
    const together = await runMetrics({
      orders: shards.map((s) => s.files.tables.orders),
      alerts: shards.map((s) => s.files.tables.alerts),
      evaluations: shards.map((s) => s.files.tables.evaluations),
    });
    expect(together.map((r) => r.rows)).toEqual(whole.metrics.map((r) => r.rows));
  });
});

describe("FHIR Bulk Data", () => {
  test("the export gives the same rows as the equivalent contexts, except the reviews FHIR does not carry", async () => {
    const problems: RecordProblem[] = [];
    const fhir = await runAudit({
      input: readBulkData(join(population, "fhir"), (p) => problems.push(p)),
      worker: { ...worker(), key: { kind: "identifier", system: SYNTHETIC_KEY_SYSTEM }, defaultSetting: "primary-care", mappings: syntheticFhirMappings() },
      out: join(scratch, "fhir"),
      workers: 2,
    });
    expect(problems).toEqual([]);
    expect(fhir).toMatchObject({ records: PATIENTS, rows: whole.rows, problems: 0 });
    const withoutReview = (line: string) => ({ ...(JSON.parse(line) as object), review: null, reviewHours: null });
    expect(lines(fhir.files.rows).map(withoutReview)).toEqual(lines(whole.files.rows).map(withoutReview));
  });

  test("with a keyed hash instead, keys are the same in every run and never the Patient's id", async () => {
    const dir = join(scratch, "fhir-small");
    const written = await writePopulation(dir, { patients: 12, seed: 3 });
    expect(written._tag).toBe("Right");
    const run = (out: string) => runAudit({ input: readBulkData(join(dir, "fhir"), () => undefined), worker: { ...worker(), key: { kind: "hmac", secret: "a secret the trust keeps" }, defaultSetting: "primary-care", mappings: syntheticFhirMappings() }, out: join(scratch, out), workers: 1 });
    const [first, second] = [await run("hmac-1"), await run("hmac-2")];
    const keys = (s: AuditSummary) => lines(s.files.rows).map((l) => (JSON.parse(l) as { patient: string }).patient);
    expect(keys(first)).toEqual(keys(second));
    expect(keys(first).every((k) => /^h:[0-9a-f]{32}$/.test(k))).toBe(true);
    expect(readFileSync(first.files.rows, "utf8")).not.toMatch(/P00000\d\d/);
  });
});

describe("bad input and interruption", () => {
  test("a malformed line is reported with its file and line, and every other line is audited as before", async () => {
    const all = lines(join(population, "contexts.ndjson")).slice(0, 40);
    const file = join(scratch, "broken.ndjson");
    const broken = [...all.slice(0, 2), '{"key": "X", "context": {', ...all.slice(2, 5), '{"site": "GP-01", "context": {}}', ...all.slice(5, 7), '{"key": "Y", "context": {"patient": {"age": "abc"}, "setting": "primary-care"}}', ...all.slice(7)];
    writeFileSync(file, `${broken.join("\n")}\n`);
    const problems: RecordProblem[] = [];
    const result = await runAudit({ input: contexts(file), worker: worker(), out: join(scratch, "broken"), workers: 2, batchSize: 4, onProblem: (p) => problems.push(p) });
    expect(problems.map((p) => [p.file, p.line, p.code])).toEqual([
      [file, 3, "json/invalid-json"],
      [file, 7, "audit/invalid-record"],
      [file, 10, "audit/invalid-record"],
    ]);
    expect(problems[1]?.message).toBe("`key` (the patient's pseudonymous key) must be a non-empty string");
    expect(problems[2]?.message).toContain("/context/patient/age");
    const clean = join(scratch, "clean.ndjson");
    writeFileSync(clean, `${all.join("\n")}\n`);
    const reference = await runAudit({ input: contexts(clean), worker: worker(), out: join(scratch, "clean"), workers: 1 });
    expect(result).toMatchObject({ records: 43, problems: 3, rows: reference.rows });
    expect(readFileSync(result.files.rows, "utf8")).toBe(readFileSync(reference.files.rows, "utf8"));
  });

  test("a process killed while DuckDB writes the Parquet tables leaves no Parquet file under its name", async () => {
    // Enough rows that writing them takes a while: the population's rows, many times over.
    const rows = join(scratch, "many-rows.ndjson");
    const text = readFileSync(whole.files.rows, "utf8");
    const stream = createWriteStream(rows);
    for (let i = 0; i < 150; i++) if (!stream.write(text)) await once(stream, "drain");
    stream.end();
    await once(stream, "finish");
    const out = join(scratch, "killed-tables");
    mkdirSync(out);
    const script = join(scratch, "write-tables.mts");
    writeFileSync(script, `import { writeTables } from ${JSON.stringify(new URL("../src/pipeline/tables.ts", import.meta.url).pathname)};\nawait writeTables(process.argv[2], process.argv[3]);\n`);
    const repoRoot = new URL("../../..", import.meta.url).pathname;
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@steward/source", script, rows, out], { cwd: repoRoot, stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    let seen: string[] = [];
    while (child.exitCode === null && !(seen = readdirSync(out)).some((f) => f.endsWith(".parquet.partial"))) await new Promise((r) => setTimeout(r, 1));
    child.kill("SIGKILL");
    await exited;
    expect(seen.some((f) => f.endsWith(".parquet.partial")), "the kill came while a table was being written").toBe(true);
    const left = readdirSync(out);
    const writing = seen.find((f) => f.endsWith(".parquet.partial"))!.replace(/^\.|\.partial$/g, "");
    expect(left).not.toContain(writing);
    for (const f of left.filter((f) => f.endsWith(".parquet"))) expect(["orders.parquet", "alerts.parquet", "evaluations.parquet"].indexOf(f)).toBeLessThan(["orders.parquet", "alerts.parquet", "evaluations.parquet"].indexOf(writing));
  });

  test("a file whose writing fails is left neither under its name nor half-written beside it", async () => {
    const target = join(scratch, "failing.parquet");
    await expect(
      replaceAtomically(target, async (partial) => {
        writeFileSync(partial, "PAR1 half");
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
    expect(existsSync(target)).toBe(false);
    expect(existsSync(partialPath(target))).toBe(false);
  });
});
