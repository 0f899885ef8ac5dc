/**
 * A static page hosting Steward: it fetches compiled guidelines (IR, as `steward compile` writes
 * them) from its own origin, prepares them once, and evaluates the patient chosen in the list,
 * showing the Decision. It runs under `script-src 'self'`: nothing here or in Steward evaluates
 * strings as code.
 */
import { prepare, type Evaluator } from "@steward/core";
import { evaluateJson } from "@steward/json";
import { decisionView, problemsView, recordView, show } from "./decision-view.js";

/** What the build writes beside the page: the compiled guidelines and the example patients. */
interface GuidelineIndex {
  readonly guidelines: readonly string[];
}
interface PatientIndex {
  /** The example patients are dated around this moment; a real host passes the current time. */
  readonly now: string;
  readonly patients: readonly { readonly file: string; readonly label: string }[];
}

async function fetchJson<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${response.statusText}`);
  return (await response.json()) as T;
}

async function showPatient(evaluator: Evaluator, file: string, now: string): Promise<void> {
  document.body.dataset["state"] = "evaluating";
  const text = await (await fetch(`patients/${file}`)).text();
  show("record", recordView(JSON.parse(text) as Parameters<typeof recordView>[0]));
  const decision = evaluateJson(evaluator, text, { now });
  if (decision._tag === "Left") show("decision", problemsView("This record cannot be evaluated", decision.left));
  else show("decision", decisionView(decision.right));
  document.body.dataset["state"] = "ready";
}

async function start(): Promise<void> {
  const index = await fetchJson<GuidelineIndex>("ir/index.json");
  const evaluator = prepare(await Promise.all(index.guidelines.map((file) => fetchJson<unknown>(`ir/${file}`))));
  if (evaluator._tag === "Left") {
    show("decision", problemsView("The guidelines cannot be used", evaluator.left));
    document.body.dataset["state"] = "failed";
    return;
  }
  const { now, patients } = await fetchJson<PatientIndex>("patients/index.json");
  const select = document.getElementById("patient") as HTMLSelectElement;
  select.replaceChildren(...patients.map((p) => new Option(p.label, p.file)));
  select.addEventListener("change", () => void showPatient(evaluator.right, select.value, now));
  await showPatient(evaluator.right, select.value, now);
}

start().catch((e: unknown) => {
  show("decision", `Steward could not start: ${String(e)}`);
  document.body.dataset["state"] = "failed";
});
