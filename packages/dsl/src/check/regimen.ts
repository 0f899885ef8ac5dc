/**
 * Checks a regimen: doses in mass or volume (or per kg, with a maximum in mass), ranges whose ends
 * are in order, combination strengths, one route that the drug has, a schedule, alternatives
 * written the one way the tables write them, and a duration wherever the course would otherwise
 * never end.
 */
import { describeDimension, findUnit, unitSpellings, vocabulary, type Dimension, type ir } from "@steward/core";
import type * as ast from "../ast.js";
import { quantity as quantityText } from "../format.js";
import { closest } from "../spelling.js";
import { suggest, type Checker } from "./context.js";

const routeWords = vocabulary.wordsOf(vocabulary.routes);
const formWords = vocabulary.wordsOf(vocabulary.forms);
const doseDimensions = new Set<Dimension>(["mass", "mass-per-weight", "volume", "volume-per-weight"]);
const perDay: Record<ast.FrequencyWord, number> = { once: 1, twice: 2, three: 3, four: 4 };

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

/** A value in its dimension's base unit, for ordering the ends of a range (calendar units by their average length). */
function inBase(q: ir.Quantity): number {
  const unit = findUnit(q.unit);
  if (unit?.calendar === "month") return q.value * 730.5 * 3_600_000;
  if (unit?.calendar === "year") return q.value * 8766 * 3_600_000;
  return q.value * (unit?.factor ?? 1);
}

/** Checks a regimen for `drug` and lowers it to IR; undefined when it has errors (all reported). */
export function elaborateRegimen(checker: Checker, regimen: ast.RegimenNode, drug: ir.Drug | undefined, drugName: string): ir.Regimen | undefined {
  const steps: ir.DoseStep[] = [];
  let ok = true;
  let route: ir.DoseStep["route"] | undefined;
  regimen.steps.forEach((step, index) => {
    const result = elaborateStep(checker, step, route, drug, drugName, index, regimen.steps.length);
    if (result === undefined) ok = false;
    else {
      route = result.route;
      steps.push(result);
    }
  });
  if (ok) ok = completesAfterItsSteps(checker, regimen, steps);
  return ok ? { steps } : undefined;
}

/** `to complete` must last longer than the fixed steps before it, or the last step would never be given. */
function completesAfterItsSteps(checker: Checker, regimen: ast.RegimenNode, steps: readonly ir.DoseStep[]): boolean {
  const last = steps[steps.length - 1]!;
  if (last.duration?.kind !== "to-complete") return true;
  let before = 0;
  for (const s of steps.slice(0, -1)) {
    if (s.schedule.kind === "on-day") before += inBase({ value: 1, unit: "days" });
    else if (s.duration?.kind === "for") before += inBase(s.duration.lengthTo ?? s.duration.length);
  }
  if (inBase(last.duration.length) > before) return true;
  const node = regimen.steps[regimen.steps.length - 1]!.duration!;
  checker.report("check/invalid-value", node.span, "the course would be complete before this step starts", "`to complete` counts from the first step: give the whole course, longer than the steps before it");
  return false;
}

function elaborateStep(checker: Checker, step: ast.DoseStepNode, inheritedRoute: ir.DoseStep["route"] | undefined, drug: ir.Drug | undefined, drugName: string, index: number, count: number): ir.DoseStep | undefined {
  const isFirst = index === 0;
  const isLast = index === count - 1;
  let ok = true;

  // A word after a dose with no unit that is neither a route nor a form is a misspelt unit: `100 mgs oral`.
  const lastDose = step.doses[step.doses.length - 1]!;
  const firstWord = step.descriptors[0];
  if (lastDose.amount.kind === "quantity" && lastDose.amount.unit === undefined && lastDose.to === undefined && firstWord !== undefined && !routeWords.includes(firstWord.text) && !formWords.includes(firstWord.text)) {
    const guess = closest(firstWord.text, unitSpellings);
    checker.report("parse/unknown-unit", firstWord.span, `unknown unit \`${firstWord.text}\``, guess ? `did you mean \`${guess}\`?` : "see the list of units in docs/language.md");
    return undefined;
  }

  const groups: { doses: readonly ast.DoseNode[]; schedule: ast.ScheduleNode }[] = [{ doses: step.doses, schedule: step.schedule }, ...step.or];
  const options: ir.DoseOption[] = [];
  for (const group of groups) {
    const schedule = elaborateSchedule(checker, group.schedule, isFirst, isLast);
    for (const d of group.doses) {
      const dose = elaborateDose(checker, d);
      if (dose === undefined || schedule === undefined) ok = false;
      else options.push({ ...dose, schedule });
    }
  }
  if (ok) ok = alternativesAsWritten(checker, groups);

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
    checker.report("check/missing-field", step.span, "the dose does not say its route", `add a route after the dose, for example \`${doseWords(step.doses[0]!)} oral\``);
    ok = false;
  }
  if (route !== undefined && drug !== undefined && !drug.routes.includes(route)) {
    checker.report("check/route-not-available", step.span, `the formulary gives \`${drugName}\` by ${drug.routes.map((r) => `\`${r}\``).join(", ")}, not \`${route}\``, "change the route, or add it to the drug's `routes` in the formulary");
    ok = false;
  }

  const duration = elaborateDuration(checker, step, isFirst, isLast, drugName);
  if (duration === null) ok = false;
  if (!ok) return undefined;
  const [main, ...or] = options;
  return {
    ...main!,
    ...(form ? { form } : {}),
    route: route!,
    ...(or.length > 0 ? { or } : {}),
    ...(duration !== undefined && duration !== null ? { duration } : {}),
  };
}

