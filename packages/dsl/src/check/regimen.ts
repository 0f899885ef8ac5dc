/**
 * Checks a regimen: doses in mass or volume (or per kg, with a maximum in mass), one route that the
 * drug has, a schedule, and a duration wherever the course would otherwise never end.
 */
import { describeDimension, findUnit, unitSpellings, vocabulary, type ir } from "@steward/core";
import type * as ast from "../ast.js";
import { quantity as quantityText } from "../format.js";
import { closest } from "../spelling.js";
import { suggest, type Checker } from "./context.js";

const routeWords = vocabulary.wordsOf(vocabulary.routes);
const formWords = vocabulary.wordsOf(vocabulary.forms);
const doseDimensions = new Set(["mass", "mass-per-weight", "volume", "volume-per-weight"]);

function irQuantity(q: ast.QuantityNode): ir.Quantity {
  return { value: Number(q.number), unit: q.unit === undefined ? "" : (findUnit(q.unit)?.symbol ?? q.unit) };
}

function timeQuantity(checker: Checker, q: ast.QuantityNode, what: string): ir.Quantity | undefined {
  const unit = q.unit === undefined ? undefined : findUnit(q.unit);
  if (unit?.dimension !== "time") {
    checker.report("check/unit-dimension", q.span, `${what} needs a duration such as \`3 days\`, not \`${quantityText(q)}\``);
    return undefined;
  }
  if (Number(q.number) <= 0) {
    checker.report("check/invalid-quantity", q.span, `${what} must be more than zero`);
    return undefined;
  }
  return irQuantity(q);
}

/**
 * Checks a regimen for `drug`. `lastNeedsDuration` is false only when the caller has already reported
 * the missing duration (so it is said once).
 */
export function elaborateRegimen(checker: Checker, regimen: ast.RegimenNode, drug: ir.Drug | undefined, drugName: string): ir.Regimen | undefined {
  const steps: ir.DoseStep[] = [];
  let ok = true;
  let route: ir.DoseStep["route"] | undefined;
  regimen.steps.forEach((step, index) => {
    const isLast = index === regimen.steps.length - 1;
    const result = elaborateStep(checker, step, route, drug, drugName, isLast, index === 0);
    if (result === undefined) ok = false;
    else {
      route = result.route;
      steps.push(result);
    }
  });
  return ok ? { steps } : undefined;
}

