/**
 * What a guideline's conditions look at, and the thresholds they compare against: the ages,
 * lab values and weights where the answer can change, the code lists, drugs, classes and findings
 * it names. Focused arbitraries generate patients on and around these; `analyze` enumerates them.
 */
import type { GuidelineIR, ir } from "@steward/core";
import { findUnit } from "@steward/core";
import { walkCondition } from "./walk.js";

/** A threshold of a numeric value, in that value's unit (`45` for eGFR in mL/min/1.73m2). */
export interface Threshold {
  readonly value: number;
  readonly unit: string;
}

/** Everything a guideline's conditions depend on. */
export interface GuidelineDomain {
  readonly ages: readonly Threshold[];
  readonly gestations: readonly Threshold[];
  readonly weights: readonly number[];
  readonly trimesters: readonly number[];
  /** Thresholds per observation id, in the observation's unit. */
  readonly observations: ReadonlyMap<string, readonly number[]>;
  /** Windows (`measured within`) per observation id. */
  readonly windows: ReadonlyMap<string, readonly Threshold[]>;
  /** Thresholds of `time since onset of …`, per `code-list:<id>` or `finding:<id>`. */
  readonly onsets: ReadonlyMap<string, readonly Threshold[]>;
  /** Thresholds per score the host records (whole numbers). */
  readonly recordedScores: ReadonlyMap<string, readonly number[]>;
  /** Scores counted from findings alone that the conditions read, with those findings (see `countedScores`). */
  readonly countedScores: ReadonlyMap<string, readonly string[]>;
  readonly diagnosisLists: readonly string[];
  readonly indicationLists: readonly string[];
  readonly organismLists: readonly string[];
  /** Drugs conditions name for a course or a culture result (`course drug is x`, `course drug in class`, `culture result for x`): one drug of each named class. */
  readonly courseDrugs: readonly string[];
  /** The fields of a course conditions read (`status`, `indication`, …). */
  readonly courseFields: readonly ir.CourseField[];
  /** The routes conditions compare a course's route with (`course route is iv`). */
  readonly courseRoutes: readonly string[];
  readonly allergyTargets: readonly ir.DrugOrClass[];
  readonly findings: readonly string[];
  readonly flags: readonly ("pregnant" | "at-term" | "breastfeeding")[];
  readonly usesSex: boolean;
  readonly usesCourses: boolean;
  readonly usesCultures: boolean;
  /** Drugs any rule can offer, and whether any dose is per kilogram. */
  readonly optionDrugs: readonly string[];
  readonly perKgDoses: boolean;
}

/** The contraindications that apply to a drug the guideline offers (the others never change its options). */
export function offeredContraindications(guideline: GuidelineIR): ir.Contraindication[] {
  const offered = new Set(guideline.rules.flatMap((r) => r.treatments.map((t) => t.drug)));
  const drugs = guideline.drugs.filter((d) => offered.has(d.id));
  return guideline.contraindications.filter((c) => drugs.some((d) => (c.target.kind === "drug" ? c.target.id === d.id : d.allClasses.includes(c.target.id))));
}

/** Every condition of a guideline: rule conditions, option gates, the contraindications of the drugs it offers, its resistances and defines. */
export function conditionsOf(guideline: GuidelineIR): ir.Expr[] {
  const out: ir.Expr[] = guideline.defines.map((d) => d.expr);
  for (const rule of guideline.rules) {
    out.push(rule.when);
    for (const t of rule.treatments) if (t.onlyIf) out.push(t.onlyIf);
  }
  for (const c of offeredContraindications(guideline)) out.push(c.when);
  for (const r of guideline.resistances) out.push(r.when);
  return out;
}

function constantOf(v: ir.Value, guideline: GuidelineIR): ir.Quantity | undefined {
  if (v.kind === "quantity") return { value: v.value, unit: v.unit };
  if (v.kind === "parameter") return guideline.parameters.find((p) => p.id === v.id)?.value;
  return undefined;
}

const counted = new WeakMap<GuidelineIR, ReadonlyMap<string, readonly string[]>>();

/**
 * Computed scores whose criteria are all findings that nothing else reads (FeverPAIN, say), with
 * those findings. The patient space varies such a score as one number, 0 to its number of
 * criteria, instead of each finding on its own: rules only ever see the count.
 */