/** The words of an amount as written, for hints. */
function amountWords(a: ast.QuantityNode | ast.StrengthNode): string {
  return a.kind === "quantity" ? quantityText(a) : `${a.amounts}${a.unit ? ` ${a.unit}` : ""}`;
}

/** The words of a dose's amount (its first, for a range), for hints. */
function doseWords(d: ast.DoseNode): string {
  return amountWords(d.amount);
}

/**
 * The tables write alternatives one way, and so does the language: doses that share a frequency
 * once, before it (`12.5 mg/kg or 125 mg twice daily`), and frequencies that share a dose in one
 * schedule (`500 mg twice or three times daily`).
 */
function alternativesAsWritten(checker: Checker, groups: readonly { doses: readonly ast.DoseNode[]; schedule: ast.ScheduleNode }[]): boolean {
  for (let i = 1; i < groups.length; i++) {
    const before = groups[i - 1]!;
    const after = groups[i]!;
    const scheduleWords = (s: ast.ScheduleNode): string => (s.kind === "daily" ? `${s.frequencies.join(" or ")}${s.times ? " times" : ""} daily` : s.kind === "every" ? `every ${quantityText(s.interval)}` : "");
    if (scheduleWords(before.schedule) === scheduleWords(after.schedule)) {
      const all = [...before.doses, ...after.doses].map(doseWords).join(" or ");
      checker.report("check/invalid-value", after.schedule.span, `these doses share \`${scheduleWords(after.schedule)}\`: give the frequency once`, `write \`${all} ${scheduleWords(after.schedule)}\``);
      return false;
    }
    const single = (g: typeof before): string | undefined => (g.doses.length === 1 && g.schedule.kind === "daily" && g.schedule.frequencies.length === 1 ? doseWords(g.doses[0]!) : undefined);
    const a = single(before);
    const b = single(after);
    if (a !== undefined && a === b && before.schedule.kind === "daily" && after.schedule.kind === "daily") {
      const words = [before.schedule.frequencies[0]!, after.schedule.frequencies[0]!];
      const times = words[1] === "three" || words[1] === "four";
      checker.report("check/invalid-value", after.schedule.span, `both frequencies are for \`${a}\`: give the dose once`, `write \`${a} ${words.join(" or ")}${times ? " times" : ""} daily\``);
      return false;
    }
  }
  return true;
}

