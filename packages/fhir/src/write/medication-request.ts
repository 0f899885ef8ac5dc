/**
 * Treatment options as MedicationRequest proposals: the drug (dm+d coded when the formulary has one
 * product whose strength and form fit the regimen — never a code it does not list), each step's
 * dose, route and timing, the course length, and the diagnoses the rule treats as the reason. A
 * drug given together with the option's drug is a proposal of its own in the same group. What a
 * structured field cannot say exactly (a combination product's strengths, a dose by volume of a
 * product, the prescriber's choice between doses) is left to the dosage text, never approximated.
 */
import { codeKey, doseText, requiredDiagnoses, vocabulary, type Decision, type DecisionDrug, type DecisionRegimen, type GuidelineIR, type ir, type Treatment } from "@steward/core";
import type { CodeableConcept, Coding, Dosage, MedicationRequest, Range, Timing } from "fhir/r4.js";
import { systems, systemUri } from "../codes.js";
import { defaultMappings } from "../mapping-tables.js";
import { resourceIds } from "./resource-id.js";
import { fhirQuantity, ucumCode } from "./ucum.js";
import { sourceNote, type ToFhirOptions } from "./write-options.js";

/** Steward's identifier system for a treatment option: the proposals of one combination share it as their group. */
const optionSystem = "https://steward.dev/fhir/treatment-option";

/** A length, or a range of lengths, in one unit. */
interface Length {
  readonly low: ir.Quantity;
  readonly high: ir.Quantity;
}

/** One proposal per treatment option, with its first regimen (the others are noted), and one per drug given with it. */
export function proposals(decision: Decision, options: ToFhirOptions, strategies: readonly string[]): { fullUrl: string; resource: MedicationRequest }[] {
  return decision.treatments.flatMap((t) => {
    const identity = { patient: options.patient, at: decision.evaluatedAt, drug: t.drug.id, rank: t.rank, rule: t.provenance.rule, guideline: t.provenance.guideline };
    const { id, fullUrl } = resourceIds("proposal", identity);
    const reasons = reasonCodes(t, options);
    const shared = [...(t.unverified === undefined ? [] : [`unverified: ${t.unverified}`]), ...t.cautions.map((c) => `caution: ${c}`), ...strategies];
    const group = t.combinedWith.length === 0 ? {} : { groupIdentifier: { system: optionSystem, value: id } };
    const main = proposal(decision, options, id, t.drug, t.regimens, reasons, group, [
      `${t.rank} choice (${sourceNote(t.provenance)}): ${t.regimens[0]!.text}`,
      ...otherRegimens(t.regimens),
      ...t.combinedWith.map((c) => `${c.addIf === undefined ? "given with" : "add"} ${c.drug.name.toLowerCase()} ${c.regimens[0]!.text}${c.addIf === undefined ? "" : ` if ${c.addIf}`}`),
      ...t.notes,
      ...shared,
    ]);
    const companions = t.combinedWith.map((c) => {
      const ids = resourceIds("proposal", { ...identity, with: c.drug.id });
      return {
        fullUrl: ids.fullUrl,
        resource: proposal(decision, options, ids.id, c.drug, c.regimens, reasons, group, [
          `${c.addIf === undefined ? "given with" : `an add-on, if ${c.addIf}, to`} ${t.drug.name.toLowerCase()} (${t.rank} choice, ${sourceNote(t.provenance)}): ${c.regimens[0]!.text}`,
          ...otherRegimens(c.regimens),
          ...shared,
        ]),
      };
    });
    return [{ fullUrl, resource: main }, ...companions];
  });
}

function otherRegimens(regimens: readonly DecisionRegimen[]): string[] {
  return regimens.slice(1).map((r) => `or ${r.text}${r.note === undefined ? "" : ` — ${r.note}`}`);
}

