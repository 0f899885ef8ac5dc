/** `steward check <files|dirs> [--format text|json]`: every problem in the rule files, in one pass. */
import type { Diagnostic } from "@steward/core";
import { check, loadProgram } from "@steward/dsl";
import { collectRuleFiles, diskHost, UnreadablePath } from "../files.js";
import { isCommandResult, Output, pathsAndFormat, usageError, type CommandResult } from "../io.js";
import { renderDiagnostic, summarise } from "../render.js";

/** The usage line `--help` and usage errors print. */
export const usage = "usage: steward check <files|dirs> [--format text|json]";

/** Runs `steward check`. Exit 0 when clean, 1 when there are errors or warnings, 2 on bad usage or input. */
export function runCheck(args: readonly string[]): CommandResult {
  const parsed = pathsAndFormat(args, usage, { ok: (n) => n > 0, message: "name at least one rule file or directory" });
  if (isCommandResult(parsed)) return parsed;
  const { format } = parsed;
  let files: string[];
  try {
    files = collectRuleFiles(parsed.paths);
  } catch (e) {
    if (e instanceof UnreadablePath) return usageError(e.message, usage);
    throw e;
  }
  const host = diskHost();
  const program = loadProgram(files, host);
  const diagnostics = check(program);
  const unreadable = diagnostics.some((d) => d.code === "io/unreadable");
  return report(diagnostics, format, files.length, host.texts, unreadable ? 2 : undefined);
}

/** Prints diagnostics in the chosen format and picks the exit code. */
export function report(diagnostics: readonly Diagnostic[], format: "text" | "json", files: number, texts: ReadonlyMap<string, string>, forced?: 2): CommandResult {
  const out = new Output();
  const findings = diagnostics.filter((d) => d.severity !== "info");
  if (format === "json") {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.filter((d) => d.severity === "warning").length;
    out.print(JSON.stringify({ diagnostics, summary: { files, errors, warnings } }, null, 2));
  } else {
    for (const d of diagnostics) out.print(`${renderDiagnostic(d, (f) => texts.get(f))}\n`);
    out.print(summarise(diagnostics, files));
  }
  return out.done(forced ?? (findings.length > 0 ? 1 : 0));
}