/** One dose: an amount or a combination strength, an optional range, cap and product strength. */
function elaborateDose(checker: Checker, d: ast.DoseNode): Omit<ir.DoseOption, "schedule"> | undefined {
  let ok = true;
  const low = elaborateAmount(checker, d.amount);
  if (low === undefined) return undefined;
  const dimension = findUnit(low.dose.unit)!.dimension;
  let doseTo: ir.Quantity | undefined;
  if (d.to !== undefined) {
    const high = d.to.kind === "strength" || low.strength !== undefined ? undefined : elaborateAmount(checker, d.to);
    if (d.to.kind === "strength" || low.strength !== undefined) {
      checker.report("check/invalid-value", d.span, "a combination strength is one product, not a range", "give each strength as its own dose: `250/125 mg or 500/125 mg three times daily`");
      ok = false;
    } else if (high !== undefined) {
      const highDimension = findUnit(high.dose.unit)!.dimension;
      if (highDimension !== dimension || (dimension.endsWith("-per-weight") && high.dose.unit !== low.dose.unit)) {
        checker.report("check/unit-dimension", d.to.span, `both ends of a dose range are ${describeDimension(dimension)}${dimension.endsWith("-per-weight") ? `, in \`${low.dose.unit}\`` : ""}`);
        ok = false;
      } else if (inBase(high.dose) <= inBase(low.dose)) {
        checker.report("check/invalid-value", d.span, "the lower end of the range is not below the upper end", `write the smaller dose first: \`${amountWords(d.to)} to ${amountWords(d.amount)}\``);
        ok = false;
      } else doseTo = high.dose;
    } else ok = false;
  }
  let max: ir.Quantity | undefined;
  if (d.max !== undefined) {
    const maxUnit = d.max.unit === undefined ? undefined : findUnit(d.max.unit);
    const perWeight = dimension === "mass-per-weight" || dimension === "volume-per-weight";
    const wanted = dimension === "volume-per-weight" ? "volume" : "mass";
    if (!perWeight) {
      checker.report("check/invalid-quantity", d.max.span, "`max` caps a dose given per kilogram; this dose is a fixed amount", "remove `max`, or write the dose per kg (`4 mg/kg max 200 mg`)");
      ok = false;
    } else if (maxUnit?.dimension !== wanted) {
      checker.report("check/unit-dimension", d.max.span, `the maximum of a per-kilogram dose is ${describeDimension(wanted)}`);
      ok = false;
    } else max = irQuantity(d.max);
  }
  let of: ir.DoseOption["of"];
  if (d.of !== undefined) {
    const amounts = d.of.amounts.split("/").map(Number);
    const unit = d.of.unit === undefined ? undefined : findUnit(d.of.unit);
    if (dimension !== "volume" && dimension !== "volume-per-weight") {
      checker.report("check/unit-dimension", d.of.span, "`of` names the product a volume is measured from; this dose is not a volume", "write the volume first: `5 mL of 125/31 oral-suspension`");
      ok = false;
    } else if (d.of.unit !== undefined && unit?.dimension !== "mass") {
      checker.report("check/unit-dimension", d.of.span, `a product strength is a mass, not \`${d.of.unit}\``);
      ok = false;
    } else if (amounts.some((a) => !(a > 0))) {
      checker.report("check/invalid-quantity", d.of.span, "every amount of a strength must be more than zero");
      ok = false;
    } else of = { amounts, unit: unit?.symbol ?? "" };
  }
  if (!ok) return undefined;
  return { ...low, ...(doseTo ? { doseTo } : {}), ...(max ? { max } : {}), ...(of ? { of } : {}) };
}

/**
 * A range written the way tables print it, `250-500 mg` or `5-7 days`: reported with the words the
 * language uses. True when `q` is one.
 */
function hyphenatedRange(checker: Checker, q: ast.QuantityNode, where: "dose" | "for" | "to complete"): boolean {
  const hyphen = q.number.lastIndexOf("-");
  if (hyphen <= 0 || hyphen === q.number.length - 1) return false;
  const [low, high] = [q.number.slice(0, hyphen), q.number.slice(hyphen + 1)];
  const unit = q.unit === undefined ? "" : ` ${findUnit(q.unit)?.symbol ?? q.unit}`;
  const words = where === "dose" ? `${low}${unit} to ${high}${unit}` : `${where} ${low} to ${high}${unit}`;
  checker.report("check/invalid-value", q.span, `\`${q.number}${unit}\` is a range written with a hyphen`, `write \`${words}\``);
  return true;
}

/** An amount: a quantity of a dose's kind, or a combination strength with a mass unit (`500/125 mg`). */
function elaborateAmount(checker: Checker, a: ast.QuantityNode | ast.StrengthNode): { dose: ir.Quantity; strength?: number[] } | undefined {
  if (a.kind === "quantity" && hyphenatedRange(checker, a, "dose")) return undefined;
  const unit = a.unit === undefined ? undefined : findUnit(a.unit);
  if (a.kind === "strength") {
    const amounts = a.amounts.split("/").map(Number);
    if (unit?.dimension !== "mass") {
      checker.report("check/unit-dimension", a.span, unit === undefined ? `the strength \`${a.amounts}\` has no unit` : `a combination strength is a mass, not ${describeDimension(unit.dimension)}`, `write, for example, \`${a.amounts} mg\``);
      return undefined;
    }
    if (amounts.some((x) => !(x > 0))) {
      checker.report("check/invalid-quantity", a.span, "every amount of a strength must be more than zero");
      return undefined;
    }
    return { dose: { value: amounts[0]!, unit: unit.symbol }, strength: amounts };
  }
  if (unit === undefined || !doseDimensions.has(unit.dimension)) {
    checker.report(
      "check/unit-dimension",
      a.span,
      unit === undefined ? `the dose \`${a.number}\` has no unit` : `a dose is a mass or a volume, not ${describeDimension(unit.dimension)}`,
      "write, for example, `100 mg`, `5 mL` or `4 mg/kg`; a range gives both ends their unit, `250 mg to 500 mg`",
    );
    return undefined;
  }
  if (Number(a.number) <= 0) {
    checker.report("check/invalid-quantity", a.span, "a dose must be more than zero");
    return undefined;
  }
  return { dose: irQuantity(a) };
}

