/**
 * What a sub-command declares: its name, what it does, its operands and options, its exit codes and
 * an example, and the function that runs it. `run.ts` turns the list into the parser and the help.
 * Adding a command is a new file exporting one of these and a line in `run.ts`; adding an option is
 * a line in the command's `options` and where its `run` reads it.
 */
import type { Option } from "commander";
import { Output, type CommandResult, type Environment, type ExitCode } from "./io.js";

/** A `steward` sub-command. */
export interface CommandSpec {
  readonly name: string;
  /** One line: what the command does. */
  readonly summary: string;
  /** What follows the command name in the usage line, e.g. `[options] <files|dirs...>`. */
  readonly usage: string;
  /** Operands as commander spells them (`<file>`, `<paths...>`, `[paths...]`), each with a description. */
  readonly operands: readonly (readonly [spelling: string, description: string])[];
  readonly options: readonly Option[];
  /** What each exit code means for this command. */
  readonly exitCodes: readonly (readonly [code: ExitCode, meaning: string])[];
  /** A command line to copy, starting with `steward`. */
  readonly example: string;
  /** Runs the command on its operands and its parsed options (already checked against their choices); work that waits (worker threads, a database) returns a promise. */
  readonly run: (operands: readonly string[], options: Readonly<Record<string, unknown>>, environment: Environment) => CommandResult | Promise<CommandResult>;
}

/** The message, the usage line and where to find more: exit code 2. */
export function usageError(command: Pick<CommandSpec, "name" | "usage">, message: string): CommandResult {
  const out = new Output();
  out.error(`steward ${command.name}: ${message}`);
  out.error(`Usage: steward ${command.name} ${command.usage}`);
  out.error(`Run \`steward ${command.name} --help\` for its options, exit codes and an example.`);
  return out.done(2);
}

/** The help text after the options: exit codes and an example. */
export function helpFooter(command: CommandSpec): string {
  const codes = command.exitCodes.map(([code, meaning]) => `  ${code}  ${meaning}`);
  return ["", "Exit codes:", ...codes, "", "Example:", `  $ ${command.example}`].join("\n");
}
