/**
 * `steward analyze <files|dirs>`: gaps, conflicts, unreachable and shadowed rules, each with a
 * witness patient; with several guidelines, also patients for whom two of them contradict each other.
 */
import { analyze, findContradictions, renderAnalysis, renderContradictions } from "@steward/testing";
import { UnreadablePath } from "../files.js";
import { loadGuidelines } from "../guidelines.js";
import { isCommandResult, Output, pathsAndFormat, usageError, type CommandResult } from "../io.js";
import { renderDiagnostic } from "../render.js";

/** The usage line `--help` and usage errors print. */
export const usage = "usage: steward analyze <files|dirs> [--format text|json]";

/** Runs `steward analyze`. Exit 0 when nothing is found, 1 when there are findings or the guidelines have errors, 2 on bad usage. */
export function runAnalyze(args: readonly string[]): CommandResult {
  const parsed = pathsAndFormat(args, usage, { ok: (n) => n > 0, message: "name at least one guideline file or directory" });
  if (isCommandResult(parsed)) return parsed;
  const { format } = parsed;
  let loaded;
  try {
    loaded = loadGuidelines(parsed.paths);
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
  const across = loaded.guidelines.length > 1 ? findContradictions(loaded.guidelines) : undefined;
  if (format === "json") out.print(JSON.stringify({ analyses, ...(across !== undefined ? { across } : {}) }, null, 2));
  else {
    for (const a of analyses) out.print(`${renderAnalysis(a, loaded.guidelines)}\n`);
    if (across !== undefined) out.print(`${renderContradictions(across, loaded.guidelines)}\n`);
  }
  return out.done(analyses.some((a) => a.findings.length > 0) || (across?.findings.length ?? 0) > 0 ? 1 : 0);
}