function proposal(
  decision: Decision,
  options: ToFhirOptions,
  id: string,
  drug: DecisionDrug,
  regimens: readonly DecisionRegimen[],
  reasons: readonly CodeableConcept[],
  group: Pick<MedicationRequest, "groupIdentifier">,
  notes: readonly string[],
): MedicationRequest {
  const regimen = regimens[0]!;
  const course = courseLength(regimen.regimen);
  return {
    resourceType: "MedicationRequest",
    id,
    status: "draft",
    intent: "proposal",
    ...group,
    medicationCodeableConcept: medicationConcept(drug, regimen.regimen, options.guidelines),
    subject: options.patient,
    authoredOn: decision.evaluatedAt,
    ...(reasons.length === 0 ? {} : { reasonCode: [...reasons] }),
    dosageInstruction: regimen.regimen.steps.map((step, i) => dosage(step, i, regimen, stepLength(regimen.regimen, i))),
    // A supply is one length: a course given as a range is in the dosage's bounds and text only.
    ...(course === undefined || course.low.value !== course.high.value ? {} : { dispenseRequest: { expectedSupplyDuration: fhirQuantity(course.low.value, course.low.unit) } }),
    note: notes.map((text) => ({ text })),
  };
}

/**
 * The drug, dm+d coded when exactly one of the formulary's products fits the regimen. A product may
 * be listed under more than one id (its current VMP id, then a previous one, whose name adds a note
 * in brackets): it is written with the first, the current id.
 */
/** A product name without the words in brackets it ends with (`Amoxicillin 500mg capsules (Generic)`), found by string search. */
function withoutBracketedEnd(display: string): string {
  const open = display.lastIndexOf("(");
  if (open === -1 || display.indexOf(")", open) !== display.length - 1) return display;
  return display.slice(0, open).trimEnd();
}

function medicationConcept(drug: DecisionDrug, regimen: ir.Regimen, guidelines: readonly GuidelineIR[] | undefined): CodeableConcept {
  const formulary = guidelines?.flatMap((g) => g.drugs).find((d) => d.id === drug.id);
  const fits = (formulary?.codes ?? []).filter((c) => c.system === "dmd" && c.unverified === undefined && productFits(c.display, regimen));
  const products = new Set(fits.map((c) => withoutBracketedEnd(c.display)));
  const coding: Coding[] = products.size === 1 ? [{ system: systems.dmd, code: fits[0]!.code, display: fits[0]!.display }] : [];
  return coding.length === 0 ? { text: drug.name } : { coding, text: drug.name };
}

/** A product fits when its name carries one of the regimen's doses as its strength (`500mg`) and the form the regimen names. */
function productFits(display: string, regimen: ir.Regimen): boolean {
  const words = ` ${display.toLowerCase()} `;
  const strength = regimen.steps.some((s) => words.includes(` ${s.dose.value}${s.dose.unit.toLowerCase()} `));
  const forms = regimen.steps.flatMap((s) => (s.form === undefined ? [] : [vocabulary.forms.find((f) => f.word === s.form)!.description.toLowerCase()]));
  return strength && forms.every((f) => words.includes(f));
}

function dosage(step: ir.DoseStep, index: number, regimen: DecisionRegimen, length: Length | undefined): Dosage {
  // The step's own dose (option 0), worked out from the weight when it is per kilogram.
  const calculated = regimen.calculated.find((c) => c.step === index && c.option === 0);
  const dose = calculated?.dose ?? step.dose;
  const doseTo = calculated === undefined ? step.doseTo : calculated.doseTo;
  // A combination's strengths (`500/125 mg`) and a volume of a product (`5 mL of 125/31`) are no single quantity of the drug.
  const amount = step.strength === undefined && step.of === undefined;
  const route = defaultMappings.routes.find((r) => r.means === step.route);
  const routeWords = vocabulary.routes.find((r) => r.word === step.route)!.description;
  return {
    sequence: index + 1,
    ...(index === 0 ? { text: regimen.text } : amount ? {} : { text: doseText(step) }),
    route: route === undefined ? { text: routeWords } : { coding: [{ system: route.system, code: route.code }], text: routeWords },
    timing: timing(step.schedule, length),
    ...(amount ? { doseAndRate: [doseTo === undefined ? { doseQuantity: fhirQuantity(dose.value, dose.unit) } : { doseRange: range({ low: dose, high: doseTo }) }] } : {}),
    ...(step.max === undefined ? {} : { maxDosePerAdministration: fhirQuantity(step.max.value, step.max.unit) }),
  };
}

function range(length: Length): Range {
  return { low: fhirQuantity(length.low.value, length.low.unit), high: fhirQuantity(length.high.value, length.high.unit) };
}

