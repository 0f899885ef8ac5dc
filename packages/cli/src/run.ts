/** Sub-command dispatch, separate from `main.ts` so tests can run commands without a process. */
import { runAnalyze } from "./commands/analyze.js";
import { runCheck } from "./commands/check.js";
import { runDiff } from "./commands/diff.js";
import { runCompile } from "./commands/compile.js";
import { runEval } from "./commands/eval.js";
import { runFmt } from "./commands/fmt.js";
import { runTest } from "./commands/test.js";
import { Output, usageError, type CommandResult } from "./io.js";

const commands: Record<string, { run: (args: readonly string[]) => CommandResult; summary: string }> = {
  check: { run: runCheck, summary: "report every problem in rule files" },
  compile: { run: runCompile, summary: "compile a guideline to JSON IR" },
  fmt: { run: runFmt, summary: "rewrite rule files in the canonical layout" },
  eval: { run: (args) => runEval(args, "eval"), summary: "evaluate guidelines for patient files and print the decisions" },
  explain: { run: (args) => runEval(args, "explain"), summary: "show why each rule did or did not fire for patient files" },
  test: { run: runTest, summary: "run scenario tests (*.test.stw), with --coverage and --min-coverage" },
  diff: { run: runDiff, summary: "show which kinds of patient get a different decision from a new version of a guideline" },
  analyze: { run: runAnalyze, summary: "find gaps, conflicts, unreachable and shadowed rules, with a witness patient for each" },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return ["usage: steward <command> [options]", "", "commands:", ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)].join("\n");
}

/** Runs the command line `args` (without `node` and the script). */
export function run(args: readonly string[]): CommandResult {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const out = new Output();
    out.print(help());
    return out.done(name === undefined ? 2 : 0);
  }
  const command = commands[name];
  if (command === undefined) return usageError(`unknown command \`${name}\``, help());
  return command.run(rest);
}
