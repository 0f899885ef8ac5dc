/** Sub-command dispatch, separate from `main.ts` so tests can run commands without a process. */
import { runAnalyze, usage as analyzeUsage } from "./commands/analyze.js";
import { runCheck, usage as checkUsage } from "./commands/check.js";
import { runDiff, usage as diffUsage } from "./commands/diff.js";
import { runCompile, usage as compileUsage } from "./commands/compile.js";
import { runEval, usage as evalUsage } from "./commands/eval.js";
import { runFmt, usage as fmtUsage } from "./commands/fmt.js";
import { runTest, usage as testUsage } from "./commands/test.js";
import { Output, usageError, type CommandResult } from "./io.js";

const commands: Record<string, { run: (args: readonly string[]) => CommandResult; summary: string; usage: string }> = {
  check: { run: runCheck, summary: "report every problem in rule files", usage: checkUsage },
  compile: { run: runCompile, summary: "compile a guideline to JSON IR", usage: compileUsage },
  fmt: { run: runFmt, summary: "rewrite rule files in the canonical layout", usage: fmtUsage },
  eval: { run: (args) => runEval(args, "eval"), summary: "evaluate guidelines for patient files and print the decisions", usage: evalUsage("eval") },
  explain: { run: (args) => runEval(args, "explain"), summary: "show why each rule did or did not fire for patient files", usage: evalUsage("explain") },
  test: { run: runTest, summary: "run scenario tests (*.test.stw), with --coverage and --min-coverage", usage: testUsage },
  diff: { run: runDiff, summary: "show which kinds of patient get a different decision from a new version of a guideline", usage: diffUsage },
  analyze: { run: runAnalyze, summary: "find gaps, conflicts, unreachable and shadowed rules, with a witness patient for each", usage: analyzeUsage },
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
  if (rest.includes("--help") || rest.includes("-h")) {
    const out = new Output();
    out.print(`${command.summary}\n${command.usage}`);
    return out.done(0);
  }
  return command.run(rest);
}
