/** `steward test [paths] [--coverage] [--min-coverage <pct>]`: run scenario tests written in the rule language. */
import { parseArgs } from "node:util";
import { loadProgram } from "@steward/dsl";
import { compileSuites, coverage, renderCoverage, renderFailure, runSuites, tally } from "@steward/testing";
import { collectRuleFiles, diskHost, UnreadablePath } from "../files.js";
import { Output, usageError, type CommandResult } from "../io.js";
import { renderDiagnostic } from "../render.js";

/** The usage line `--help` and usage errors print. */
export const usage = "usage: steward test [files|dirs] [--coverage] [--min-coverage <percent>]";

/** Runs `steward test`. Exit 0 when every scenario passes (and coverage is high enough), 1 otherwise, 2 on bad usage. */
export function runTest(args: readonly string[]): CommandResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { coverage: { type: "boolean", default: false }, "min-coverage": { type: "string" } },
    });
  } catch (e) {
    return usageError((e as Error).message, usage);
  }
  const min = parsed.values["min-coverage"] === undefined ? undefined : Number(parsed.values["min-coverage"]);
  if (min !== undefined && (!Number.isFinite(min) || min < 0 || min > 100)) return usageError("--min-coverage takes a percentage from 0 to 100", usage);
  const paths = parsed.positionals.length > 0 ? parsed.positionals : ["guidelines"];
  let files: string[];
  try {
    files = collectRuleFiles(paths, ".test.stw");
  } catch (e) {
    if (e instanceof UnreadablePath) return usageError(e.message, usage);
    throw e;
  }
  const out = new Output();
  if (files.length === 0) {
    out.error("steward: no scenario test files (*.test.stw) found");
    return out.done(1);
  }
  const host = diskHost();
  const { suites, diagnostics } = compileSuites(files, host);
  if (diagnostics.length > 0) {
    for (const d of diagnostics) out.error(`${renderDiagnostic(d, (f) => host.texts.get(f))}\n`);
    out.error("steward: the scenario files have errors");
    return out.done(1);
  }
  const results = runSuites(suites);
  let passed = 0;
  let failed = 0;
  for (const suite of results) {
    out.print(suite.suite.file);
    for (const r of suite.results) {
      if (r.passed) {
        passed++;
        out.print(`  ✓ ${r.scenario.name}`);
      } else {
        failed++;
        out.print(renderFailure(r).replace(/^/gm, "  "));
      }
    }
  }
  out.print(`\n${passed + failed} scenarios: ${passed} passed, ${failed} failed`);
  let coverageFails = false;
  if (parsed.values.coverage || min !== undefined) {
    const report = coverage(results);
    out.print(`\n${renderCoverage(report)}`);
    if (min !== undefined) {
      // A guideline in the folders given with no scenario file at all has covered nothing.
      const tested = new Set(report.map((g) => g.guideline));
      for (const { id, file } of guidelinesIn(paths)) {
        if (tested.has(id) || min === 0) continue;
        coverageFails = true;
        out.print(`coverage of ${id} is 0.0%, below the minimum of ${min}%: ${file} has no scenario tests`);
      }
      for (const g of report) {
        const t = tally(g.items);
        if (t.percent + 1e-9 < min) {
          coverageFails = true;
          out.print(`coverage of ${g.guideline} is ${t.percent.toFixed(1)}%, below the minimum of ${min}%`);
        }
      }
    }
  }
  return out.done(failed > 0 || coverageFails ? 1 : 0);
}

/** The guidelines declared in rule files (not test files) under `paths`, with the file each is in. */
function guidelinesIn(paths: readonly string[]): { id: string; file: string }[] {
  const files = collectRuleFiles(paths).filter((f) => !f.endsWith(".test.stw"));
  const program = loadProgram(files, diskHost());
  return files.flatMap((file) => (program.files.get(file)?.ast.items ?? []).flatMap((item) => (item.kind === "guideline" ? [{ id: item.name.text, file }] : [])));
}
