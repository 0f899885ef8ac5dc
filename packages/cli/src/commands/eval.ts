/**
 * `steward eval` and `steward explain`: evaluate guidelines (rule files or compiled IR) for one
 * patient file, every patient file in a directory, or standard input, and print the decision (or
 * the trace) as text or JSON — or, for `eval`, as FHIR resources. A patient file is a Steward
 * context or a FHIR R4 record (see patient-input.ts).
 */
import { Option } from "commander";
import { evaluate, explain, prepare, renderDecision, renderExplanation, vocabulary, type Decision, type Diagnostic, type Evaluator, type Explanation } from "@steward/core";
import { toFhir } from "@steward/fhir";
import { chain, isLeft, type Either } from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { usageError, type CommandSpec } from "../command.js";
import { loadGuidelinesOrIr, printProblems } from "../guidelines.js";
import { Output, type CommandResult, type Environment } from "../io.js";
import { accessFor, formatOption, limitOption, rootOption } from "../options.js";
import { patientFiles, readPatientFile } from "../patient-files.js";
import { readPatientInput } from "../patient-input.js";
import { renderFileDiagnostic } from "../render.js";

const options = (): Option[] => [
  new Option("--guidelines <path>", "rule files (*.stw), compiled guidelines (*.ir.json), directories holding either, or - for one compiled guideline on standard input; repeat for more")
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .makeOptionMandatory(),
  new Option("--patient <path>", "a patient file (a Steward context, or a FHIR record recognised by its resourceType), a directory of them, or - for standard input").conflicts("fhir"),
  new Option("--fhir <path>", "a FHIR R4 record (Bundle, resources, CDS Hooks prefetch), a directory of them, or - for standard input: every file is read as FHIR"),
  new Option("--setting <setting>", "the care setting of a FHIR record, when its encounter does not say it or says it differently").choices(vocabulary.careSettings.map((s) => s.word)),
  new Option("--now <time>", "the moment to evaluate at, a date-time with a zone (default: the current time)"),
  rootOption(),
  limitOption(),
];

function spec(mode: "eval" | "explain"): CommandSpec {
  const self: CommandSpec = {
    name: mode,
    summary: mode === "eval" ? "evaluate guidelines for patient files and print the decisions" : "show why each rule did or did not fire for patient files, with the value each condition saw",
    usage: "--guidelines <path> (--patient <file|dir|-> | --fhir <file|dir|->) [options]",
    operands: [],
    options: [...options(), mode === "eval" ? formatOption("the decisions", ["text", "json", "fhir"]) : formatOption("the traces")],
    exitCodes: [
      [0, `every patient was ${mode === "eval" ? "evaluated" : "explained"}`],
      [2, "bad usage, guidelines with errors, or a patient path or file that cannot be read or evaluated"],
      [3, `in a directory, one or more patient files could not be read or ${mode === "eval" ? "evaluated" : "explained"} (each is reported on standard error); every other one was printed`],
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
  const fhir = values["fhir"] as string | undefined;
  const patient = (values["patient"] as string | undefined) ?? fhir;
  const setting = values["setting"] as vocabulary.CareSetting | undefined;
  const format = values["format"] as "text" | "json" | "fhir";
  const now = (values["now"] as string | undefined) ?? environment.clock().toISOString();
  if (patient === undefined) return usageError(self, "a patient is needed: --patient <file|dir|-> or --fhir <file|dir|->");
  if (patient === "-" && guidelinePaths.includes("-")) return usageError(self, `only one of --guidelines and ${fhir === undefined ? "--patient" : "--fhir"} can read standard input`);

  const out = new Output();
  const loaded = loadGuidelinesOrIr(guidelinePaths, environment.stdin, accessFor(guidelinePaths, values));
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
  const printed: { patient: string; decision?: unknown; explanation?: unknown; bundle?: unknown; problems?: unknown }[] = [];
  for (const [i, file] of patients.entries()) {
    if (patients.length > 1) progress.update(`${mode}: ${i + 1}/${patients.length} patients (${file})`);
    const show = (d: Diagnostic): string => renderFileDiagnostic(file, d, environment.style.stderr);
    const read = readPatientFile(file, environment.stdin);
    if ("problem" in read) {
      bad++;
      out.error(show(read.problem));
      printed.push({ patient: file, problems: [read.problem] });
      continue;
    }
    const input = readPatientInput(read.text, file, { now, fhir: fhir !== undefined, setting });
    if (!isLeft(input)) for (const d of input.right.notes) if (d.severity !== "info") out.error(show(d));
    const result = pipe(
      input,
      chain((p): Either<readonly Diagnostic[], Decision | Explanation> => (mode === "eval" ? evaluate(evaluator, p.context, { now }) : explain(evaluator, p.context, { now }))),
    );
    if (isLeft(result) || isLeft(input)) {
      bad++;
      if (isLeft(result)) for (const d of result.left) out.error(show(d));
      printed.push({ patient: file, problems: isLeft(result) ? result.left : [] });
      continue;
    }
    if (format === "fhir") {
      const { patient: subject, context, provenance } = input.right;
      const decision = result.right as Decision;
      printed.push({ patient: file, bundle: toFhir(decision, { patient: subject, guidelines: loaded.guidelines, context, ...(provenance === undefined ? {} : { provenance }) }) });
    } else if (format === "json") printed.push(mode === "eval" ? { patient: file, decision: result.right } : { patient: file, explanation: result.right });
    else {
      out.print(`${style.dim("=".repeat(100))}\n${style.bold(`Patient: ${file}`)}`);
      out.print(mode === "eval" ? renderDecision(result.right as Decision) : renderExplanation(result.right as Explanation));
      out.print("");
    }
  }
  progress.done();
  // The shape follows what --patient names, a file or a directory, not how many files the directory holds;
  // a directory's list says what became of every file, a file that failed with its problems.
  const shown = printed[0]?.bundle ?? printed[0]?.decision ?? printed[0]?.explanation;
  if (format !== "text" && directory) out.print(JSON.stringify({ patients: printed }, null, 2));
  else if (format !== "text" && shown !== undefined) out.print(JSON.stringify(shown, null, 2));
  return out.done(bad === 0 ? 0 : directory ? 3 : 2);
}

function failed(out: Output, diagnostics: readonly Diagnostic[], mode: string, environment: Environment): CommandResult {
  for (const d of diagnostics) out.error(renderFileDiagnostic("the guidelines", d, environment.style.stderr));
  out.error(`steward ${mode}: the guidelines cannot be evaluated together`);
  return out.done(2);
}
