/** What a command writes and how it ends; commands return this instead of touching the process. */
import { plain, type Style } from "./style.js";
import { silentProgress, type Progress } from "./progress.js";

/** How a command ends: 0 success, 1 findings, 2 bad usage or unreadable input, 3 some patients not evaluated (`eval`, `explain`). */
export type ExitCode = 0 | 1 | 2 | 3;

/** A command's output and exit code. */
export interface CommandResult {
  readonly exitCode: ExitCode;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * For a command that goes on running after its output (`serve`): started once the output is
   * written; its promise settles with the exit code when the command stops.
   */
  readonly running?: () => Promise<0 | 1 | 2>;
}

/** What a command may use of the process it runs in, passed in so tests can run commands without one. */
export interface Environment {
  /** The text on standard input, read (once) when a path is given as `-`. */
  readonly stdin: () => string;
  /** How to style text for standard output and for standard error (colour only on a terminal). */
  readonly style: { readonly stdout: Style; readonly stderr: Style };
  /** A progress line on standard error for long work; silent unless standard error is a terminal. */
  readonly progress: () => Progress;
  /** The time `eval` and `explain` use when no `--now` is given. */
  readonly clock: () => Date;
}

/** No standard input, no colour, no progress: what tests and embedders get by default. */
export function plainEnvironment(overrides: Partial<Environment> = {}): Environment {
  return { stdin: () => "", style: { stdout: plain, stderr: plain }, progress: () => silentProgress, clock: () => new Date(), ...overrides };
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
  done(exitCode: ExitCode): CommandResult {
    const join = (parts: string[]): string => (parts.length === 0 ? "" : `${parts.join("\n")}\n`);
    return { exitCode, stdout: join(this.out), stderr: join(this.err) };
  }
}