function elaborateStep(
  checker: Checker,
  step: ast.DoseStepNode,
  inheritedRoute: ir.DoseStep["route"] | undefined,
  drug: ir.Drug | undefined,
  drugName: string,
  isLast: boolean,
  isFirst: boolean,
): ir.DoseStep | undefined {
  let ok = true;
  const doseUnit = step.dose.unit === undefined ? undefined : findUnit(step.dose.unit);
  if (doseUnit === undefined || !doseDimensions.has(doseUnit.dimension)) {
    const first = step.descriptors[0];
    if (doseUnit === undefined && first !== undefined && !routeWords.includes(first.text) && !formWords.includes(first.text)) {
      const guess = closest(first.text, unitSpellings);
      checker.report("parse/unknown-unit", first.span, `unknown unit \`${first.text}\``, guess ? `did you mean \`${guess}\`?` : "see the list of units in docs/language.md");
      return undefined;
    }
    checker.report(
      "check/unit-dimension",
      step.dose.span,
      doseUnit === undefined ? `the dose \`${step.dose.number}\` has no unit` : `a dose is a mass or a volume, not ${describeDimension(doseUnit.dimension)}`,
      "write, for example, `100 mg`, `5 mL` or `4 mg/kg`",
    );
    ok = false;
  }
  if (Number(step.dose.number) <= 0) {
    checker.report("check/invalid-quantity", step.dose.span, "a dose must be more than zero");
    ok = false;
  }
  if (step.max !== undefined) {
    const maxUnit = step.max.unit === undefined ? undefined : findUnit(step.max.unit);
    const perWeight = doseUnit?.dimension === "mass-per-weight" || doseUnit?.dimension === "volume-per-weight";
    const wanted = doseUnit?.dimension === "volume-per-weight" ? "volume" : "mass";
    if (!perWeight) {
      checker.report("check/invalid-quantity", step.max.span, "`max` caps a dose given per kilogram; this dose is a fixed amount", "remove `max`, or write the dose per kg (`4 mg/kg max 200 mg`)");
      ok = false;
    } else if (maxUnit?.dimension !== wanted) {
      checker.report("check/unit-dimension", step.max.span, `the maximum of a per-kilogram dose is ${describeDimension(wanted)}`);
      ok = false;
    }
  }

  let route: ir.DoseStep["route"] | undefined;
  let form: ir.DoseStep["form"] | undefined;
  for (const d of step.descriptors) {
    if (routeWords.includes(d.text)) {
      if (route !== undefined) {
        checker.report("check/conflicting-clauses", d.span, `a dose has one route; \`${route}\` is already given`, "write each route as its own choice");
        ok = false;
      }
      route = d.text as ir.DoseStep["route"];
    } else if (formWords.includes(d.text)) {
      if (form !== undefined) {
        checker.report("check/conflicting-clauses", d.span, `a dose has one form; \`${form}\` is already given`);
        ok = false;
      }
      form = d.text as ir.DoseStep["form"];
    } else {
      checker.report("check/unknown-word", d.span, `\`${d.text}\` is not a route or form`, suggest(d.text, [...routeWords, ...formWords]));
      ok = false;
    }
  }
  route ??= inheritedRoute;
  if (route === undefined && isFirst) {
    checker.report("check/missing-field", step.span, "the dose does not say its route", `add a route after the dose, for example \`${quantityText(step.dose)} oral\``);
    ok = false;
  }
  if (route !== undefined && drug !== undefined && !drug.routes.includes(route)) {
    checker.report("check/route-not-available", step.span, `the formulary gives \`${drugName}\` by ${drug.routes.map((r) => `\`${r}\``).join(", ")}, not \`${route}\``, "change the route, or add it to the drug's `routes` in the formulary");
    ok = false;
  }

  let schedule: ir.Schedule | undefined;
  switch (step.schedule.kind) {
    case "daily": {
      const words = step.schedule.words;
      const perDay = vocabulary.frequencies.find((f) => f.words === words)!.perDay;
      schedule = { kind: "daily", perDay, words };
      break;
    }
    case "every": {
      const interval = timeQuantity(checker, step.schedule.interval, "`every`");
      if (interval) schedule = { kind: "every", interval };
      else ok = false;
      break;
    }
    case "once":
      schedule = { kind: "once", words: step.schedule.words };
      break;
  }

  let duration: ir.StepDuration | undefined;
  if (step.duration !== undefined) {
    if (step.duration.kind === "until-review") duration = { kind: "until-review" };
    else {
      const length = timeQuantity(checker, step.duration.length, step.duration.kind === "for" ? "`for`" : "`to complete`");
      if (length) duration = { kind: step.duration.kind, length };
      else ok = false;
    }
    if (step.schedule.kind === "once") {
      checker.report("check/conflicting-clauses", step.duration.span, "a single dose has no duration", "remove the duration, or give a frequency such as `once daily`");
      ok = false;
    }
    if (step.duration.kind === "to-complete" && !isLast) {
      checker.report("check/conflicting-clauses", step.duration.span, "`to complete` ends the whole course, so it belongs on the last step");
      ok = false;
    }
    if (step.duration.kind === "to-complete" && isFirst) {
      checker.report("check/conflicting-clauses", step.duration.span, "`to complete` counts from earlier steps; on a single step write `for`");
      ok = false;
    }
  } else if (step.schedule.kind !== "once") {
    checker.report(
      "check/missing-duration",
      step.schedule.span,
      isLast ? `the treatment with \`${drugName}\` has no duration` : "this step has no duration, so the next step would never start",
      "add `for 3 days` (or the guideline's duration), `until review`, or give it as a `single dose`",
    );
    ok = false;
  }
  if (!ok || schedule === undefined) return undefined;
  return {
    dose: irQuantity(step.dose),
    ...(step.max ? { max: irQuantity(step.max) } : {}),
    ...(form ? { form } : {}),
    route: route!,
    schedule,
    ...(duration ? { duration } : {}),
  };
}
