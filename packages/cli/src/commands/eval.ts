/**
 * `steward eval` and `steward explain`: evaluate guidelines for one patient file, or every patient
 * file in a directory, and print the decision (or the trace) as text or JSON.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { explain, prepare, renderDecision, renderExplanation, type Diagnostic, type Evaluator } from "@steward/core";
import { evaluateJson, parseJson } from "@steward/json";
import { isLeft } from "fp-ts/lib/Either.js";
import { displayPath, UnreadablePath } from "../files.js";
import { loadGuidelines } from "../guidelines.js";
import { Output, usageError, type CommandResult } from "../io.js";
import { renderDiagnostic } from "../render.js";

/** The usage line `--help` and usage errors print. */
export const usage = (name: string): string => `usage: steward ${name} --guidelines <dir> --patient <file.json|dir> [--now <ISO date-time>] [--format text|json]`;

function patientFiles(path: string): { files: string[]; directory: boolean } {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UnreadablePath(path);
  }
  if (!stat.isDirectory()) return { files: [displayPath(path)], directory: false };
  const files = readdirSync(path)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => displayPath(join(path, f)));
  return { files, directory: true };
}

/** Runs `steward eval` (mode "eval") or `steward explain` (mode "explain"). Exit 0 ok, 2 bad usage or input. */
export function runEval(args: readonly string[], mode: "eval" | "explain", clock: () => Date = () => new Date()): CommandResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        guidelines: { type: "string" },
        patient: { type: "string" },
        now: { type: "string" },
        format: { type: "string", default: "text" },
      },
    });
  } catch (e) {
    return usageError((e as Error).message, usage(mode));
  }
  const { guidelines: dir, patient, format } = parsed.values;
  if (dir === undefined || patient === undefined) return usageError("both --guidelines and --patient are needed", usage(mode));
  if (format !== "text" && format !== "json") return usageError(`unknown format \`${format}\``, usage(mode));
  const now = parsed.values.now ?? clock().toISOString();

  const out = new Output();
  let loaded;
  let patients;
  let directory;
  try {
    loaded = loadGuidelines([dir]);
    ({ files: patients, directory } = patientFiles(patient));
  } catch (e) {
    if (e instanceof UnreadablePath) return usageError(e.message, usage(mode));
    throw e;
  }
  if (loaded.diagnostics.length > 0) {
    for (const d of loaded.diagnostics) out.error(`${renderDiagnostic(d, (f) => loaded.texts.get(f))}\n`);
    out.error(`steward: the guidelines in \`${dir}\` have errors; run \`steward check ${dir}\``);
    return out.done(2);
  }
  if (loaded.guidelines.length === 0) return usageError(`no guideline files in \`${dir}\``, usage(mode));
  if (patients.length === 0) return usageError(`no patient files (*.json) in \`${patient}\``, usage(mode));
  const prepared = prepare(loaded.guidelines);
  if (isLeft(prepared)) return failed(out, prepared.left, "the compiled guidelines");
  const evaluator: Evaluator = prepared.right;

  let bad = 0;
  const json: { patient: string; decision?: unknown; explanation?: unknown }[] = [];
  for (const file of patients) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return usageError(`cannot read \`${file}\``, usage(mode));
    }
    const result = mode === "eval" ? evaluateJson(evaluator, text, { now }) : explainText(evaluator, text, now);
    if (isLeft(result)) {
      bad++;
      for (const d of result.left) out.error(`${file}: ${d.severity}[${d.code}]: ${d.message}${d.hint ? `\n  = hint: ${d.hint}` : ""}`);
      continue;
    }
    if (format === "json") json.push(mode === "eval" ? { patient: file, decision: result.right } : { patient: file, explanation: result.right });
    else {
      out.print(`${"=".repeat(100)}\nPatient: ${file}`);
      out.print(mode === "eval" ? renderDecision(result.right as never) : renderExplanation(result.right as never));
      out.print("");
    }
  }
  // The shape follows what --patient names, a file or a directory, not how many files the directory holds.
  if (format === "json" && directory) out.print(JSON.stringify({ patients: json }, null, 2));
  else if (format === "json" && json[0] !== undefined) out.print(JSON.stringify(json[0].decision ?? json[0].explanation, null, 2));
  return out.done(bad > 0 ? 2 : 0);
}

function explainText(evaluator: Evaluator, text: string, now: string) {
  const parsed = parseJson(text, "the patient context");
  return isLeft(parsed) ? parsed : explain(evaluator, parsed.right, { now });
}

function failed(out: Output, diagnostics: readonly Diagnostic[], what: string): CommandResult {
  for (const d of diagnostics) out.error(renderDiagnostic(d, () => undefined));
  out.error(`steward: ${what} cannot be evaluated`);
  return out.done(2);
}
