/**
 * Everything that rules a drug out for this patient, from one place: recorded allergies (and
 * cross-reactivity), the contraindications stated for the drug or its classes, and the culture
 * results a resistance row counts. Treatment options, order checks and suggestions all ask here, so
 * an option filtered out can never be ordered without an alert, and the other way round.
 *
 * How it works: each source gives problems, each with an effect — `exclude` (it holds), `withhold`
 * (the data that decides it is missing and the row says to wait for it) or `caution` (offered, with
 * what to check). The callers decide what an effect means for them (an excluded option, an order
 * alert, a suggestion not made).
 */
import { assessAllergy } from "./allergy-check.js";
import type { Scope, TraceFrame } from "./condition.js";
import type { Provenance } from "./decision.js";
import type { AlertTemplate, Contraindication, Resistance } from "./ir.js";
import type { CultureRecord } from "./patient-record.js";
import type { PreparedGuideline, PreparedRow } from "./prepare.js";
import { addTime, formatDate } from "./time.js";
import { isUnknown, mergeUnknown, Unknown, type Tri } from "./tri.js";
import type { ConditionTrace } from "./condition.js";
import { explainResult } from "./explain-result.js";

/** One thing that stands against giving a drug to this patient. */
export interface DrugProblem {
  readonly kind: "allergy" | "contraindication" | "resistance";
  /** The contraindication or resistance row, by id (absent for an allergy). */
  readonly id: string | undefined;
  readonly effect: "exclude" | "withhold" | "caution";
  /** Why an excluded option is excluded: the finding itself, or data a row says to exclude without. */
  readonly because: "allergy" | "contraindication" | "resistance" | "unknown";
  readonly reason: string;
  /** The data that would decide it, when it is not known. */
  readonly needs: Unknown | undefined;
  readonly priority: AlertTemplate["priority"];
  /** The row's alert, for an order of the drug (absent for an allergy). */
  readonly alert: AlertTemplate | undefined;
  /** For a resistance: the culture that shows it. */
  readonly culture: CultureRecord | undefined;
  readonly provenance: Provenance | undefined;
  readonly specific: boolean;
}

/** What to check a drug for: everything (an option, a suggestion, a draft order), or not resistance (a course already running). */
export interface CheckScope {
  readonly resistance: boolean;
  /** When given, every row condition evaluated is traced into it, whatever it came to (for `explain` and coverage). */
  readonly traces?: ConditionTrace[];
}

/** Every problem with giving `drug` to the patient in `scope`, allergy first, then contraindications, then resistance. */
export function checkDrug(g: PreparedGuideline, drug: string, scope: Scope, how: CheckScope): DrugProblem[] {
  const name = g.lookups.drugs.get(drug)?.name.toLowerCase() ?? drug;
  return [...allergyProblems(g, drug, name, scope), ...contraindicationProblems(g, drug, name, scope, how.traces), ...(how.resistance ? resistanceProblems(g, drug, name, scope, how.traces) : [])];
}

const none = { id: undefined, alert: undefined, culture: undefined, provenance: undefined, specific: false } as const;

function allergyProblems(g: PreparedGuideline, drug: string, name: string, scope: Scope): DrugProblem[] {
  const a = assessAllergy({ drug }, scope.record.allergies, g.lookups);
  const base = { ...none, kind: "allergy" as const, because: "allergy" as const, priority: a.priority };
  const out: DrugProblem[] = [];
  if (a.result === true) out.push({ ...base, effect: "exclude", reason: a.reasons.join("; "), needs: undefined });
  else if (isUnknown(a.result)) {
    out.push(
      a.withhold
        ? { ...base, effect: "withhold", reason: `${name} may cross-react with an allergy whose reaction is not recorded as immediate-type or not: ${allergyDoubt(a.result, g)}`, needs: a.result }
        : { ...base, effect: "caution", reason: `check for allergy to ${name}: ${allergyDoubt(a.result, g)}`, needs: a.result },
    );
  }
  for (const c of a.cautions) out.push({ ...base, effect: "caution", reason: c, needs: undefined });
  return out;
}

/** Why an allergy could not be ruled out, in words: no history, an entry not matched, or the reaction type not recorded. */
function allergyDoubt(unknown: Unknown, g: PreparedGuideline): string {
  if (unknown.missing.includes("list:allergies")) return "the allergy history is not recorded";
  const reasons: string[] = [];
  if (unknown.missing.some((k) => k.startsWith("allergy:"))) reasons.push("an allergy is not matched to the formulary");
  for (const k of unknown.missing) {
    if (!k.startsWith("allergy-reaction:")) continue;
    const c = k.slice("allergy-reaction:".length);
    reasons.push(`record whether the reaction to ${g.lookups.classes.get(c)?.title.toLowerCase() ?? c} was immediate-type (anaphylaxis, angioedema, urticaria, or a rash straight after a dose)`);
  }
  return reasons.length > 0 ? reasons.join("; ") : "the allergy history is not fully matched to the formulary";
}

