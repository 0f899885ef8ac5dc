/**
 * Finding and reading patient files for `eval` and `explain`: one file, every `*.json` file in a
 * directory, or standard input. Each file is read on its own and a file that cannot be read is a
 * diagnostic about that file, never the end of the run: a subdirectory, a dangling link, a file
 * without read permission or a special file (a FIFO, a device) named `*.json` is reported and the
 * others are still evaluated. Special files are refused from their type, without opening them, so
 * a FIFO never blocks the command.
 */
import { readdirSync, readFileSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "@steward/core";
import { displayPath, STDIN, UnreadablePath } from "./files.js";

/** The largest patient file read, in bytes: a FHIR record's size limit (`defaultFhirLimits.maxSize`) at one byte a character. */
export const MAX_PATIENT_FILE_BYTES = 100_000_000;

/** The patient files `path` names, and whether it named a directory (which decides the JSON output's shape). */
export function patientFiles(path: string): { readonly files: readonly string[]; readonly directory: boolean } {
  if (path === "-") return { files: [STDIN], directory: false };
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch {
    throw new UnreadablePath(path);
  }
  if (!stat.isDirectory()) return { files: [displayPath(path)], directory: false };
  let names: string[];
  try {
    names = readdirSync(path);
  } catch {
    throw new UnreadablePath(path);
  }
  return { files: names.filter((f) => f.endsWith(".json")).sort().map((f) => displayPath(join(path, f))), directory: true };
}

/** The text of one patient file, or why it cannot be read. */
export function readPatientFile(file: string, stdin: () => string): { readonly text: string } | { readonly problem: Diagnostic } {
  const problem = (why: string): { problem: Diagnostic } => ({ problem: { code: "io/unreadable", severity: "error", message: `cannot read the patient file: ${why}` } });
  if (file === STDIN) return { text: stdin() };
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (e) {
    return problem((e as NodeJS.ErrnoException).code === "ENOENT" ? "it does not exist (a link to nothing?)" : "it cannot be looked up");
  }
  if (stat.isDirectory()) return problem("it is a directory");
  if (!stat.isFile()) return problem("it is not a regular file (a FIFO, socket or device is never read)");
  if (stat.size > MAX_PATIENT_FILE_BYTES) return problem(`it is ${stat.size} bytes, more than the ${MAX_PATIENT_FILE_BYTES} a patient file may be`);
  try {
    return { text: readFileSync(file, "utf8") };
  } catch (e) {
    return problem((e as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : "reading it failed");
  }
}