function elaborateSchedule(checker: Checker, s: ast.ScheduleNode, isFirst: boolean, isLast: boolean): ir.Schedule | undefined {
  switch (s.kind) {
    case "daily": {
      const [first, second] = s.frequencies;
      const last = second ?? first!;
      const times = last === "three" || last === "four";
      const canonical = `${s.frequencies.join(" or ")}${times ? " times" : ""} daily`;
      if (second !== undefined && perDay[second] <= perDay[first!]) {
        checker.report("check/invalid-value", s.span, "give the smaller frequency first", `write \`${[second, first].join(" or ")}${first === "three" || first === "four" ? " times" : ""} daily\``);
        return undefined;
      }
      if (times !== s.times) {
        checker.report("check/invalid-value", s.span, `\`${s.frequencies.join(" or ")}${s.times ? " times" : ""} daily\` is not a frequency`, `write \`${canonical}\``);
        return undefined;
      }
      return { kind: "daily", perDay: perDay[first!], ...(second !== undefined ? { orPerDay: perDay[second] } : {}), words: canonical };
    }
    case "every": {
      const interval = timeQuantity(checker, s.interval, "`every`");
      return interval ? { kind: "every", interval } : undefined;
    }
    case "once":
      return { kind: "once", words: s.words };
    case "on-day": {
      if (findUnit(s.dayWord)?.symbol !== "days" || s.day !== "1") {
        checker.report("check/invalid-value", s.span, `\`on ${s.dayWord} ${s.day}\` is not a start of a course`, "a course can start with a dose `on day 1`, and then its next step");
        return undefined;
      }
      if (!isFirst || isLast) {
        checker.report("check/conflicting-clauses", s.span, isFirst ? "a dose `on day 1` starts a course; the next step gives the rest" : "only the first step of a course is given `on day 1`", "write, for example, `200 mg oral on day 1 then 100 mg once daily for 4 days`");
        return undefined;
      }
      return { kind: "on-day", day: 1 };
    }
  }
}

/** The step's duration: undefined when it has none (and needs none), null when it is wrong (reported). */
function elaborateDuration(checker: Checker, step: ast.DoseStepNode, isFirst: boolean, isLast: boolean, drugName: string): ir.StepDuration | undefined | null {
  const single = step.schedule.kind === "once" || step.schedule.kind === "on-day";
  if (step.duration === undefined) {
    if (single) return undefined;
    checker.report(
      "check/missing-duration",
      step.schedule.span,
      isLast ? `the treatment with \`${drugName}\` has no duration` : "this step has no duration, so the next step would never start",
      "add `for 3 days` (or the guideline's duration), `until review`, or give it as a `single dose`",
    );
    return null;
  }
  let ok = true;
  let duration: ir.StepDuration | undefined;
  const d = step.duration;
  if (d.kind === "until-review") duration = { kind: "until-review" };
  else {
    const what = d.kind === "for" ? "`for`" : "`to complete`";
    const words = d.kind === "for" ? "for" : "to complete";
    if (hyphenatedRange(checker, d.length, words) || (d.lengthTo !== undefined && hyphenatedRange(checker, d.lengthTo, words))) ok = false;
    else if (d.lengthTo === undefined) {
      const length = timeQuantity(checker, d.length, what);
      if (length) duration = { kind: d.kind, length };
      else ok = false;
    } else if (d.length.unit !== undefined) {
      checker.report("check/invalid-value", d.length.span, "a range of durations gives its unit once, at the end", `write \`${words} ${d.length.number} to ${quantityText(d.lengthTo)}\``);
      ok = false;
    } else {
      const high = timeQuantity(checker, d.lengthTo, what);
      const low: ir.Quantity | undefined = high === undefined ? undefined : { value: Number(d.length.number), unit: high.unit };
      if (high === undefined || low === undefined) ok = false;
      else if (!(low.value > 0)) {
        checker.report("check/invalid-quantity", d.length.span, `${what} must be more than zero`);
        ok = false;
      } else if (low.value >= high.value) {
        checker.report("check/invalid-value", d.span, "the shorter duration comes first", `write \`${words} ${d.lengthTo.number} to ${d.length.number} ${high.unit}\``);
        ok = false;
      } else duration = { kind: d.kind, length: low, lengthTo: high };
    }
  }
  if (single) {
    checker.report("check/conflicting-clauses", d.span, step.schedule.kind === "on-day" ? "a dose on day 1 lasts that day" : "a single dose has no duration", "remove the duration, or give a frequency such as `once daily`");
    ok = false;
  }
  if (d.kind === "to-complete" && !isLast) {
    checker.report("check/conflicting-clauses", d.span, "`to complete` ends the whole course, so it belongs on the last step");
    ok = false;
  }
  if (d.kind === "to-complete" && isFirst) {
    checker.report("check/conflicting-clauses", d.span, "`to complete` counts from earlier steps; on a single step write `for`");
    ok = false;
  }
  return ok ? duration : null;
}
