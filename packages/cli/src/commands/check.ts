/** `steward check <files|dirs…>`: every problem in the rule files, in one pass. */
import type { Diagnostic } from "@steward/core";
import { check, loadProgram } from "@steward/dsl";
import type { CommandSpec } from "../command.js";
import { collectFiles, diskHost } from "../files.js";
import { Output, type CommandResult } from "../io.js";
import { accessFor, formatOption, limitOption, rootOption } from "../options.js";
import { renderDiagnostic, summarise } from "../render.js";
import type { Style } from "../style.js";

/** `steward check`. */
export const checkCommand: CommandSpec = {
  name: "check",
  summary: "report every problem in rule files, with line, column and a hint",
  usage: "[options] <files|dirs...>",
  operands: [["<paths...>", "rule files (*.stw), directories to search, or - for standard input"]],
  options: [formatOption("the diagnostics"), rootOption(), limitOption()],
  exitCodes: [
    [0, "no errors or warnings"],
    [1, "errors or warnings were found"],
    [2, "bad usage, or a file that cannot be read"],
  ],
  example: "steward check guidelines",
  run: (paths, options, environment) => {
    const access = accessFor(paths, options);
    const files = collectFiles(paths);
    const host = diskHost(environment.stdin, access);
    const diagnostics = check(loadProgram(files, host, access));
    const unreadable = diagnostics.some((d) => d.code === "io/unreadable");
    return report(diagnostics, options["format"] as "text" | "json", files.length, host.texts, environment.style.stdout, unreadable ? 2 : undefined);
  },
};

/** Prints diagnostics in the chosen format and picks the exit code. */
function report(diagnostics: readonly Diagnostic[], format: "text" | "json", files: number, texts: ReadonlyMap<string, string>, style: Style, forced?: 2): CommandResult {
  const out = new Output();
  const findings = diagnostics.filter((d) => d.severity !== "info");
  if (format === "json") {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.filter((d) => d.severity === "warning").length;
    out.print(JSON.stringify({ diagnostics, summary: { files, errors, warnings } }, null, 2));
  } else {
    for (const d of diagnostics) out.print(`${renderDiagnostic(d, (f) => texts.get(f), style)}\n`);
    out.print(summarise(diagnostics, files));
  }
  return out.done(forced ?? (findings.length > 0 ? 1 : 0));
}
