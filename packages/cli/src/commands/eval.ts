/**
 * `steward eval` and `steward explain`: evaluate guidelines (rule files or compiled IR) for one
 * patient file, every patient file in a directory, or standard input, and print the decision (or
 * the trace) as text or JSON.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Option } from "commander";
import { explain, prepare, renderDecision, renderExplanation, type Decision, type Diagnostic, type Evaluator, type Explanation, type PatientContextInput } from "@steward/core";
import { normalizeUnits } from "@steward/core/units";
import { evaluateJson, parseJson } from "@steward/json";
import { isLeft, type Either } from "fp-ts/lib/Either.js";
import { usageError, type CommandSpec } from "../command.js";
import { displayPath, STDIN, UnreadablePath } from "../files.js";
import { loadGuidelinesOrIr, printProblems } from "../guidelines.js";
import { Output, type CommandResult, type Environment } from "../io.js";
import { formatOption } from "../options.js";
import { renderFileDiagnostic } from "../render.js";

function patientFiles(path: string): { files: string[]; directory: boolean } {
  if (path === "-") return { files: [STDIN], directory: false };
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

const options = (): Option[] => [
  new Option("--guidelines <path>", "rule files (*.stw), compiled guidelines (*.ir.json), directories holding either, or - for one compiled guideline on standard input; repeat for more")
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .makeOptionMandatory(),
  new Option("--patient <path>", "a patient context (JSON) file, a directory of them, or - for standard input").makeOptionMandatory(),
  new Option("--now <time>", "the moment to evaluate at, a date-time with a zone (default: the current time)"),
];

function spec(mode: "eval" | "explain"): CommandSpec {
  const self: CommandSpec = {
    name: mode,
    summary: mode === "eval" ? "evaluate guidelines for patient files and print the decisions" : "show why each rule did or did not fire for patient files, with the value each condition saw",
    usage: "--guidelines <path> --patient <file|dir|-> [options]",
    operands: [],
    options: [...options(), formatOption(mode === "eval" ? "the decisions" : "the traces")],
    exitCodes: [
      [0, `every patient was ${mode === "eval" ? "evaluated" : "explained"}`],
      [2, "bad usage, guidelines with errors, or a patient record that cannot be read or evaluated (the others are still printed)"],
    ],
    example: `steward ${mode} --guidelines guidelines --patient examples/patients/01-woman-30-cystitis-egfr-80.json --now 2026-11-25T09:00:00Z`,
    run: (_, values, environment) => runEval(self, mode, values, environment),
  };
  return self;
}

/** `steward eval`. */
export const evalCommand: CommandSpec = spec("eval");

/** `steward explain`. */
export const explainCommand: CommandSpec = spec("explain");

function runEval(self: CommandSpec, mode: "eval" | "explain", values: Readonly<Record<string, unknown>>, environment: Environment): CommandResult {
  const guidelinePaths = values["guidelines"] as string[];
  const patient = values["patient"] as string;
  const format = values["format"] as "text" | "json";
  const now = (values["now"] as string | undefined) ?? environment.clock().toISOString();
  if (patient === "-" && guidelinePaths.includes("-")) return usageError(self, "only one of --guidelines and --patient can read standard input");

  const out = new Output();
  const loaded = loadGuidelinesOrIr(guidelinePaths, environment.stdin);
  const { files: patients, directory } = patientFiles(patient);
  const named = guidelinePaths.join(" ");
  if (loaded.problems.length > 0) {
    printProblems(out, loaded, environment.style.stderr);
    const inRuleFiles = loaded.problems.some((p) => p.file === undefined);
    out.error(`steward ${mode}: ${inRuleFiles ? `the guidelines in \`${named}\` have errors; run \`steward check ${named}\`` : "a compiled guideline cannot be used; compile it again with this version's `steward compile`"}`);
    return out.done(2);
  }
  if (loaded.guidelines.length === 0) return usageError(self, `no guidelines in \`${named}\``);
  if (patients.length === 0) return usageError(self, `no patient files (*.json) in \`${patient}\``);
  const prepared = prepare(loaded.guidelines);
  if (isLeft(prepared)) return failed(out, prepared.left, mode, environment);
  const evaluator: Evaluator = prepared.right;

  const style = environment.style.stdout;
  const progress = environment.progress();
  let bad = 0;
  const json: { patient: string; decision?: unknown; explanation?: unknown }[] = [];
  for (const [i, file] of patients.entries()) {
    if (patients.length > 1) progress.update(`${mode}: ${i + 1}/${patients.length} patients (${file})`);
    let text: string;
    try {
      text = file === STDIN ? environment.stdin() : readFileSync(file, "utf8");
    } catch {
      progress.done();
      throw new UnreadablePath(file);
    }
    const result = mode === "eval" ? evaluateJson(evaluator, text, { now }) : explainText(evaluator, text, now);
    if (isLeft(result)) {
      bad++;
      for (const d of result.left) out.error(renderFileDiagnostic(file, d, environment.style.stderr));
      continue;
    }
    if (format === "json") json.push(mode === "eval" ? { patient: file, decision: result.right } : { patient: file, explanation: result.right });
    else {
      out.print(`${style.dim("=".repeat(100))}\n${style.bold(`Patient: ${file}`)}`);
      out.print(mode === "eval" ? renderDecision(result.right as Decision) : renderExplanation(result.right as Explanation));
      out.print("");
    }
  }
  progress.done();
  // The shape follows what --patient names, a file or a directory, not how many files the directory holds.
  if (format === "json" && directory) out.print(JSON.stringify({ patients: json }, null, 2));
  else if (format === "json" && json[0] !== undefined) out.print(JSON.stringify(json[0].decision ?? json[0].explanation, null, 2));
  return out.done(bad > 0 ? 2 : 0);
}

function explainText(evaluator: Evaluator, text: string, now: string): Either<readonly Diagnostic[], Explanation> {
  const parsed = parseJson(text, "the patient context");
  // invariant: as evaluateJson does, units are normalised before evaluation (which validates)
  return isLeft(parsed) ? parsed : explain(evaluator, normalizeUnits(parsed.right as PatientContextInput), { now });
}

function failed(out: Output, diagnostics: readonly Diagnostic[], mode: string, environment: Environment): CommandResult {
  for (const d of diagnostics) out.error(renderFileDiagnostic("the guidelines", d, environment.style.stderr));
  out.error(`steward ${mode}: the guidelines cannot be evaluated together`);
  return out.done(2);
}
