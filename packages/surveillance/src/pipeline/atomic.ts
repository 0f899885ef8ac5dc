/**
 * Output files appear whole or not at all: each is written under a hidden `.partial` name beside
 * it and renamed over the target only when complete (a rename within a directory is atomic), so a
 * run stopped at any moment leaves no half-written file under a name a reader would open.
 */
import { readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The temporary name a file is written under before it replaces `target`. */
export function partialPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.partial`);
}

/** Writes `target` through `write`, which is given the temporary path; on failure the temporary file is removed. */
export async function replaceAtomically(target: string, write: (partial: string) => Promise<void>): Promise<void> {
  const partial = partialPath(target);
  try {
    await write(partial);
    renameSync(partial, target);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

/** Removes the temporary files an interrupted run left in `dir`. */
export function removePartials(dir: string): void {
  for (const name of readdirSync(dir)) if (name.startsWith(".") && name.endsWith(".partial")) rmSync(join(dir, name), { force: true });
}
