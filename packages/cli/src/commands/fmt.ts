/** `steward fmt [--check] <files|dirs…>`: rewrite rule files in the canonical layout. */
import { writeFileSync } from "node:fs";
import { Option } from "commander";
import { format, parse } from "@steward/dsl";
import type { CommandSpec } from "../command.js";
import { collectFiles, diskHost, STDIN, UnreadablePath } from "../files.js";
import { Output } from "../io.js";
import { accessFor, limitOption } from "../options.js";
import { renderDiagnostic } from "../render.js";

/**
 * `steward fmt`. A file with syntax errors is never rewritten (formatting it could lose text). With
 * `--check`, nothing is written and exit 1 lists the files that are not formatted. Standard input
 * (`-`) is formatted to standard output.
 */
export const fmtCommand: CommandSpec = {
  name: "fmt",
  summary: "rewrite rule files in the one canonical layout, keeping comments",
  usage: "[options] <files|dirs...>",
  operands: [["<paths...>", "rule files (*.stw), directories to search, or - to format standard input to standard output"]],
  options: [new Option("--check", "write nothing; list the files that are not formatted"), limitOption()],
  exitCodes: [
    [0, "every file is formatted (with --check), or was formatted"],
    [1, "a file has syntax errors, or (with --check) is not formatted"],
    [2, "bad usage, or a file that cannot be read"],
  ],
  example: "steward fmt --check guidelines",
  run: (paths, options, environment) => {
    const checkOnly = options["check"] === true;
    const access = accessFor(paths, options);
    const files = collectFiles(paths);
    const host = diskHost(environment.stdin, access);
    const style = environment.style.stderr;
    const out = new Output();
    let changed = 0;
    let broken = 0;
    for (const file of files) {
      const text = host.read(file);
      if (typeof text !== "string") throw new UnreadablePath(file, text?.refused);
      const { ast, diagnostics } = parse(text, file, access);
      const errors = diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0) {
        broken++;
        for (const d of errors) out.error(`${renderDiagnostic(d, () => text, style)}\n`);
        out.error(`${file}: not formatted, it has syntax errors`);
        continue;
      }
      const formatted = format(ast);
      if (file === STDIN && !checkOnly) {
        out.print(formatted.replace(/\n$/, ""));
        continue;
      }
      if (formatted === text) continue;
      changed++;
      if (checkOnly) out.print(`${file}: not formatted`);
      else {
        writeFileSync(file, formatted);
        out.print(`${file}: formatted`);
      }
    }
    const total = files.length;
    if (checkOnly) out.print(`${total} file${total === 1 ? "" : "s"}: ${changed} to format, ${broken} with syntax errors`);
    return out.done(broken > 0 || (checkOnly && changed > 0) ? 1 : 0);
  },
};
