/** `steward compile <file> [-o <ir.json>]`: a guideline file to its JSON IR. */
import { writeFileSync } from "node:fs";
import { Option } from "commander";
import { compile, loadProgram } from "@steward/dsl";
import { usageError, type CommandSpec } from "../command.js";
import { diskHost, displayPath, STDIN, UnreadablePath } from "../files.js";
import { Output } from "../io.js";
import { accessFor, limitOption, rootOption } from "../options.js";
import { renderDiagnostic } from "../render.js";

/** `steward compile`. */
export const compileCommand: CommandSpec = {
  name: "compile",
  summary: "compile a guideline to its JSON IR (versioned, content-hashed)",
  usage: "[options] <file>",
  operands: [["<file>", "the guideline's rule file, or - for standard input"]],
  options: [new Option("-o, --output <file>", "write the IR to this file (name it *.ir.json) instead of standard output"), rootOption(), limitOption()],
  exitCodes: [
    [0, "the IR was written"],
    [1, "the guideline has errors"],
    [2, "bad usage, or a file that cannot be read or written"],
  ],
  example: "steward compile guidelines/ng109-lower-uti/ng109.stw -o ng109.ir.json",
  run: ([path], options, environment) => {
    const file = path === "-" ? STDIN : displayPath(path!);
    const access = accessFor([path!], options);
    const host = diskHost(environment.stdin, access);
    const program = loadProgram([file], host, access);
    if (!host.texts.has(file)) {
      const why = host.read(file);
      throw new UnreadablePath(file, typeof why === "object" ? why.refused : undefined);
    }
    const result = compile(program, file);
    const out = new Output();
    if (result._tag === "Left") {
      for (const d of result.left) out.error(`${renderDiagnostic(d, (f) => host.texts.get(f), environment.style.stderr)}\n`);
      out.error(`${file}: not compiled`);
      return out.done(1);
    }
    const json = `${JSON.stringify(result.right, null, 2)}\n`;
    const output = options["output"] as string | undefined;
    if (output === undefined) out.print(json.trimEnd());
    else {
      try {
        writeFileSync(output, json);
      } catch {
        return usageError(compileCommand, `cannot write \`${output}\``);
      }
      out.error(`${file}: compiled to ${output} (${result.right.contentHash})`);
    }
    return out.done(0);
  },
};
