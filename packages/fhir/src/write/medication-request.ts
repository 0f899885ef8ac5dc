/**
 * Treatment options as MedicationRequest proposals: the drug (dm+d coded when the formulary has one
 * product whose strength and form fit the regimen — never a code it does not list), each step's
 * dose, route and timing, the course length, and the diagnoses the rule treats as the reason.
 */
import { codeKey, requiredDiagnoses, vocabulary, type Decision, type GuidelineIR, type ir } from "@steward/core";
import type { CodeableConcept, Coding, Dosage, MedicationRequest, Timing } from "fhir/r4.js";
import { systems, systemUri } from "../codes.js";
import { defaultMappings } from "../mapping-tables.js";
import { resourceIds } from "./resource-id.js";
import { fhirQuantity, ucumCode } from "./ucum.js";
import type { ToFhirOptions } from "./write-options.js";

type Treatment = Decision["treatments"][number];

/** One proposal per treatment option, with its first regimen (the others are noted). */
export function proposals(decision: Decision, options: ToFhirOptions, strategies: readonly string[]): { fullUrl: string; resource: MedicationRequest }[] {
  return decision.treatments.map((t) => {
    const regimen = t.regimens[0]!;
    const { id, fullUrl } = resourceIds("proposal", { patient: options.patient, at: decision.evaluatedAt, drug: t.drug.id, rank: t.rank, rule: t.provenance.rule, guideline: t.provenance.guideline });
    const reasons = reasonCodes(t, options);
    const notes = [
      `${t.rank} choice (${t.provenance.guideline} ${t.provenance.version}, rule ${t.provenance.rule}): ${regimen.text}`,
      ...t.regimens.slice(1).map((r) => `or ${r.text}${r.note === undefined ? "" : ` — ${r.note}`}`),
      ...t.notes,
      ...t.cautions.map((c) => `caution: ${c}`),
      ...strategies,
    ];
    const supply = courseLength(regimen.regimen);
    const resource: MedicationRequest = {
      resourceType: "MedicationRequest",
      id,
      status: "draft",
      intent: "proposal",
      medicationCodeableConcept: medicationConcept(t, options.guidelines),
      subject: options.patient,
      authoredOn: decision.evaluatedAt,
      ...(reasons.length === 0 ? {} : { reasonCode: reasons }),
      dosageInstruction: regimen.regimen.steps.map((step, i) => dosage(step, i, regimen, steps(regimen.regimen, i))),
      ...(supply === undefined ? {} : { dispenseRequest: { expectedSupplyDuration: { ...fhirQuantity(supply.value, supply.unit) } } }),
      note: notes.map((text) => ({ text })),
    };
    return { fullUrl, resource };
  });
}

/** The drug, dm+d coded when exactly one of the formulary's products fits the regimen. */
function medicationConcept(t: Treatment, guidelines: readonly GuidelineIR[] | undefined): CodeableConcept {
  const drug = guidelines?.flatMap((g) => g.drugs).find((d) => d.id === t.drug.id);
  const regimen = t.regimens[0]!.regimen;
  const fits = (drug?.codes ?? []).filter((c) => c.system === "dmd" && c.unverified === undefined && productFits(c.display, regimen));
  const coding: Coding[] = fits.length === 1 ? [{ system: systems.dmd, code: fits[0]!.code, display: fits[0]!.display }] : [];
  return coding.length === 0 ? { text: t.drug.name } : { coding, text: t.drug.name };
}

/** A product fits when its name carries one of the regimen's doses as its strength (`500mg`) and the form the regimen names. */
function productFits(display: string, regimen: ir.Regimen): boolean {
  const words = ` ${display.toLowerCase()} `;
  const strength = regimen.steps.some((s) => words.includes(` ${s.dose.value}${s.dose.unit.toLowerCase()} `));
  const forms = regimen.steps.flatMap((s) => (s.form === undefined ? [] : [vocabulary.forms.find((f) => f.word === s.form)!.description.toLowerCase()]));
  return strength && forms.every((f) => words.includes(f));
}

function dosage(step: ir.DoseStep, index: number, regimen: Decision["treatments"][number]["regimens"][number], bounds: ir.Quantity | undefined): Dosage {
  const calculated = regimen.calculated.find((c) => c.step === index);
  const dose = calculated?.dose ?? step.dose;
  const route = defaultMappings.routes.find((r) => r.means === step.route);
  const routeWords = vocabulary.routes.find((r) => r.word === step.route)!.description;
  return {
    sequence: index + 1,
    ...(index === 0 ? { text: regimen.text } : {}),
    route: route === undefined ? { text: routeWords } : { coding: [{ system: route.system, code: route.code }], text: routeWords },
    timing: timing(step.schedule, bounds),
    doseAndRate: [{ doseQuantity: fhirQuantity(dose.value, dose.unit) }],
    ...(step.max === undefined ? {} : { maxDosePerAdministration: fhirQuantity(step.max.value, step.max.unit) }),
  };
}

function timing(schedule: ir.Schedule, bounds: ir.Quantity | undefined): Timing {
  const boundsDuration = bounds === undefined ? {} : { boundsDuration: fhirQuantity(bounds.value, bounds.unit) };
  switch (schedule.kind) {
    case "daily":
      return { repeat: { frequency: schedule.perDay, period: 1, periodUnit: "d", ...boundsDuration }, code: { text: schedule.words } };
    case "every": {
      const unit = ucumCode(schedule.interval.unit);
      const periodUnit = unit === "min" || unit === "h" || unit === "d" || unit === "wk" || unit === "mo" || unit === "a" ? unit : undefined;
      return periodUnit === undefined ? { repeat: { ...boundsDuration }, code: { text: `every ${schedule.interval.value} ${schedule.interval.unit}` } } : { repeat: { frequency: 1, period: schedule.interval.value, periodUnit, ...boundsDuration } };
    }
    case "once":
      return { repeat: { count: 1 }, code: { text: schedule.words } };
    case "on-day":
      return { repeat: { count: 1 }, code: { text: `on day ${schedule.day}` } };
  }
}

/** How long step `i` lasts: its own length, or what is left of a `to complete` length after the steps before it. */
function steps(regimen: ir.Regimen, i: number): ir.Quantity | undefined {
  const d = regimen.steps[i]!.duration;
  if (d === undefined || d.kind === "until-review") return undefined;
  if (d.kind === "for") return d.length;
  const before = regimen.steps.slice(0, i).map((s) => (s.duration?.kind === "for" ? s.duration.length : undefined));
  if (before.some((q) => q === undefined || q.unit !== d.length.unit)) return undefined;
  return { value: d.length.value - before.reduce((sum, q) => sum + q!.value, 0), unit: d.length.unit };
}

/** The whole course, when every step has a length in one unit. */
function courseLength(regimen: ir.Regimen): ir.Quantity | undefined {
  const lengths = regimen.steps.map((_, i) => steps(regimen, i));
  if (lengths.some((q) => q === undefined) || new Set(lengths.map((q) => q!.unit)).size !== 1) return undefined;
  return { value: lengths.reduce((sum, q) => sum + q!.value, 0), unit: lengths[0]!.unit };
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
