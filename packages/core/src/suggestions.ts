/**
 * What a `suggest` clause names for the course it looks at: the oral option to switch to, or the
 * narrower drugs to de-escalate to. A drug is named only if this patient can have it: no allergy
 * or contraindication stands against it (`checkDrug`, as for any option), it is given by the
 * course's route (a bacteraemia treated IV is not stepped down to an oral-only drug by a
 * de-escalation), and it treats the infection site the culture samples (no urinary-only agent
 * for a blood culture). When nothing is left to name, the suggestion is not made and the reason
 * goes into the advice.
 */
import type { Binding } from "./binding.js";
import type { Scope } from "./condition.js";
import type { DecisionAction } from "./decision.js";
import { checkDrug, type DrugProblem } from "./drug-checks.js";
import type { ActionTemplate } from "./ir.js";
import type { FormularyDrug } from "./patient-record.js";
import type { PreparedGuideline } from "./prepare.js";
import { regimenText } from "./regimen-text.js";
import type { Unknown } from "./tri.js";

/** A suggestion to add to the Decision, or advice saying why none is made. */
export type SuggestionResult = (
  | { readonly kind: "action"; readonly action: Omit<Extract<DecisionAction, { kind: "switch-to-oral" | "de-escalate" }>, "reason" | "concerns" | "provenance"> }
  | { readonly kind: "advice"; readonly text: string }
  | { readonly kind: "none" }
) & {
  /** Data whose absence kept a drug from being named, and the drug it would decide. */
  readonly needs: readonly { readonly unknown: Unknown; readonly drug: string }[];
};

function named(id: string, d: FormularyDrug): { id: string; name: string; aware?: "access" | "watch" | "reserve" | "other" } {
  return { id, name: d.name, ...(d.aware !== undefined ? { aware: d.aware as "access" } : {}) };
}

/** What stands against a drug for this patient: an exclusion or a withholding (cautions do not). */
function blocking(g: PreparedGuideline, drug: string, scope: Scope): DrugProblem[] {
  return checkDrug(g, drug, scope, { resistance: true }).filter((p) => p.effect !== "caution");
}

/** Works out one `suggest` clause for the course (and culture) bound. */
export function suggestion(g: PreparedGuideline, a: Extract<ActionTemplate, { kind: "suggest" }>, binding: Binding, scope: Scope, ruleId: string): SuggestionResult {
  const needs: { unknown: Unknown; drug: string }[] = [];
  const noted = (drugId: string, problems: DrugProblem[]): DrugProblem[] => {
    for (const p of problems) if (p.needs !== undefined) needs.push({ unknown: p.needs, drug: drugId });
    return problems;
  };
  const course = binding.course;
  const drug = course?.drug !== undefined ? g.lookups.drugs.get(course.drug) : undefined;
  if (course === undefined || drug === undefined) return { kind: "none", needs };
  const bound = { ...scope, course, culture: binding.culture };
  if (a.suggestion === "oral-switch") {
    const oralId = drug.routes.includes("oral") ? course.drug! : drug.oralOption;
    const oral = oralId !== undefined ? g.lookups.drugs.get(oralId) : undefined;
    if (oralId === undefined || oral === undefined) {
      return { kind: "advice", text: `No oral option for ${drug.name.toLowerCase()} is listed in the formulary: choose one with the infection team before switching (rule ${ruleId})`, needs };
    }
    // Switching to the same drug by mouth: data missing for it is already asked for about the running
    // course, so only a finding that rules it out stops the suggestion.
    const against = noted(oralId, blocking(g, oralId, bound).filter((p) => oralId !== course.drug || p.effect === "exclude"));
    if (against.length > 0) {
      return { needs, kind: "advice", text: `The formulary's oral option for ${drug.name.toLowerCase()}, ${oral.name.toLowerCase()}, is not suitable for this patient (${against.map((p) => p.reason).join("; ")}): choose an oral option with the infection team (rule ${ruleId})` };
    }
    const dose = g.oralDoses.get(oralId);
    return { kind: "action", action: { kind: "switch-to-oral", to: named(oralId, oral), ...(dose !== undefined ? { dose: { text: regimenText(dose.regimen), source: dose.source } } : {}) }, needs };
  }
  const culture = binding.culture;
  if (culture === undefined) return { kind: "none", needs };
  const narrower = [...culture.susceptibility]
    .filter(([id, result]) => {
      const d = g.lookups.drugs.get(id);
      if (result !== "susceptible" || id === course.drug || d?.aware !== "access") return false;
      // Same route as the course, and a drug that treats the site this specimen samples.
      if (!d.routes.includes(course.route)) return false;
      if (d.sites.length > 0 && !d.sites.includes(culture.specimen)) return false;
      return noted(id, blocking(g, id, bound)).length === 0;
    })
    .map(([id]) => id)
    .sort();
  if (narrower.length === 0) return { kind: "none", needs };
  return { kind: "action", action: { kind: "de-escalate", to: narrower.map((id) => named(id, g.lookups.drugs.get(id)!)) }, needs };
}
