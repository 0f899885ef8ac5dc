/**
 * The playground's main job, as `steward explain` does it: compile every guideline among the rule
 * files as they are now, evaluate the patient record at the chosen time, and keep the trace.
 */
import { explain, prepare, renderExplanation, type Decision, type Diagnostic, type GuidelineIR } from "@steward/core";
import { compile, loadProgram } from "@steward/dsl";

/** A decision with its trace, or the problems that stop one being made. */
export type Outcome =
  | { readonly kind: "decided"; readonly decision: Decision; readonly trace: string }
  | { readonly kind: "problems"; readonly title: string; readonly problems: readonly Diagnostic[] };

/** Decides for `patientText` (a patient context as JSON) with every guideline among `texts` (rule files by path). */
export function decide(texts: ReadonlyMap<string, string>, patientText: string, now: string): Outcome {
  const paths = [...texts.keys()].filter((path) => !path.endsWith(".test.stw")).sort();
  const program = loadProgram(paths, { read: (path) => texts.get(path) });
  const guidelines: GuidelineIR[] = [];
  for (const path of paths) {
    if (!program.files.get(path)?.ast.items.some((item) => item.kind === "guideline")) continue;
    const compiled = compile(program, path);
    // The whole program is checked each time: the first failure already lists every error.
    if (compiled._tag === "Left") return { kind: "problems", title: "The rule files have errors: fix them to see the decision", problems: compiled.left };
    guidelines.push(compiled.right);
  }
  let context: unknown;
  try {
    context = JSON.parse(patientText);
  } catch (e) {
    return { kind: "problems", title: "The patient record is not valid JSON", problems: [{ code: "json/invalid-json", severity: "error", message: (e as Error).message }] };
  }
  const prepared = prepare(guidelines);
  if (prepared._tag === "Left") return { kind: "problems", title: "The compiled guidelines cannot be used together", problems: prepared.left };
  const explained = explain(prepared.right, context, { now });
  if (explained._tag === "Left") return { kind: "problems", title: "The patient record or the time cannot be evaluated", problems: explained.left };
  return { kind: "decided", decision: explained.right.decision, trace: renderExplanation(explained.right) };
}
