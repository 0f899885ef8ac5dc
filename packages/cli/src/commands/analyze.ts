/**
 * `steward analyze <files|dirs…>`: gaps, conflicts, unreachable and shadowed rules, each with a
 * witness patient; with several guidelines, also patients for whom two of them contradict each other.
 */
import { analyze, findContradictions, renderAnalysis, renderContradictions } from "@steward/testing";
import { usageError, type CommandSpec } from "../command.js";
import { loadGuidelines, printProblems } from "../guidelines.js";
import { Output } from "../io.js";
import { accessFor, formatOption, limitOption, rootOption } from "../options.js";

/** `steward analyze`. */
export const analyzeCommand: CommandSpec = {
  name: "analyze",
  summary: "find gaps, conflicts, unreachable and shadowed rules and contradicting guidelines, with witnesses",
  usage: "[options] <files|dirs...>",
  operands: [["<paths...>", "rule files (*.stw), directories to search, or - for standard input"]],
  options: [formatOption("the findings"), rootOption(), limitOption()],
  exitCodes: [
    [0, "nothing was found"],
    [1, "there are findings or contradictions, or the guidelines have errors"],
    [2, "bad usage, or a path that does not exist"],
  ],
  example: "steward analyze guidelines/ng109-lower-uti",
  run: (paths, options, environment) => {
    const loaded = loadGuidelines(paths, environment.stdin, accessFor(paths, options));
    const out = new Output();
    if (loaded.problems.length > 0) {
      printProblems(out, loaded, environment.style.stderr);
      out.error("steward analyze: fix the errors before analysing");
      return out.done(1);
    }
    if (loaded.guidelines.length === 0) return usageError(analyzeCommand, "no guideline files found");
    const progress = environment.progress();
    const analyses = loaded.guidelines.map((g, i) => {
      const label = `analyze: ${i + 1}/${loaded.guidelines.length} ${g.guideline.id}`;
      return analyze(g, { progress: (patients) => progress.update(`${label}, ${patients.toLocaleString("en-GB")} patients evaluated`) });
    });
    if (loaded.guidelines.length > 1) progress.update("analyze: guidelines against each other");
    const across = loaded.guidelines.length > 1 ? findContradictions(loaded.guidelines) : undefined;
    progress.done();
    if (options["format"] === "json") out.print(JSON.stringify({ analyses, ...(across !== undefined ? { across } : {}) }, null, 2));
    else {
      for (const a of analyses) out.print(`${renderAnalysis(a, loaded.guidelines)}\n`);
      if (across !== undefined) out.print(`${renderContradictions(across, loaded.guidelines)}\n`);
    }
    return out.done(analyses.some((a) => a.findings.length > 0) || (across?.findings.length ?? 0) > 0 ? 1 : 0);
  },
};
