/** `steward serve` in a child process, as a user runs it (from the TypeScript source, with tsx), and the address it says it listens on. */
import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";

const repoRoot = resolve(import.meta.dirname, "../../../..");

/** Starts `steward serve <args>` and resolves when it prints where it listens; rejects if it exits first. */
export async function spawnServe(args: readonly string[]): Promise<{ readonly url: string; readonly child: ChildProcess }> {
  const main = join(repoRoot, "packages/cli/src/main.ts");
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@steward/source", main, "serve", ...args], { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
  const url = await new Promise<string>((ok, fail) => {
    let err = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m !== null) ok(m[1]!);
    });
    child.on("exit", (code) => fail(new Error(`steward serve exited ${code}: ${err}`)));
  });
  return { url, child };
}
