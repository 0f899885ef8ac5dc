/**
 * Audit bench: a synthetic population (BENCH_AUDIT_PATIENTS, default 1,000,000, as Steward contexts
 * NDJSON) audited by `runAudit` on 1 and on 2 worker threads — records per second, peak memory of
 * the process (its worker threads and DuckDB included) and the time of each stage (read, evaluate,
 * write, aggregate). The reference, measured in the same run: `evaluate` alone, on the main thread,
 * on the record as it stood when each patient's first course was written — what the audit costs
 * beyond one evaluation per course. Set BENCH_AUDIT_DIR to keep the population between runs.
 * Run alone, after `pnpm build`: `pnpm exec tsx bench/audit.ts`.
 */
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { evaluate, formatInstant, type GuidelineIR } from "@steward/core";
import { contextHistory, prepareAudit, recordAt } from "@steward/surveillance";
import { readContexts, runAudit, type AuditSummary } from "@steward/surveillance/pipeline";
import { writePopulation } from "@steward/surveillance/synthetic";
import { compileGuidelines } from "./guidelines.js";
import { formatNumber, mb, printMachine, printTable } from "./report.js";

/** The target of the issue: a million records in under 30 seconds on two cores. */
const TARGET_RECORDS = 1_000_000;
const TARGET_SECONDS = 30;

/** One audit run's figures. */
export interface AuditRunFigures {
  readonly workers: number;
  readonly summary: AuditSummary;
  readonly perSecond: number;
  readonly rssPeak: number;
}

/** Results of the audit bench. */
export interface AuditBenchResult {
  readonly patients: number;
  readonly generateMs: number;
  readonly runs: readonly AuditRunFigures[];
  /** `evaluate` alone on the main thread, evaluations per second, and over how many records. */
  readonly reference: { readonly perSecond: number; readonly sample: number };
}

async function measure(file: string, guidelines: readonly GuidelineIR[], asOf: string, out: string, workers: number): Promise<AuditRunFigures> {
  let rssPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
  try {
    const summary = await runAudit({ input: readContexts(createReadStream(file), file), worker: { guidelines, asOf }, out, workers });
    return { workers, summary, perSecond: summary.records / (summary.wallMs / 1000), rssPeak: Math.max(rssPeak, process.memoryUsage().rss) };
  } finally {
    clearInterval(sampler);
  }
}

/** `evaluate` alone on the record as it stood when each patient's first course was written (the first `sample` patients). */
async function reference(file: string, guidelines: readonly GuidelineIR[], sample: number): Promise<{ perSecond: number; sample: number }> {
  const auditor = prepareAudit(guidelines);
  if (auditor._tag === "Left") throw new Error("the bundled guidelines do not prepare");
  const inputs: { context: unknown; now: string }[] = [];
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (inputs.length >= sample) break;
    const { key, site, context } = JSON.parse(line) as { key: string; site: string; context: unknown };
    const history = contextHistory(key, site, context);
    if (history._tag === "Left" || history.right.courses.length === 0) continue;
    const first = history.right.courses[0]!;
    const at = Date.parse(first.course.authored!);
    inputs.push({ context: recordAt(history.right.record, at, first.ref), now: formatInstant(at) });
  }
  for (const { context, now } of inputs.slice(0, 2_000)) evaluate(auditor.right.evaluator, context, { now });
  const started = performance.now();
  for (const { context, now } of inputs) evaluate(auditor.right.evaluator, context, { now });
  return { perSecond: inputs.length / ((performance.now() - started) / 1000), sample: inputs.length };
}

/** Runs the audit bench and prints its tables. */
export async function runAuditBench(patients = Number(process.env["BENCH_AUDIT_PATIENTS"] ?? TARGET_RECORDS)): Promise<AuditBenchResult> {
  const kept = process.env["BENCH_AUDIT_DIR"];
  const dir = kept ?? mkdtempSync(join(tmpdir(), "steward-bench-audit-"));
  const population = join(dir, `population-${patients}`);
  const file = join(population, "contexts.ndjson");
  const guidelines = compileGuidelines("guidelines");
  try {
    console.log(`\n=== audit: ${formatNumber(patients)} synthetic patients ===`);
    const generating = performance.now();
    if (!existsSync(file)) {
      const written = await writePopulation(population, { patients, seed: 20261125, fhir: false });
      if (written._tag === "Left") throw new Error(written.left.map((d) => d.message).join("; "));
    }
    const generateMs = performance.now() - generating;
    const asOf = "2026-07-01T00:00:00Z";
    const runs: AuditRunFigures[] = [];
    for (const workers of [1, 2]) {
      runs.push(await measure(file, guidelines, asOf, join(dir, `audit-${patients}-${workers}`), workers));
      const { summary } = runs[runs.length - 1]!;
      console.log(`  ${workers} worker${workers === 1 ? "" : "s"}: ${formatNumber(summary.records)} records, ${formatNumber(summary.rows)} rows in ${formatNumber(summary.wallMs / 1000)} s`);
    }
    const ref = await reference(file, guidelines, Math.min(patients, 20_000));
    const rows = runs.map((r) => {
      const s = r.summary.stages;
      return [
        `${r.workers}`,
        formatNumber(r.perSecond),
        `${formatNumber(r.summary.wallMs / 1000)} s`,
        `${formatNumber(s.read / 1000)} s`,
        `${formatNumber(s.evaluateWall / 1000)} s (${formatNumber(s.evaluate / 1000)} s busy)`,
        `${formatNumber(s.write / 1000)} s`,
        `${formatNumber(s.aggregate / 1000)} s`,
        mb(r.rssPeak),
      ];
    });
    printTable(`audit of ${formatNumber(patients)} patients (${formatNumber(runs[0]!.summary.rows)} courses); population written in ${formatNumber(generateMs / 1000)} s`, ["workers", "records/s", "total", "read", "evaluate", "write", "aggregate", "peak RSS"], rows);
    const sizes = readFileSync(file).byteLength;
    console.log(`  input ${mb(sizes)}; reference: evaluate alone on the main thread ${formatNumber(ref.perSecond)} evaluations/s over ${formatNumber(ref.sample)} records`);
    return { patients, generateMs, runs, reference: ref };
  } finally {
    if (kept === undefined) rmSync(dir, { recursive: true, force: true });
    else for (const workers of [1, 2]) rmSync(join(dir, `audit-${patients}-${workers}`), { recursive: true, force: true });
  }
}

/** The design target's row for the summary: the time for a million records on two workers, at the measured rate. */
export function auditTargetRow(result: AuditBenchResult): readonly string[] {
  const two = result.runs.find((r) => r.workers === 2)!;
  const seconds = TARGET_RECORDS / two.perSecond;
  const evaluateShare = two.summary.stages.evaluateWall / two.summary.wallMs;
  return [
    `audit ${formatNumber(TARGET_RECORDS)} records on 2 cores`,
    `${formatNumber(seconds)} s at ${formatNumber(two.perSecond)} records/s (${result.patients === TARGET_RECORDS ? "measured" : `from ${formatNumber(result.patients)}`}); evaluation is ${(evaluateShare * 100).toFixed(0)}% of the time, ${formatNumber(seconds / TARGET_SECONDS)}x the target`,
    `< ${TARGET_SECONDS} s`,
    seconds < TARGET_SECONDS ? "PASS" : "MISS",
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  printMachine();
  const result = await runAuditBench();
  printTable("design target (informative)", ["target", "measured", "target", "result"], [auditTargetRow(result)]);
}
