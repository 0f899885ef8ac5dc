/**
 * Regimens as a Decision shows them: their text is written once, when a guideline is prepared, and
 * only doses given per kilogram are worked out for each patient, from the weight and capped at
 * their maximum.
 */
import type { DecisionRegimen } from "./decision-types.js";
import type { DoseOption, Quantity, Regimen } from "./ir-types.js";
import { doseText, regimenText } from "./regimen-text.js";
import { convert, findUnit } from "./units.js";

/** A regimen ready for Decisions: its text, and which doses (step, then 0 or the nth `or`) are per kilogram. */
export interface PreparedRegimen {
  readonly text: string;
  readonly regimen: Regimen;
  readonly perKg: readonly { readonly step: number; readonly option: number }[];
}

/** The regimens of an option, and, when none has a dose per kilogram, the Decision's copy of them (frozen: shared by every Decision). */
export interface PreparedRegimens {
  readonly regimens: readonly PreparedRegimen[];
  readonly fixed: readonly DecisionRegimen[] | undefined;
}

function perWeight(q: Quantity): boolean {
  return findUnit(q.unit)?.dimension.endsWith("-per-weight") === true;
}

/** Prepares regimens once per guideline. */
export function prepareRegimens(regimens: readonly Regimen[]): PreparedRegimens {
  const prepared = regimens.map((regimen): PreparedRegimen => ({
    text: regimenText(regimen),
    regimen,
    perKg: regimen.steps.flatMap((s, step) => [s, ...(s.or ?? [])].flatMap((o, option) => (perWeight(o.dose) ? [{ step, option }] : []))),
  }));
  const fixed = prepared.every((r) => r.perKg.length === 0)
    ? deepFreeze(prepared.map((r): DecisionRegimen => ({ text: r.text, ...(r.regimen.note !== undefined ? { note: r.regimen.note } : {}), regimen: structuredClone(r.regimen), calculated: [] })))
    : undefined;
  return { regimens: prepared, fixed };
}

/**
 * The regimens for one patient: per-kilogram doses worked out for `weightKg`. With the weight
 * unknown they are given as written, and `needsWeight` is told which dose needed it.
 */
export function decisionRegimens(p: PreparedRegimens, weightKg: number | undefined, needsWeight: (dose: string) => void): DecisionRegimen[] {
  if (p.fixed !== undefined) return p.fixed as DecisionRegimen[];
  return p.regimens.map((r): DecisionRegimen => {
    const calculated: DecisionRegimen["calculated"] = [];
    for (const { step, option } of r.perKg) {
      const s = r.regimen.steps[step]!;
      const o: DoseOption = option === 0 ? s : s.or![option - 1]!;
      if (weightKg === undefined) needsWeight(doseText(o));
      else calculated.push(calculateDose(step, option, o, weightKg));
    }
    return { text: r.text, ...(r.regimen.note !== undefined ? { note: r.regimen.note } : {}), regimen: r.regimen, calculated };
  });
}

/** A per-kilogram dose (and the upper end of its range) worked out for a weight, capped at its maximum. */
function calculateDose(step: number, option: number, o: DoseOption, weightKg: number): DecisionRegimen["calculated"][number] {
  const unit = o.dose.unit.replace("/kg", "");
  let capped = false;
  const amount = (perKg: number): Quantity => {
    const raw = Number.parseFloat((perKg * weightKg).toPrecision(12));
    let value = raw;
    if (o.max !== undefined) {
      const cap = convert(o.max.value, findUnit(o.max.unit)!, findUnit(unit)!);
      if (cap !== undefined && raw > cap) {
        value = cap;
        capped = true;
      }
    }
    // Shown in mg once a microgram dose reaches 1 mg: the same amount, in the unit prescribers write.
    return unit === "micrograms" && value >= 1000 ? { value: Number.parseFloat((value / 1000).toPrecision(12)), unit: "mg" } : { value, unit };
  };
  const dose = amount(o.dose.value);
  const doseTo = o.doseTo === undefined ? undefined : amount(o.doseTo.value);
  return { step, option, dose, ...(doseTo !== undefined ? { doseTo } : {}), weight: { value: weightKg, unit: "kg" }, capped };
}

/** Freezes a value and everything in it: parts of the evaluator that every Decision shares must not be changed by a host. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
