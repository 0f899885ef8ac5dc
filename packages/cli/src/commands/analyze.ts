/** `steward analyze <files|dirs>`: gaps, conflicts, unreachable and shadowed rules, each with a witness patient. */
import { parseArgs } from "node:util";
import { analyze, renderAnalysis } from "@steward/testing";
import { UnreadablePath } from "../files.js";
import { loadGuidelines } from "../guidelines.js";
import { Output, usageError, type CommandResult } from "../io.js";
import { renderDiagnostic } from "../render.js";

/** The usage line `--help` and usage errors print. */
export const usage = "usage: steward analyze <files|dirs> [--format text|json]";

/** Runs `steward analyze`. Exit 0 when nothing is found, 1 when there are findings or the guidelines have errors, 2 on bad usage. */
export function runAnalyze(args: readonly string[]): CommandResult {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { format: { type: "string", default: "text" } } });
  } catch (e) {
    return usageError((e as Error).message, usage);
  }
  const format = parsed.values.format;
  if (format !== "text" && format !== "json") return usageError(`unknown format \`${format}\``, usage);
  if (parsed.positionals.length === 0) return usageError("name at least one guideline file or directory", usage);
  let loaded;
  try {
    loaded = loadGuidelines(parsed.positionals);
  } catch (e) {
    if (e instanceof UnreadablePath) return usageError(e.message, usage);
    throw e;
  }
  const out = new Output();
  if (loaded.diagnostics.length > 0) {
    for (const d of loaded.diagnostics) out.error(`${renderDiagnostic(d, (f) => loaded.texts.get(f))}\n`);
    out.error("steward: fix the errors before analysing");
    return out.done(1);
  }
  if (loaded.guidelines.length === 0) return usageError("no guideline files found", usage);
  const analyses = loaded.guidelines.map((g) => analyze(g));
  if (format === "json") out.print(JSON.stringify({ analyses }, null, 2));
  else for (const a of analyses) out.print(`${renderAnalysis(a, loaded.guidelines)}\n`);
  return out.done(analyses.some((a) => a.findings.length > 0) ? 1 : 0);
}
