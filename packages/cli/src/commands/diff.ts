/** `steward diff <old> <new>`: which kinds of patient get a different decision from the new version. */
import { diffGuidelines, renderDiff } from "@steward/testing";
import { UnreadablePath } from "../files.js";
import { loadGuidelines } from "../guidelines.js";
import { isCommandResult, Output, pathsAndFormat, usageError, type CommandResult } from "../io.js";
import { renderDiagnostic } from "../render.js";

/** The usage line `--help` and usage errors print. */
export const usage = "usage: steward diff <old guideline file> <new guideline file> [--format text|json]";

/** Runs `steward diff`. Exit 0 when no patient's decision changes, 1 when some do (or a file has errors), 2 on bad usage. */
export function runDiff(args: readonly string[]): CommandResult {
  const parsed = pathsAndFormat(args, usage, { ok: (n) => n === 2, message: "name the old and the new guideline file" });
  if (isCommandResult(parsed)) return parsed;
  const { format } = parsed;
  const out = new Output();
  const versions = [];
  for (const path of parsed.paths) {
    let loaded;
    try {
      loaded = loadGuidelines([path]);
    } catch (e) {
      if (e instanceof UnreadablePath) return usageError(e.message, usage);
      throw e;
    }
    if (loaded.diagnostics.length > 0) {
      for (const d of loaded.diagnostics) out.error(`${renderDiagnostic(d, (f) => loaded.texts.get(f))}\n`);
      out.error(`steward: \`${path}\` has errors`);
      return out.done(1);
    }
    if (loaded.guidelines.length !== 1) return usageError(`\`${path}\` must be one guideline file`, usage);
    versions.push(loaded.guidelines[0]!);
  }
  const diff = diffGuidelines(versions[0]!, versions[1]!);
  out.print(format === "json" ? JSON.stringify(diff, null, 2) : renderDiff(diff));
  return out.done(diff.changes.length > 0 ? 1 : 0);
}
