/** `steward fmt [--check] <files|dirs>`: rewrite rule files in the canonical layout. */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { format, parse } from "@steward/dsl";
import { collectRuleFiles, diskHost, UnreadablePath } from "../files.js";
import { Output, usageError, type CommandResult } from "../io.js";
import { renderDiagnostic } from "../render.js";

/** The usage line `--help` and usage errors print. */
export const usage = "usage: steward fmt [--check] <files|dirs>";

/**
 * Runs `steward fmt`. A file with syntax errors is never rewritten (formatting it could lose text).
 * With `--check`, nothing is written and exit 1 lists the files that are not formatted.
 */
export function runFmt(args: readonly string[]): CommandResult {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { check: { type: "boolean", default: false } } });
  } catch (e) {
    return usageError((e as Error).message, usage);
  }
  if (parsed.positionals.length === 0) return usageError("name at least one rule file or directory", usage);
  let files: string[];
  try {
    files = collectRuleFiles(parsed.positionals);
  } catch (e) {
    if (e instanceof UnreadablePath) return usageError(e.message, usage);
    throw e;
  }
  const host = diskHost();
  const out = new Output();
  let changed = 0;
  let broken = 0;
  for (const file of files) {
    const text = host.read(file);
    if (text === undefined) return usageError(`cannot read \`${file}\``, usage);
    const { ast, diagnostics } = parse(text, file);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      broken++;
      for (const d of errors) out.error(`${renderDiagnostic(d, () => text)}\n`);
      out.error(`${file}: not formatted, it has syntax errors`);
      continue;
    }
    const formatted = format(ast);
    if (formatted === text) continue;
    changed++;
    if (parsed.values.check) out.print(`${file}: not formatted`);
    else {
      writeFileSync(file, formatted);
      out.print(`${file}: formatted`);
    }
  }
  const total = files.length;
  if (parsed.values.check) out.print(`${total} file${total === 1 ? "" : "s"}: ${changed} to format, ${broken} with syntax errors`);
  return out.done(broken > 0 || (parsed.values.check && changed > 0) ? 1 : 0);
}
