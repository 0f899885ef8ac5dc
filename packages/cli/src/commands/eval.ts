/**
 * `steward eval` and `steward explain`: evaluate guidelines for one patient file, or every patient
 * file in a directory, and print the decision (or the trace) as text or JSON — or, for `eval`, as
 * FHIR resources. A patient file is a Steward context or a FHIR record (see patient-input.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { evaluate, explain, prepare, renderDecision, renderExplanation, type Decision, type Diagnostic, type Evaluator, type Explanation } from "@steward/core";
import { toFhir } from "@steward/fhir";
import { chain, isLeft, type Either } from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { displayPath, UnreadablePath } from "../files.js";
import { loadGuidelines } from "../guidelines.js";
import { Output, usageError, type CommandResult } from "../io.js";
import { careSetting, readPatientInput } from "../patient-input.js";
import { renderDiagnostic } from "../render.js";

/** The usage line `--help` and usage errors print. */
export const usage = (name: string): string => {
  const formats = name === "eval" ? "text|json|fhir" : "text|json";
  return [
    `usage: steward ${name} --guidelines <dir> --patient <file.json|dir> [--setting <care setting>] [--now <ISO date-time>] [--format ${formats}]`,
    `       steward ${name} --guidelines <dir> --fhir <bundle.json|dir> [--setting <care setting>] [--now <ISO date-time>] [--format ${formats}]`,
    "  a patient file with a `resourceType` is read as FHIR R4; --fhir reads every file as FHIR (Bundle, resources, CDS Hooks prefetch)",
  ].join("\n");
};

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
        fhir: { type: "string" },
        setting: { type: "string" },
        now: { type: "string" },
        format: { type: "string", default: "text" },
      },
    });
  } catch (e) {
    return usageError((e as Error).message, usage(mode));
  }
  const { guidelines: dir, format, fhir } = parsed.values;
  const patient = parsed.values.patient ?? fhir;
  if (dir === undefined || patient === undefined) return usageError("both --guidelines and --patient (or --fhir) are needed", usage(mode));
  if (parsed.values.patient !== undefined && fhir !== undefined) return usageError("give --patient or --fhir, not both", usage(mode));
  if (format !== "text" && format !== "json" && !(format === "fhir" && mode === "eval")) return usageError(`unknown format \`${format}\``, usage(mode));
  const setting = parsed.values.setting === undefined ? undefined : careSetting(parsed.values.setting);
  if (parsed.values.setting !== undefined && setting === undefined) return usageError(`unknown care setting \`${parsed.values.setting}\``, usage(mode));
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
  const printed: { patient: string; decision?: unknown; explanation?: unknown; bundle?: unknown }[] = [];
  for (const file of patients) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return usageError(`cannot read \`${file}\``, usage(mode));
    }
    const show = (d: Diagnostic): string => `${file}: ${d.severity}[${d.code}]: ${d.message}${d.hint ? `\n  = hint: ${d.hint}` : ""}`;
    const input = readPatientInput(text, file, { now, fhir: fhir !== undefined, setting });
    if (input._tag === "Right") for (const d of input.right.notes) if (d.severity !== "info") out.error(show(d));
    const result = pipe(
      input,
      chain((p): Either<readonly Diagnostic[], Decision | Explanation> => (mode === "eval" ? evaluate(evaluator, p.context, { now }) : explain(evaluator, p.context, { now }))),
    );
    if (isLeft(result) || isLeft(input)) {
      bad++;
      if (isLeft(result)) for (const d of result.left) out.error(show(d));
      continue;
    }
    if (format === "fhir") {
      const { patient: subject, context, provenance } = input.right;
      const decision = result.right as Decision;
      printed.push({ patient: file, bundle: toFhir(decision, { patient: subject, guidelines: loaded.guidelines, context, ...(provenance === undefined ? {} : { provenance }) }) });
    } else if (format === "json") printed.push(mode === "eval" ? { patient: file, decision: result.right } : { patient: file, explanation: result.right });
    else {
      out.print(`${"=".repeat(100)}\nPatient: ${file}`);
      out.print(mode === "eval" ? renderDecision(result.right as Decision) : renderExplanation(result.right as Explanation));
      out.print("");
    }
  }
  // The shape follows what --patient names, a file or a directory, not how many files the directory holds.
  if (format !== "text" && directory) out.print(JSON.stringify({ patients: printed }, null, 2));
  else if (format !== "text" && printed[0] !== undefined) out.print(JSON.stringify(printed[0].bundle ?? printed[0].decision ?? printed[0].explanation, null, 2));
  return out.done(bad > 0 ? 2 : 0);
}

function failed(out: Output, diagnostics: readonly Diagnostic[], what: string): CommandResult {
  for (const d of diagnostics) out.error(renderDiagnostic(d, () => undefined));
  out.error(`steward: ${what} cannot be evaluated`);
  return out.done(2);
}
