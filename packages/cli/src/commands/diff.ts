/** `steward diff <old> <new>`: which kinds of patient get a different decision from the new version. */
import { diffGuidelines, renderDiff } from "@steward/testing";
import type { GuidelineIR } from "@steward/core";
import { usageError, type CommandSpec } from "../command.js";
import { loadGuidelines, printProblems } from "../guidelines.js";
import { Output } from "../io.js";
import { accessFor, formatOption, limitOption, rootOption } from "../options.js";

/** `steward diff`. */
export const diffCommand: CommandSpec = {
  name: "diff",
  summary: "show which kinds of patient get a different decision from a new version of a guideline",
  usage: "[options] <old> <new>",
  operands: [
    ["<old>", "the rule file of the version in use"],
    ["<new>", "the rule file of the new version"],
  ],
  options: [formatOption("the changes"), rootOption(), limitOption()],
  exitCodes: [
    [0, "no patient's decision changes"],
    [1, "some patients' decisions change, or a file has errors"],
    [2, "bad usage, or a file that cannot be read or holds other than one guideline"],
  ],
  example: "steward diff ng109-v1.stw guidelines/ng109-lower-uti/ng109.stw",
  run: (paths, options, environment) => {
    const out = new Output();
    const versions: GuidelineIR[] = [];
    const access = accessFor(paths, options);
    for (const path of paths) {
      const loaded = loadGuidelines([path], environment.stdin, access);
      if (loaded.problems.length > 0) {
        printProblems(out, loaded, environment.style.stderr);
        out.error(`steward diff: \`${path}\` has errors`);
        return out.done(1);
      }
      if (loaded.guidelines.length !== 1) return usageError(diffCommand, `\`${path}\` must be one guideline file`);
      versions.push(loaded.guidelines[0]!);
    }
    const diff = diffGuidelines(versions[0]!, versions[1]!);
    out.print(options["format"] === "json" ? JSON.stringify(diff, null, 2) : renderDiff(diff));
    return out.done(diff.changes.length > 0 ? 1 : 0);
  },
};
