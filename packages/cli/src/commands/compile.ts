/** `steward compile <file> [-o <ir.json>]`: a guideline file to its JSON IR. */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { compile, loadProgram } from "@steward/dsl";
import { isLeft } from "fp-ts/lib/Either.js";
import { displayPath, diskHost } from "../files.js";
import { Output, usageError, type CommandResult } from "../io.js";
import { renderDiagnostic } from "../render.js";

/** The usage line `--help` and usage errors print. */
export const usage = "usage: steward compile <file> [-o <ir.json>]";

/** Runs `steward compile`. Exit 0 with the IR written, 1 when the file has errors, 2 on bad usage or input. */
export function runCompile(args: readonly string[]): CommandResult {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { output: { type: "string", short: "o" } } });
  } catch (e) {
    return usageError((e as Error).message, usage);
  }
  if (parsed.positionals.length !== 1) return usageError("name exactly one guideline file", usage);
  const file = displayPath(parsed.positionals[0]!);
  const host = diskHost();
  const program = loadProgram([file], host);
  if (!host.texts.has(file)) return usageError(`cannot read \`${file}\``, usage);
  const result = compile(program, file);
  const out = new Output();
  if (isLeft(result)) {
    for (const d of result.left) out.error(`${renderDiagnostic(d, (f) => host.texts.get(f))}\n`);
    out.error(`${file}: not compiled`);
    return out.done(1);
  }
  const json = `${JSON.stringify(result.right, null, 2)}\n`;
  if (parsed.values.output === undefined) out.print(json.trimEnd());
  else {
    try {
      writeFileSync(parsed.values.output, json);
    } catch {
      return usageError(`cannot write \`${parsed.values.output}\``, usage);
    }
    out.error(`${file}: compiled to ${parsed.values.output} (${result.right.contentHash})`);
  }
  return out.done(0);
}
