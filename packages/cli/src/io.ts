/** What a command writes and how it ends; commands return this instead of touching the process. */

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