export function countedScores(guideline: GuidelineIR): ReadonlyMap<string, readonly string[]> {
  const cached = counted.get(guideline);
  if (cached !== undefined) return cached;
  const candidates = new Map<string, string[]>();
  for (const s of guideline.scores) {
    if (s.kind !== "computed") continue;
    const findings = s.criteria.map((c) => (c.condition.kind === "truth" && c.condition.value.kind === "finding" ? c.condition.value.id : undefined));
    if (findings.every((f): f is string => f !== undefined)) candidates.set(s.id, findings);
  }
  const direct = new Set<string>();
  for (const c of conditionsOf(guideline)) {
    walkCondition(c, guideline, {
      intoScore: (id) => !candidates.has(id),
      value: (v) => {
        if (v.kind === "finding") direct.add(v.id);
        if (v.kind === "onset" && v.of.kind === "finding") direct.add(v.of.id);
      },
    });
  }
  const out = new Map([...candidates].filter(([, findings]) => findings.every((f) => !direct.has(f))));
  counted.set(guideline, out);
  return out;
}

/** Collects a guideline's domain by walking every condition once. */
export function domainOf(guideline: GuidelineIR): GuidelineDomain {
  const ages = new Map<string, Threshold>();
  const gestations = new Map<string, Threshold>();
  const weights = new Set<number>();
  const trimesters = new Set<number>();
  const observations = new Map<string, Set<number>>();
  const windows = new Map<string, Map<string, Threshold>>();
  const onsets = new Map<string, Map<string, Threshold>>();
  const recordedScores = new Map<string, Set<number>>();
  const recorded = new Set(guideline.scores.filter((sc) => sc.kind === "recorded").map((sc) => sc.id));
  const countable = countedScores(guideline);
  const countedRead = new Map<string, readonly string[]>();
  const diagnosisLists = new Set<string>();
  const indicationLists = new Set<string>();
  const organismLists = new Set<string>();
  const courseDrugs = new Set<string>();
  const courseFields = new Set<ir.CourseField>();
  const courseRoutes = new Set<string>();
  const drugOf = (target: ir.DrugOrClass): string | undefined => (target.kind === "drug" ? target.id : guideline.drugs.find((d) => d.allClasses.includes(target.id) && d.routes.length > 0)?.id);
  const allergyTargets = new Map<string, ir.DrugOrClass>();
  const findings = new Set<string>();
  const flags = new Set<"pregnant" | "at-term" | "breastfeeding">();
  let usesSex = false;
  let usesCourses = false;
  let usesCultures = false;

  const observationUnit = new Map(guideline.observations.map((o) => [o.id, o.unit]));
  const threshold = (value: ir.Value, constant: ir.Quantity): void => {
    if (value.kind === "patient") {
      if (value.field === "age") ages.set(`${constant.value} ${constant.unit}`, constant);
      if (value.field === "gestation") gestations.set(`${constant.value} ${constant.unit}`, constant);
      if (value.field === "weight") weights.add(inUnit(constant, "kg"));
      if (value.field === "trimester") trimesters.add(constant.value);
    }
    if (value.kind === "time-since" && value.of.kind === "onset") {
      const key = `${value.of.of.kind}:${value.of.of.id}`;
      const m = onsets.get(key) ?? new Map<string, Threshold>();
      m.set(`${constant.value} ${constant.unit}`, constant);
      onsets.set(key, m);
    }
    if (value.kind === "score" && recorded.has(value.id)) recordedScores.get(value.id)?.add(constant.value);
    if (value.kind === "observation") {
      const unit = observationUnit.get(value.id) ?? "";
      const set = observations.get(value.id) ?? new Set<number>();
      set.add(unit === "" ? constant.value : inUnit(constant, unit));
      observations.set(value.id, set);
    }
  };
  const visitValue = (v: ir.Value): void => {
    switch (v.kind) {
      case "patient":
        if (v.field === "sex") usesSex = true;
        if (v.field === "pregnant" || v.field === "at-term" || v.field === "breastfeeding") flags.add(v.field);
        break;
      case "finding":
        findings.add(v.id);
        break;
      case "observation":
        if (!observations.has(v.id)) observations.set(v.id, new Set());
        if (v.within) {
          const m = windows.get(v.id) ?? new Map<string, Threshold>();
          m.set(`${v.within.value} ${v.within.unit}`, v.within);
          windows.set(v.id, m);
        }
        break;
      case "course":
        usesCourses = true;
        courseFields.add(v.field);
        break;
      case "susceptibility": {
        usesCultures = true;
        const named = v.drug.kind === "course-drug" ? undefined : drugOf(v.drug);
        if (named !== undefined) courseDrugs.add(named);
        break;
      }
      case "score":
        if (recorded.has(v.id) && !recordedScores.has(v.id)) recordedScores.set(v.id, new Set());
        if (countable.has(v.id)) countedRead.set(v.id, countable.get(v.id)!);
        break;
      case "onset":
        if (!onsets.has(`${v.of.kind}:${v.of.id}`)) onsets.set(`${v.of.kind}:${v.of.id}`, new Map());
        if (v.of.kind === "finding") findings.add(v.of.id);
        break;
      case "culture":
        usesCultures = true;
        break;
      default:
        break;
    }
  };
  const visitExpr = (e: ir.Expr): void => {
    switch (e.kind) {
      case "compare": {
        const c = constantOf(e.right, guideline);
        if (c) threshold(e.left, c);
        break;
      }
      case "between":
        for (const bound of [e.low, e.high]) {
          const c = constantOf(bound, guideline);
          if (c) threshold(e.value, c);
        }
        break;
      case "in":
        if (e.set.kind === "code-list") {
          if (e.value.kind === "diagnosis") diagnosisLists.add(e.set.id);
          if (e.value.kind === "course" && e.value.field === "indication") indicationLists.add(e.set.id);
          if (e.value.kind === "culture" && e.value.field === "organism") organismLists.add(e.set.id);
        }
        if (e.set.kind === "class" && e.value.kind === "course" && e.value.field === "drug") {
          const named = drugOf(e.set);
          if (named !== undefined) courseDrugs.add(named);
        }
        break;
      case "is":
        if (e.value.kind === "course" && e.value.field === "drug" && guideline.drugs.some((d) => d.id === e.word)) courseDrugs.add(e.word);
        if (e.value.kind === "course" && e.value.field === "route") courseRoutes.add(e.word);
        break;
      case "allergic":
        if (e.target.kind !== "course-drug") allergyTargets.set(`${e.target.kind}:${e.target.id}`, e.target);
        break;
      case "exists":
        if (e.subject === "course") usesCourses = true;
        else usesCultures = true;
        break;
      default:
        break;
    }
  };
  for (const c of conditionsOf(guideline)) walkCondition(c, guideline, { expr: visitExpr, value: visitValue, intoScore: (id) => !countable.has(id) });

  const optionDrugs = new Set<string>();
  let perKgDoses = false;
  for (const rule of guideline.rules) {
    for (const t of rule.treatments) {
      optionDrugs.add(t.drug);
      if (t.regimens.some((r) => r.steps.some((s) => s.dose.unit.endsWith("/kg")))) perKgDoses = true;
    }
  }
  // Every class an offered drug belongs to can be the subject of an allergy that excludes it.
  for (const id of optionDrugs) {
    allergyTargets.set(`drug:${id}`, { kind: "drug", id });
    for (const c of guideline.drugs.find((d) => d.id === id)?.classes ?? []) allergyTargets.set(`class:${c}`, { kind: "class", id: c });
  }

  const sortedThresholds = (m: Map<string, Threshold>): Threshold[] => [...m.values()].sort((a, b) => toHours(a) - toHours(b));
  return {
    ages: sortedThresholds(ages),
    gestations: sortedThresholds(gestations),
    weights: [...weights].sort((a, b) => a - b),
    trimesters: [...trimesters].sort((a, b) => a - b),
    observations: new Map([...observations].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, [...v].sort((a, b) => a - b)])),
    windows: new Map([...windows].map(([k, v]) => [k, sortedThresholds(v)])),
    onsets: new Map([...onsets].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortedThresholds(v)])),
    countedScores: new Map([...countedRead].sort(([a], [b]) => (a < b ? -1 : 1))),
    recordedScores: new Map([...recordedScores].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, [...v].sort((a, b) => a - b)])),
    diagnosisLists: [...diagnosisLists].sort(),
    indicationLists: [...indicationLists].sort(),
    organismLists: [...organismLists].sort(),
    courseDrugs: [...courseDrugs].sort(),
    courseFields: [...courseFields].sort(),
    courseRoutes: [...courseRoutes].sort(),
    allergyTargets: [...allergyTargets.values()].sort((a, b) => (`${a.kind}:${a.id}` < `${b.kind}:${b.id}` ? -1 : 1)),
    findings: [...findings].sort(),
    flags: [...flags].sort(),
    usesSex,
    usesCourses,
    usesCultures,
    optionDrugs: [...optionDrugs].sort(),
    perKgDoses,
  };
}

function inUnit(q: ir.Quantity, unit: string): number {
  const from = findUnit(q.unit);
  const to = findUnit(unit);
  if (!from || !to || from.dimension !== to.dimension) return q.value;
  return Number.parseFloat(((q.value * from.factor) / to.factor).toPrecision(12));
}

/** A rough length in hours, only for ordering thresholds (months ≈ 30.44 days, years ≈ 365.25 days). */
function toHours(t: Threshold): number {
  const unit = findUnit(t.unit);
  if (unit?.calendar === "month") return t.value * 730.5;
  if (unit?.calendar === "year") return t.value * 8766;
  return unit && Number.isFinite(unit.factor) ? (t.value * unit.factor) / 3_600_000 : t.value;
}
