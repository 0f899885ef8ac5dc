/**
 * Order checks: every draft or active antimicrobial order is checked against what the formulary
 * and the guidelines say about its drug for this patient — allergy and cross-reactivity, each
 * contraindication, and (for a draft, which is a new choice) culture resistance — through the same
 * `checkDrug` the treatment options use, so an option never offered is never ordered in silence.
 *
 * How it works: each order is checked by the guidelines that apply in the setting, those about the
 * order's indication first and the others in id order; a finding already raised (same key) is not
 * raised again, so a formulary shared by several guidelines gives one alert per finding, in the
 * name of the guideline about the order where there is one. An order whose drug no formulary knows
 * cannot be checked, and the Decision says so.
 */
import { concernsOf, fill, type Binding } from "./binding.js";
import type { ConditionTrace, Scope } from "./condition.js";
import type { DecisionBuilder } from "./decision-builder.js";
import type { Provenance } from "./decision.js";
import { checkDrug, type DrugProblem } from "./drug-checks.js";
import type { CourseRecord, PatientRecord } from "./patient-record.js";
import type { PreparedGuideline } from "./prepare.js";

/** One guideline that applies, with the patient's record indexed for it. */
export interface CheckingGuideline {
  readonly guideline: PreparedGuideline;
  readonly record: () => PatientRecord;
  readonly scope: (record: PatientRecord) => Scope;
}

/**
 * Checks every draft and active order, adding an alert for each problem found. With `traced`, the
 * conditions the checks evaluated are returned by guideline id, for `explain` and coverage.
 */
export function checkOrders(guidelines: readonly CheckingGuideline[], out: DecisionBuilder, traced = false): Map<string, ConditionTrace[]> {
  const traces = new Map<string, ConditionTrace[]>();
  const raised = new Set<string>();
  const withFormulary = guidelines.filter((c) => c.guideline.ir.drugs.length > 0);
  if (withFormulary.length === 0) return traces;
  const records = new Map<CheckingGuideline, PatientRecord>();
  const recordOf = (c: CheckingGuideline): PatientRecord => records.get(c) ?? records.set(c, c.record()).get(c)!;
  const first = withFormulary[0]!;
  for (const course of recordOf(first).courses ?? []) {
    // Guidelines about the order's indication check it first, so a finding they share with others
    // (the same formulary row) is raised in their name.
    const about = (c: CheckingGuideline): boolean => (course.indications ?? []).some((k) => c.guideline.byDiagnosis.has(k));
    const ordered = [...withFormulary.filter(about), ...withFormulary.filter((c) => !about(c))];
    let checked = false;
    for (const c of ordered) {
      const g = c.guideline;
      // A guideline that states no contraindication or resistance adds nothing once the allergy check is done.
      const hasRows = [...g.contraindicationsByDrug.values()].some((rows) => rows.length > 0) || g.resistances.length > 0;
      if (checked && !hasRows) continue;
      const r = recordOf(c);
      const own = r.courses?.find((x) => x.id === course.id);
      if (own?.drug === undefined) continue;
      checked = true;
      const bound = { ...c.scope(r), course: own };
      const collected: ConditionTrace[] = [];
      const problems = checkDrug(g, own.drug, bound, { resistance: own.status === "draft", ...(traced ? { traces: collected } : {}) });
      if (collected.length > 0) traces.set(g.ir.guideline.id, [...(traces.get(g.ir.guideline.id) ?? []), ...collected]);
      for (const problem of problems) {
        if (problem.effect === "caution") {
          if (problem.needs !== undefined) out.needs(problem.needs, `to check order ${own.id} (${own.drugLabel})`, g.ir);
          continue;
        }
        const alert = orderAlert(g, own, problem);
        if (raised.has(alert.key)) continue;
        raised.add(alert.key);
        if (problem.needs !== undefined) out.needs(problem.needs, `to check order ${own.id} (${own.drugLabel})`, g.ir);
        out.alerts.push({ ...alert, order: out.alerts.length });
      }
    }
    // An order no formulary knows cannot be checked: say so rather than stay silent.
    if (!checked) {
      out.alerts.push({
        priority: "medium",
        message: `${course.drugLabel} (order ${course.id}) is not in the formulary, so it was not checked for allergy, contraindications or culture resistance: check it by hand`,
        key: `order-not-checked@${course.id}`,
        order: out.alerts.length,
        check: { kind: "not-checked" },
        specific: false,
        concerns: concernsOf({ course })!,
        provenance: notCheckedProvenance(first.guideline),
      });
    }
  }
  return traces;
}

/** The alert one problem with an order raises: the row's own, or for an allergy, ranked by the reaction recorded. */
function orderAlert(g: PreparedGuideline, course: CourseRecord, problem: DrugProblem): Omit<Parameters<DecisionBuilder["alerts"]["push"]>[0], "order"> {
  const binding: Binding = { course, ...(problem.culture !== undefined ? { culture: problem.culture } : {}) };
  const suffix = [course.id, problem.culture?.id].filter((x) => x !== undefined).join("+");
  const name = g.lookups.drugs.get(course.drug!)?.name ?? course.drugLabel;
  const where = `${name} (order ${course.id}, ${course.status})`;
  const message =
    problem.kind === "allergy"
      ? problem.effect === "exclude"
        ? `${where}: ${problem.reason}`
        : `${where}: ${problem.reason}; check before it is given`
      : problem.effect === "exclude"
        ? `${fill(problem.alert!.message, binding, g.lookups)} — ${where}`
        : `${where} cannot be checked: ${problem.reason}`;
  const key = problem.kind === "allergy" ? "allergy" : problem.alert!.key;
  return {
    // A finding holds at the priority set for it; one that cannot be decided for missing data is a
    // prompt to record that data, at medium priority, whatever the finding's own.
    priority: problem.effect === "exclude" ? problem.priority : "medium",
    message,
    key: `${key}@${suffix}`,
    ...(problem.alert?.recommends !== undefined ? { recommends: problem.alert.recommends } : {}),
    check: { kind: problem.kind, ...(problem.id !== undefined ? { id: problem.id } : {}) },
    specific: problem.specific,
    concerns: concernsOf(binding)!,
    provenance: problem.provenance ?? allergyProvenance(g),
  };
}

/** Provenance of an allergy alert: the formulary classes' cross-reactivity sources are in its reason; the check itself is Steward's. */
function allergyProvenance(g: PreparedGuideline): Provenance {
  return { guideline: g.ir.guideline.id, version: g.ir.guideline.version, contentHash: g.ir.contentHash, rule: "allergy-check", citations: [] };
}

function notCheckedProvenance(g: PreparedGuideline): Provenance {
  return { ...allergyProvenance(g), rule: "order-check" };
}
