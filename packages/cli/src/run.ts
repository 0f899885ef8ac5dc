/**
 * The `steward` command line: commander parses it (options, per-command help, did-you-mean for a
 * mistyped command or option) into one of the commands in `commands`, whose `run` returns the
 * output. Nothing here touches the process, so tests run commands directly; `main.ts` does the rest.
 */
import { Command, CommanderError } from "commander";
import { IR_VERSION } from "@steward/core";
import { analyzeCommand } from "./commands/analyze.js";
import { auditCommand } from "./commands/audit.js";
import { checkCommand } from "./commands/check.js";
import { compileCommand } from "./commands/compile.js";
import { diffCommand } from "./commands/diff.js";
import { evalCommand, explainCommand } from "./commands/eval.js";
import { feedbackCommand } from "./commands/feedback.js";
import { fmtCommand } from "./commands/fmt.js";
import { reportCommand } from "./commands/report.js";
import { serveCommand } from "./commands/serve.js";
import { testCommand } from "./commands/test.js";
import { helpFooter, usageError, type CommandSpec } from "./command.js";
import { UnreadablePath } from "./files.js";
import { Output, plainEnvironment, type CommandResult, type Environment } from "./io.js";
import { version } from "./version.js";

/** Every sub-command, in the order `steward --help` lists them. */
export const commands: readonly CommandSpec[] = [checkCommand, fmtCommand, compileCommand, evalCommand, explainCommand, testCommand, analyzeCommand, diffCommand, serveCommand, feedbackCommand, auditCommand, reportCommand];

const programFooter = [
  "",
  "Exit codes (each command's --help says what they mean for it):",
  "  0  success, nothing found",
  "  1  findings: errors in rule files, failed scenarios, a changed decision",
  "  2  bad usage or input that cannot be read or evaluated",
  "  3  some patient files in a directory could not be read or evaluated; the others were printed (eval, explain)",
  "",
  "A path given as - is read from standard input.",
].join("\n");

/** Runs the command line `args` (without `node` and the script) in `environment`. */
export async function run(args: readonly string[], environment: Environment = plainEnvironment()): Promise<CommandResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const output = { writeOut: (text: string) => stdout.push(text), writeErr: (text: string) => stderr.push(text), getOutHelpWidth: () => 100, getErrHelpWidth: () => 100 };
  let result: CommandResult | undefined;
  let failed: CommandSpec | undefined;

  const program = new Command("steward")
    .description("Antimicrobial stewardship guidelines: check, format, compile, test and analyse rule files; evaluate and explain decisions; serve them over CDS Hooks")
    .version(`steward ${version} (IR version ${IR_VERSION})`, "-V, --version", "print the version, and the IR version it compiles and evaluates, and exit")
    .helpOption("-h, --help", "print this help and exit")
    .helpCommand("help [command]", "print the help of a command")
    .configureOutput(output)
    .exitOverride()
    .addHelpText("after", programFooter);
  for (const spec of commands) {
    const command = program
      .command(spec.name)
      .description(spec.summary)
      .usage(spec.usage)
      .helpOption("-h, --help", "print this help and exit")
      .configureOutput({ ...output, outputError: (text) => ((failed = spec), stderr.push(text)) })
      .addHelpText("after", helpFooter(spec))
      .action(async (...params: unknown[]) => {
        const parsed = params[params.length - 1] as Command;
        try {
          result = await spec.run(parsed.args, parsed.opts(), environment);
        } catch (e) {
          // A path the user named that cannot be read is bad usage, whichever command met it.
          if (e instanceof UnreadablePath) result = usageError(spec, e.message);
          else result = internalError(spec, e);
        }
      });
    for (const [spelling, description] of spec.operands) command.argument(spelling, description);
    for (const option of spec.options) command.addOption(option);
  }

  try {
    await program.parseAsync([...args], { from: "user" });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    const text = (parts: string[]): string => parts.join("");
    // Help asked for (`--help`, `help <command>`) and the version end well; help shown because no command was given does not.
    if (e.exitCode === 0) return { exitCode: 0, stdout: text(stdout), stderr: text(stderr) };
    if (e.code === "commander.help") return { exitCode: 2, stdout: text(stdout), stderr: text(stderr) };
    if (failed !== undefined) return usageError(failed, commanderMessage(text(stderr)));
    return { exitCode: 2, stdout: text(stdout), stderr: `steward: ${commanderMessage(text(stderr))}\nRun \`steward --help\` for the commands.\n` };
  }
  // invariant: commander either ran one command's action or threw (help, version and errors all throw under exitOverride)
  return result!;
}

/**
 * A failure no input should cause, reported as one line and exit 2 rather than a stack trace: the
 * commands return every problem in their input as diagnostics, so this is always a bug to report.
 */
function internalError(command: CommandSpec, e: unknown): CommandResult {
  const out = new Output();
  out.error(`steward ${command.name}: internal error: ${e instanceof Error ? e.message : String(e)}`);
  out.error("This is a bug in Steward; please report it with the command and the files it read.");
  return out.done(2);
}

/** Commander's error text in our style: no `error:` prefix, names in backticks, one line per sentence. */
function commanderMessage(text: string): string {
  return text
    .replace(/^error: /, "")
    .replace(/'([^']*)'/g, "`$1`")
    .trimEnd();
}
