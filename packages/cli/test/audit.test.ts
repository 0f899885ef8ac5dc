import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { plainEnvironment } from "../src/io.js";
import { guidelinesDir, repoRoot, tempDir } from "./temp-dir.js";

const population = join(repoRoot, "examples/surveillance/population");
const contextsFile = join(population, "contexts.ndjson");
const AS_OF = "2026-07-01T00:00:00Z";
const scratch = tempDir();
afterAll(() => scratch.remove());

const rowsOf = (dir: string): Record<string, unknown>[] =>
  readFileSync(join(dir, "rows.ndjson"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("steward audit", () => {
  test("audits the bundled population's contexts: one row per course, the Parquet tables and the metrics, and a summary", async () => {
    const out = join(scratch.path, "contexts");
    const result = await run(["audit", "--guidelines", guidelinesDir, "--contexts", contextsFile, "--as-of", AS_OF, "--out", out, "--workers", "2"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^audited 60 records \(2 workers\): 65 rows, 0 unreadable\n/);
    expect(result.stdout).toMatch(/\ntime: read [\d.]+ s, evaluate [\d.]+ s \([\d.]+ s of worker time\), write [\d.]+ s, aggregate [\d.]+ s; [\d.]+ s in all\n$/);
    expect(readdirSync(out).sort()).toEqual(["alerts.parquet", "evaluations.parquet", "metrics", "orders.parquet", "rows.ndjson"]);
    expect(readdirSync(join(out, "metrics")).sort()).toEqual(["alert-counts.csv", "aware-access.csv", "coded-indication.csv", "duration-by-guideline.csv", "guideline-concordance.csv", "guideline-courses.csv", "ivos-stayed-iv.csv", "order-checks.csv", "prescribing-strategy.csv", "review-72h.csv", "unrecognised-diagnoses.csv"]);
    expect(rowsOf(out)).toHaveLength(65);
    expect(readFileSync(join(out, "metrics/aware-access.csv"), "utf8").split("\n")[0]).toBe("site,order_month,courses,access,watch,reserve,other,unclassified");
  });

  test("prints what the README says it prints for the bundled population", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Surveillance: audit a population"));
    const csv = /```text\n([\s\S]*?)```/.exec(section)![1]!;
    const written = readFileSync(join(scratch.path, "contexts/metrics/coded-indication.csv"), "utf8");
    expect(written.startsWith(csv)).toBe(true);
    expect(section).toContain("`audited 60 records (2 workers): 65 rows, 0 unreadable`");
  });

  test("audits the same population's FHIR Bulk Data export to the same rows, its as-of time read from the manifest", async () => {
    const out = join(scratch.path, "fhir");
    const result = await run([
      "audit",
      "--guidelines",
      guidelinesDir,
      "--fhir",
      join(population, "fhir"),
      "--key-system",
      "https://steward.dev/fhir/sid/synthetic-pseudonym",
      "--default-setting",
      "primary-care",
      "--fhir-mappings",
      join(population, "fhir-mappings.json"),
      "--out",
      out,
    ]);
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    const withoutReview = (r: Record<string, unknown>) => ({ ...r, review: null, reviewHours: null });
    expect(rowsOf(out).map(withoutReview)).toEqual(rowsOf(join(scratch.path, "contexts")).map(withoutReview));
  });

  test("reads standard input with --contexts -, and reports a malformed line with its file and line while auditing the rest (exit 2)", async () => {
    const lines = readFileSync(contextsFile, "utf8").split("\n").filter((l) => l !== "");
    const text = [lines[0], lines[1], "{ this is not JSON", lines[2]].join("\n");
    const result = await run(["audit", "--guidelines", guidelinesDir, "--contexts", "-", "--as-of", AS_OF, "--out", join(scratch.path, "stdin"), "--workers", "1"], plainEnvironment({ stdin: () => text }));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^<stdin>:3: error\[json\/invalid-json\]: the line is not valid JSON at line 1, column 3: /);
    expect(result.stdout).toMatch(/^audited 4 records \(1 worker\): \d+ rows, 1 unreadable\n/);
    expect([...new Set(rowsOf(join(scratch.path, "stdin")).map((r) => r["patient"]))]).toEqual(["P0000001", "P0000002", "P0000003"]);
  });

  test.each([
    ["no records named", ["--as-of", AS_OF, "--out", "x"], "the records are needed: --contexts <file|-> or --fhir <dir>"],
    ["no --as-of for contexts", ["--contexts", contextsFile, "--out", "x"], "--as-of <time> is needed"],
    ["an --as-of without a zone", ["--contexts", contextsFile, "--as-of", "2026-07-01", "--out", "x"], "--as-of must be a date-time with a zone"],
    ["FHIR without a way to make keys", ["--fhir", join(population, "fhir"), "--out", "x"], "FHIR records need a pseudonymous key: --key-system <uri>"],
    ["no workers", ["--contexts", contextsFile, "--as-of", AS_OF, "--out", "x", "--workers", "0"], "--workers must be a whole number of at least 1"],
    ["a records file that does not exist", ["--contexts", join(population, "none.ndjson"), "--as-of", AS_OF, "--out", "x"], "cannot read"],
  ])("%s is a usage error (exit 2)", async (_, args, message) => {
    const result = await run(["audit", "--guidelines", guidelinesDir, ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Usage: steward audit --guidelines <path> (--contexts <file|-> | --fhir <dir>) --out <dir> [options]");
  });

  test("a mapping file that is not mapping tables is a usage error naming the table", async () => {
    const file = join(scratch.path, "bad-mappings.json");
    writeFileSync(file, JSON.stringify({ drugs: [] }));
    const result = await run(["audit", "--guidelines", guidelinesDir, "--fhir", join(population, "fhir"), "--key-system", "k", "--fhir-mappings", file, "--out", "x"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("`drugs` is not a mapping table");
  });

  test("a run killed while it audits leaves no rows, Parquet or metrics under their names", async () => {
    const out = join(scratch.path, "killed");
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@steward/source", join(repoRoot, "packages/cli/src/main.ts"), "audit", "--guidelines", guidelinesDir, "--contexts", contextsFile, "--as-of", AS_OF, "--out", out, "--workers", "1"], { cwd: repoRoot, stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Kill it the moment the rows begin to be written: the audit is then under way.
    while (!existsSync(join(out, ".rows.ndjson.partial")) && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
    child.kill("SIGKILL");
    await exited;
    const left = existsSync(out) ? readdirSync(out) : [];
    expect(left.filter((f) => !f.startsWith("."))).toEqual([]);
    expect(left).toEqual([".rows.ndjson.partial"]);
    // The next run into the same directory clears what the killed one left.
    const again = await run(["audit", "--guidelines", guidelinesDir, "--contexts", contextsFile, "--as-of", AS_OF, "--out", out, "--workers", "1"]);
    expect(again.exitCode).toBe(0);
    expect(readdirSync(out).filter((f) => f.startsWith("."))).toEqual([]);
  });
});