/** A row's condition, traced when asked (and recorded in `traces`), with the trace node it made. */
function decide(row: PreparedRow<Contraindication | Resistance>, scope: Scope, traced: boolean, traces?: ConditionTrace[]): { result: Tri; trace: ConditionTrace | undefined } {
  if (!traced) return { result: row.when(scope), trace: undefined };
  const frame: TraceFrame = { children: [], seen: [] };
  const result = row.whenTraced({ ...scope, trace: frame });
  const trace = frame.children[0];
  if (trace !== undefined) traces?.push(trace);
  return { result, trace };
}

function citationText(p: Provenance): string {
  return p.citations.map((c) => `${c.title.split(":")[0]}${c.section ? `, ${c.section}` : ""}`).join("; ");
}

function contraindicationProblems(g: PreparedGuideline, drug: string, name: string, scope: Scope, traces: ConditionTrace[] | undefined): DrugProblem[] {
  const out: DrugProblem[] = [];
  for (const c of g.contraindicationsByDrug.get(drug) ?? []) {
    const row = c.row;
    // The trace is needed to say what the condition saw, whenever it is not simply false.
    const first = decide(c, scope, traces !== undefined, traces);
    const result = first.result;
    if (result === false) continue;
    const trace = first.trace ?? decide(c, scope, true).trace;
    const caveat = row.unverified !== undefined ? ` (not confirmed in a cited source: ${row.unverified})` : "";
    const base = { kind: "contraindication" as const, id: row.id, priority: row.alert.priority, alert: row.alert, culture: undefined, provenance: c.provenance, specific: c.specific };
    const message = row.alert.message.replace(/\{\s*course drug\s*\}/g, name);
    if (result === true) {
      out.push({ ...base, effect: "exclude", because: "contraindication", reason: `${message}: ${explainResult(trace!, "true")} [${citationText(c.provenance)}]${caveat}`, needs: undefined });
      continue;
    }
    const seen = explainResult(trace!, "unknown");
    const effect = row.ifUnknown === "offer" ? "caution" : row.ifUnknown;
    const reason = row.unknownNote ?? (effect === "caution" ? `check: ${seen}` : `needs data: ${seen}`);
    out.push({ ...base, effect, because: "unknown", reason: `${reason} [${citationText(c.provenance)}]${caveat}`, needs: result });
  }
  return out;
}

function resistanceProblems(g: PreparedGuideline, drug: string, name: string, scope: Scope, traces: ConditionTrace[] | undefined): DrugProblem[] {
  const out: DrugProblem[] = [];
  for (const culture of scope.record.cultures ?? []) {
    if (culture.susceptibility.get(drug) !== "resistant") continue;
    for (const r of g.resistances) {
      const at = culture.reported ?? culture.collected;
      const window = r.row.window;
      const { result } = decide(r, { ...scope, culture }, traces !== undefined, traces);
      if (result === false) continue;
      let inWindow: boolean | Unknown = true;
      if (window.kind === "within") inWindow = at === undefined ? new Unknown([`culture:${culture.id}:reported`]) : at >= addTime(scope.now, -window.length.value, window.length.unit);
      if (inWindow === false) continue;
      const what = `the ${culture.specimen} culture ${culture.id}${culture.organismLabel ? ` (${culture.organismLabel})` : ""}${at !== undefined ? ` reported ${formatDate(at)}` : ""} is resistant to ${name}`;
      const basis = window.kind === "unstated" ? `every recorded result counts: ${window.note}` : `results from the last ${window.length.value} ${window.length.unit} count`;
      const base = { kind: "resistance" as const, id: r.row.id, priority: r.row.alert.priority, alert: r.row.alert, culture, provenance: r.provenance, specific: r.specific };
      const unknowns = [result, inWindow].filter(isUnknown);
      if (unknowns.length === 0) out.push({ ...base, effect: "exclude", because: "resistance", reason: `${what} [${citationText(r.provenance)}; ${basis}]`, needs: undefined });
      else out.push({ ...base, effect: "caution", because: "unknown", reason: `${what}: check whether it applies [${citationText(r.provenance)}]`, needs: mergeUnknown(unknowns) });
    }
  }
  return out;
}
