/** What a command writes and how it ends; commands return this instead of touching the process. */
import { parseArgs } from "node:util";

/** A command's output and exit code. */
export interface CommandResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** Builds command results. */
export class Output {
  private readonly out: string[] = [];
  private readonly err: string[] = [];
  print(text: string): void {
    this.out.push(text);
  }
  error(text: string): void {
    this.err.push(text);
  }
  done(exitCode: 0 | 1 | 2): CommandResult {
    const join = (parts: string[]): string => (parts.length === 0 ? "" : `${parts.join("\n")}\n`);
    return { exitCode, stdout: join(this.out), stderr: join(this.err) };
  }
}

/** Exit code 2 with a usage message. */
export function usageError(message: string, usage: string): CommandResult {
  const out = new Output();
  out.error(`steward: ${message}`);
  out.error(usage);
  return out.done(2);
}

/** The arguments of a command that takes paths and `--format text|json`. */
export interface PathsAndFormat {
  readonly paths: readonly string[];
  readonly format: "text" | "json";
}

/**
 * Reads `<paths…> [--format text|json]`; a usage error (exit 2) when an option is unknown, the
 * format is not text or json, or the number of paths is not what `pathCount` accepts.
 */
export function pathsAndFormat(args: readonly string[], usage: string, pathCount: { readonly ok: (n: number) => boolean; readonly message: string }): PathsAndFormat | CommandResult {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { format: { type: "string", default: "text" } } });
  } catch (e) {
    return usageError((e as Error).message, usage);
  }
  const format = parsed.values.format;
  if (format !== "text" && format !== "json") return usageError(`unknown format \`${format}\``, usage);
  if (!pathCount.ok(parsed.positionals.length)) return usageError(pathCount.message, usage);
  return { paths: parsed.positionals, format };
}

/** True when `value` is a finished command result rather than parsed arguments. */
export function isCommandResult(value: PathsAndFormat | CommandResult): value is CommandResult {
  return "exitCode" in value;
}