function timing(schedule: ir.Schedule, length: Length | undefined): Timing {
  const bounds = length === undefined ? {} : length.low.value === length.high.value ? { boundsDuration: fhirQuantity(length.low.value, length.low.unit) } : { boundsRange: range(length) };
  switch (schedule.kind) {
    case "daily":
      return { repeat: { frequency: schedule.perDay, ...(schedule.orPerDay === undefined ? {} : { frequencyMax: schedule.orPerDay }), period: 1, periodUnit: "d", ...bounds }, code: { text: schedule.words } };
    case "every": {
      const unit = ucumCode(schedule.interval.unit);
      const periodUnit = unit === "min" || unit === "h" || unit === "d" || unit === "wk" || unit === "mo" || unit === "a" ? unit : undefined;
      return periodUnit === undefined ? { repeat: { ...bounds }, code: { text: `every ${schedule.interval.value} ${schedule.interval.unit}` } } : { repeat: { frequency: 1, period: schedule.interval.value, periodUnit, ...bounds } };
    }
    case "once":
      return { repeat: { count: 1 }, code: { text: schedule.words } };
    case "on-day":
      return { repeat: { count: 1 }, code: { text: `on day ${schedule.day}` } };
  }
}

/** How long step `i` lasts: its own length, or what is left of a `to complete` length after the steps before it. */
function stepLength(regimen: ir.Regimen, i: number): Length | undefined {
  const d = regimen.steps[i]!.duration;
  if (d === undefined || d.kind === "until-review") return undefined;
  if (d.kind === "for") return { low: d.length, high: d.lengthTo ?? d.length };
  const before = regimen.steps.slice(0, i).map((s) => fixedLength(s, d.length.unit));
  if (before.some((n) => n === undefined)) return undefined;
  const taken = before.reduce((sum: number, n) => sum + n!, 0);
  return { low: { value: d.length.value - taken, unit: d.length.unit }, high: { value: (d.lengthTo ?? d.length).value - taken, unit: d.length.unit } };
}

/** The time a step takes out of a course counted in `unit`, when it is fixed: none for a single dose, the day of a dose `on day 1`, the length of a step `for` one length. */
function fixedLength(step: ir.DoseStep, unit: string): number | undefined {
  if (step.schedule.kind === "once") return 0;
  if (step.schedule.kind === "on-day") return ucumCode(unit) === "d" ? 1 : undefined;
  const d = step.duration;
  return d?.kind === "for" && d.lengthTo === undefined && d.length.unit === unit ? d.length.value : undefined;
}

/** The whole course, when every step has a length in one unit or takes a fixed time (a single dose, a dose `on day 1`). */
function courseLength(regimen: ir.Regimen): Length | undefined {
  const lengths = regimen.steps.map((step, i) => (step.schedule.kind === "once" || step.schedule.kind === "on-day" ? step : stepLength(regimen, i)));
  const unit = lengths.find((l): l is Length => l !== undefined && "low" in l)?.low.unit;
  if (unit === undefined) return undefined;
  const ends = lengths.map((l) => (l === undefined ? undefined : "low" in l ? (l.low.unit === unit ? l : undefined) : fixedLength(l, unit)));
  if (ends.some((e) => e === undefined)) return undefined;
  const sum = (end: "low" | "high"): number => ends.reduce((total: number, e) => total + (typeof e === "number" ? e : e![end].value), 0);
  return { low: { value: sum("low"), unit }, high: { value: sum("high"), unit } };
}

/** The patient's active diagnoses that the rule offering the treatment is written for. */
function reasonCodes(t: Treatment, options: ToFhirOptions): CodeableConcept[] {
  const guideline = options.guidelines?.find((g) => g.guideline.id === t.provenance.guideline);
  const rule = guideline?.rules.find((r) => r.id === t.provenance.rule);
  if (guideline === undefined || rule === undefined || options.context?.diagnoses === undefined) return [];
  let treated: ReadonlySet<string> | undefined;
  try {
    treated = requiredDiagnoses(rule.when, guideline);
  } catch {
    return [];
  }
  const seen = new Set<string>();
  return options.context.diagnoses.flatMap((d) => {
    const key = codeKey(d.code.system, d.code.code);
    if ((d.status ?? "active") !== "active" || treated === undefined || !treated.has(key) || seen.has(key)) return [];
    seen.add(key);
    return [{ coding: [{ system: systemUri(d.code.system), code: d.code.code, ...(d.code.display === undefined ? {} : { display: d.code.display }) }] }];
  });
}
