/**
 * The finite patient space a guideline can tell apart. Each dimension (diagnosis, sex, age,
 * pregnancy, each observation, each finding, weight, allergies, setting, courses, cultures) gets a
 * few representative values: every threshold the guideline compares against, a value just either
 * side of it, a value between each pair of neighbouring thresholds, and "not recorded". Within a
 * region every comparison has the same answer, so checking the representatives checks them all.
 */
import { addTime, formatDate, formatInstant, isPlausible, parseInstant, type GuidelineIR, type PatientContextInput, type ir } from "@steward/core";
import { codeSystems } from "@steward/core";
import { conditionsOf, countedScores, domainOf, type GuidelineDomain } from "./domains.js";
import { walkCondition } from "./walk.js";

type Context = { -readonly [K in keyof PatientContextInput]: PatientContextInput[K] };
type Patch = (context: Context, now: number) => void;

/** One representative value of a dimension, with how to say it. */
export interface Point {
  readonly label: string;
  readonly known: boolean;
  readonly apply: Patch;
}

/** A dimension of the patient space and its representative values. */
export interface Dimension {
  readonly name: string;
  readonly points: readonly Point[];
}

const DAY = 86_400_000;

function uri(system: ir.Coding["system"]): string {
  return codeSystems.find((s) => s.word === system)!.uri;
}

function numberPoints(thresholds: readonly number[], step: number): number[] {
  if (thresholds.length === 0) return [];
  const sorted = [...new Set(thresholds)].sort((a, b) => a - b);
  const out = new Set<number>();
  out.add(Math.max(0, sorted[0]! - step));
  sorted.forEach((t, i) => {
    out.add(t);
    const next = sorted[i + 1];
    out.add(next === undefined ? t + step : Number.parseFloat(((t + next) / 2).toPrecision(10)));
  });
  return [...out].sort((a, b) => a - b);
}

/** A diagnosis a region's patient has, with how to say it. */
export interface DiagnosisPoint {
  readonly label: string;
  readonly coding: ir.Coding;
}

/**
 * The diagnoses that stand for a code list: its first code and, for each `<<` concept, one code
 * below it from the expansion, so a region has a patient coded the way a descendant is.
 */
function diagnosisPoints(list: ir.CodeList): DiagnosisPoint[] {
  const out: DiagnosisPoint[] = [{ label: `diagnosis in ${list.id}`, coding: list.codes[0]! }];
  for (const e of list.expansions ?? []) {
    const below = list.codes.find((c) => c.expandedFrom === e.code && c.code !== e.code);
    if (below !== undefined) out.push({ label: `diagnosis in ${list.id} below ${e.code} (${below.code})`, coding: below });
  }
  return out;
}

/**
 * Every dimension of a guideline's patient space, keyed by name; `extraDiagnoses` are further
 * diagnoses to try (the codes a new version of a code list adds or drops).
 */
export function dimensionsOf(guideline: GuidelineIR, domain: GuidelineDomain = domainOf(guideline), extraDiagnoses: readonly DiagnosisPoint[] = []): Map<string, Dimension> {
  const dims = new Map<string, Dimension>();
  const add = (name: string, points: Point[]): void => {
    dims.set(name, { name, points });
  };

  const lists = guideline.codeLists.filter((l) => domain.diagnosisLists.includes(l.id));
  add("diagnosis", [
    ...[...lists.flatMap(diagnosisPoints), ...extraDiagnoses].map(
      (d): Point => ({ label: d.label, known: true, apply: (c) => void (c.diagnoses = [{ code: { system: uri(d.coding.system), code: d.coding.code } }]) }),
    ),
    { label: "an unrelated diagnosis", known: true, apply: (c) => void (c.diagnoses = [{ code: { system: "http://snomed.info/sct", code: "38341003" } }]) },
    { label: "diagnoses not recorded", known: false, apply: (c) => void delete c.diagnoses },
  ]);
  add("sex", [
    { label: "sex female", known: true, apply: (c) => void (c.patient = { ...c.patient, sex: "female" }) },
    { label: "sex male", known: true, apply: (c) => void (c.patient = { ...c.patient, sex: "male" }) },
    { label: "sex not recorded", known: false, apply: () => undefined },
  ]);

  // Ages: each threshold, the day before it, the day before the next whole unit after it (for
  // completed-unit comparisons), and a point between neighbouring thresholds.
  const agePoints: Point[] = [];
  const ageAt = (label: string, shift: (now: number) => number): Point => ({ label, known: true, apply: (c, now) => void (c.patient = { ...c.patient, birthDate: formatDate(shift(now)) }) });
  const seen = new Set<string>();
  const push = (p: Point, now: number): void => {
    const probe: Context = { patient: {}, setting: "primary-care" };
    p.apply(probe, now);
    const key = probe.patient.birthDate!;
    if (!seen.has(key)) {
      seen.add(key);
      agePoints.push(p);
    }
  };
  const reference = parseInstant("2026-01-01T12:00:00Z");
  for (const t of domain.ages) {
    push(ageAt(`age just under ${t.value} ${t.unit}`, (now) => addTime(now, -t.value, t.unit) + DAY), reference);
    push(ageAt(`age ${t.value} ${t.unit} exactly`, (now) => addTime(now, -t.value, t.unit)), reference);
    push(ageAt(`age just under ${t.value + 1} ${t.unit}`, (now) => addTime(now, -(t.value + 1), t.unit) + DAY), reference);
  }
  if (domain.ages.length === 0) push(ageAt("age 40 years", (now) => addTime(now, -40, "years")), reference);
  add("age", [...agePoints, { label: "age not recorded", known: false, apply: () => undefined }]);

  if (domain.flags.includes("pregnant") || domain.flags.includes("at-term")) {
    add("pregnancy", [
      { label: "not pregnant", known: true, apply: (c) => void (c.patient = { ...c.patient, pregnancy: { status: "not-pregnant" } }) },
      // The second trimester, and any other the guideline compares with (the first, for trimethoprim).
      ...[...new Set([...domain.trimesters.filter((t) => t !== 3), 2])].sort((x, y) => x - y).map((trimester): Point => ({
        label: trimester === 2 ? "pregnant, not at term" : `pregnant in trimester ${trimester}`,
        known: true,
        apply: (c) => void (c.patient = { ...c.patient, pregnancy: { status: "pregnant", trimester: trimester as 1 | 2 | 3, atTerm: false } }),
      })),
      { label: "pregnant at term", known: true, apply: (c) => void (c.patient = { ...c.patient, pregnancy: { status: "pregnant", trimester: 3, atTerm: true } }) },
      { label: "pregnant, term not recorded", known: false, apply: (c) => void (c.patient = { ...c.patient, pregnancy: { status: "pregnant" } }) },
      { label: "pregnancy not recorded", known: false, apply: () => undefined },
    ]);
  }

  for (const o of guideline.observations) {
    if (!domain.observations.has(o.id)) continue;
    const code = o.codes[0]!;
    // Only plausible values: a record outside the plausibility bounds is rejected, not evaluated.
    const values = numberPoints(domain.observations.get(o.id)!, 1).filter((v) => isPlausible(v, o.unit));
    const windows = domain.windows.get(o.id) ?? [];
    const result = (value: number, age: (now: number) => number): Patch => (c, now) => {
      c.observations = [...(c.observations ?? []), { code: { system: uri(code.system), code: code.code }, value, unit: o.unit === "" ? "{score}" : o.unit, time: formatInstant(age(now)) }];
    };
    add(`observation:${o.id}`, [
      ...values.map((v): Point => ({ label: `${o.id} ${v}${o.unit ? ` ${o.unit}` : ""}`, known: true, apply: result(v, (now) => now - DAY) })),
      ...windows.map((w): Point => ({ label: `${o.id} measured more than ${w.value} ${w.unit} ago`, known: false, apply: result(values[0] ?? 0, (now) => addTime(now, -w.value, w.unit) - DAY) })),
      { label: `${o.id} not recorded`, known: false, apply: () => undefined },
    ]);
  }

  if (domain.weights.length > 0 || domain.perKgDoses) {
    const weights = (domain.weights.length > 0 ? numberPoints(domain.weights, 1) : [20]).filter((w) => isPlausible(w, "kg"));
    add("weight", [
      ...weights.map((w): Point => ({ label: `weight ${w} kg`, known: true, apply: (c) => void (c.patient = { ...c.patient, weight: { value: w, unit: "kg" } }) })),
      { label: "weight not recorded", known: false, apply: () => undefined },
    ]);
  }

  // A score counted from findings is one number: its first k findings present and the rest absent.
  for (const [id, findings] of domain.countedScores) {
    const points = findings.map((_, k): Point => ({ label: `${id} ${k}`, known: true, apply: (c) => void (c.findings = [...(c.findings ?? []), ...findings.map((f, i) => ({ finding: f, present: i < k }))]) }));
    add(`score:${id}`, [
      ...points,
      { label: `${id} ${findings.length}`, known: true, apply: (c) => void (c.findings = [...(c.findings ?? []), ...findings.map((f) => ({ finding: f, present: true }))]) },
      { label: `${id} not recorded`, known: false, apply: () => undefined },
    ]);
  }

  for (const [id, thresholds] of domain.recordedScores) {
    const score = guideline.scores.find((sc) => sc.id === id);
    if (score?.kind !== "recorded") continue;
    const code = score.codes[0]!;
    // Scores are whole numbers: every value of a short range, else each threshold and its neighbours.
    const values = score.max - score.min <= 30 ? Array.from({ length: score.max - score.min + 1 }, (_, i) => score.min + i) : [...new Set(thresholds.flatMap((t) => [t - 1, t]))].filter((v) => v >= score.min && v <= score.max).sort((a, b) => a - b);
    add(`score:${id}`, [
      ...values.map((v): Point => ({ label: `${id} ${v}`, known: true, apply: (c, now) => void (c.observations = [...(c.observations ?? []), { code: { system: uri(code.system), code: code.code }, value: v, unit: "{score}", time: formatInstant(now - DAY) }]) })),
      { label: `${id} not recorded`, known: false, apply: () => undefined },
    ]);
  }

  for (const [key, thresholds] of domain.onsets) {
    const [kind, id] = key.split(":") as ["code-list" | "finding", string];
    const list = kind === "code-list" ? guideline.codeLists.find((l) => l.id === id) : undefined;
    const codes = new Set(list?.codes.map((c) => `${uri(c.system)}|${c.code}`) ?? []);
    // Sets the onset on the diagnoses in the list (or the finding, if present) that an earlier dimension recorded.
    const began = (at: (now: number) => number): Patch => (c, now) => {
      if (kind === "code-list") c.diagnoses = c.diagnoses?.map((d) => (codes.has(`${d.code.system}|${d.code.code}`) ? { ...d, onset: formatInstant(at(now)) } : d));
      else c.findings = c.findings?.map((f) => (f.finding === id && f.present ? { ...f, onset: formatInstant(at(now)) } : f));
    };
    const points: Point[] = [];
    for (const t of thresholds) {
      // "just under": a day short (an hour, or a minute, for thresholds in those units)
      const short = t.unit === "minutes" ? "minutes" : t.unit === "hours" ? "hours" : "days";
      points.push({ label: `onset of ${id} ${t.value} ${t.unit} ago`, known: true, apply: began((now) => addTime(now, -t.value, t.unit)) });
      points.push({ label: `onset of ${id} just under ${t.value} ${t.unit} ago`, known: true, apply: began((now) => addTime(addTime(now, -t.value, t.unit), 1, short)) });
    }
    if (thresholds.length === 0) points.push({ label: `onset of ${id} 1 day ago`, known: true, apply: began((now) => now - DAY) });
    add(`onset:${key}`, [...points, { label: `onset of ${id} not recorded`, known: false, apply: () => undefined }]);
  }

  // A finding is recorded a minute before the time of evaluation, so it is current whatever its
  // `valid-for`; one recorded longer ago than that is as good as not recorded.
  for (const f of domain.findings) {
    const validFor = guideline.findings.find((x) => x.id === f)?.validFor;
    const recorded = (present: boolean, age: (now: number) => number): Patch => (c, now) => void (c.findings = [...(c.findings ?? []), { finding: f, present, time: formatInstant(age(now)) }]);
    add(`finding:${f}`, [
      { label: f, known: true, apply: recorded(true, (now) => now - 60_000) },
      { label: `not ${f}`, known: true, apply: recorded(false, (now) => now - 60_000) },
      ...(validFor === undefined ? [] : [{ label: `${f} recorded more than ${validFor.value} ${validFor.unit} ago`, known: false, apply: recorded(true, (now) => addTime(now, -validFor.value, validFor.unit) - DAY) }]),
      { label: `${f} not recorded`, known: false, apply: () => undefined },
    ]);
  }

  add("allergies", [
    { label: "no allergies", known: true, apply: (c) => void (c.allergies = []) },
    ...domain.allergyTargets.map((t): Point => ({ label: `allergic to ${t.id}`, known: true, apply: (c) => void (c.allergies = [t.kind === "drug" ? { drug: t.id, verification: "confirmed" } : { class: t.id, verification: "confirmed" }]) })),
    { label: "allergies not recorded", known: false, apply: (c) => void delete c.allergies },
  ]);
  add("setting", guideline.guideline.settings.map((s): Point => ({ label: `setting ${s}`, known: true, apply: (c) => void (c.setting = s) })));

  if (domain.usesCourses || domain.usesCultures) add("history", historyPoints(guideline, domain));
  return dims;
}

/**
 * Courses and cultures together, since rules relate them (`culture result for course drug`). A
 * course of a drug the conditions name, or of one representative drug when they name none
 * (conditions that do not name the drug cannot tell one drug from another), by each route they
 * compare with: alone, for each indication list the conditions read, as a draft order when they
 * read the status, and with a culture of each specimen they name that is resistant, susceptible,
 * or did not test it; plus no history and history not recorded.
 */
function historyPoints(guideline: GuidelineIR, domain: GuidelineDomain): Point[] {
  const specimens = specimensNamed(guideline);
  const representative = representativeCourseDrug(guideline);
  const named = domain.courseDrugs.length > 0 ? domain.courseDrugs : representative === undefined ? [] : [representative];
  const drugs = guideline.drugs.filter((d) => named.includes(d.id) && d.routes.length > 0);
  const indications = [undefined, ...domain.indicationLists.map((id) => guideline.codeLists.find((l) => l.id === id)).filter((l) => l !== undefined && l.codes.length > 0)];
  const points: Point[] = [
    { label: "no courses or cultures", known: true, apply: (c) => void ((c.orders = []), (c.microbiology = [])) },
    { label: "courses and cultures not recorded", known: false, apply: (c) => void (delete c.orders, delete c.microbiology) },
  ];
  for (const d of drugs) {
    // Each route the conditions compare with that the drug has, or else its first.
    const compared = d.routes.filter((r) => domain.courseRoutes.includes(r));
    for (const [route, list] of (compared.length > 0 ? compared : [d.routes[0]!]).flatMap((r) => indications.map((l) => [r, l] as const))) {
      const indication = list === undefined ? {} : { indications: [{ system: uri(list.codes[0]!.system), code: list.codes[0]!.code }] };
      const on = `on ${d.id} (${route})${list === undefined ? "" : ` for ${list.id}`}`;
      const course: Patch = (c, now) => void (c.orders = [{ id: "course-1", status: "active", drug: { id: d.id }, route, start: formatInstant(now - 3 * DAY), ...indication }]);
      points.push({ label: on, known: true, apply: (c, now) => void (course(c, now), (c.microbiology = [])) });
      if (domain.courseFields.includes("status")) {
        const draft: Patch = (c, now) => void (course(c, now), (c.orders = c.orders!.map((o) => ({ ...o, status: "draft" }))), (c.microbiology = []));
        points.push({ label: `${on}, a draft order`, known: true, apply: draft });
      }
      if (!domain.usesCultures) continue;
      for (const specimen of specimens) {
        for (const result of ["resistant", "susceptible"] as const) {
          points.push({
            label: `${on}, ${specimen} culture ${result} to it`,
            known: true,
            apply: (c, now) => {
              course(c, now);
              c.microbiology = [{ id: "culture-1", specimen, status: "final", reported: formatInstant(now - DAY), susceptibilities: [{ drug: { id: d.id }, result }] }];
            },
          });
        }
        points.push({
          label: `${on}, ${specimen} culture not testing it`,
          known: false,
          apply: (c, now) => {
            course(c, now);
            c.microbiology = [{ id: "culture-1", specimen, status: "final", reported: formatInstant(now - DAY), susceptibilities: [] }];
          },
        });
      }
    }
  }
  return points;
}

/** The drug a course is of when conditions name none: the first the guideline offers, or else the first it declares that has a route. */
export function representativeCourseDrug(guideline: GuidelineIR): string | undefined {
  const offered = new Set(guideline.rules.flatMap((r) => r.treatments.map((t) => t.drug)));
  const withRoute = guideline.drugs.filter((d) => d.routes.length > 0);
  return (withRoute.find((d) => offered.has(d.id)) ?? withRoute[0])?.id;
}

/** Specimen words the guideline's conditions compare with (`culture specimen is urine`), or `urine` if none. */
function specimensNamed(guideline: GuidelineIR): ("urine" | "blood" | "sputum" | "wound" | "throat" | "csf" | "stool" | "tissue" | "other")[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      const n = node as Record<string, unknown>;
      if (n["kind"] === "is" && (n["value"] as { kind?: string; field?: string } | undefined)?.kind === "culture" && typeof n["word"] === "string") found.add(n["word"]);
      Object.values(n).forEach(walk);
    }
  };
  walk(guideline.rules);
  walk(guideline.defines);
  walk(guideline.resistances);
  return (found.size > 0 ? [...found].sort() : ["urine"]) as ("urine")[];
}

/** The dimensions a condition (with the defines it uses) depends on. */
export function dimensionsUsedBy(expr: ir.Expr, guideline: GuidelineIR): Set<string> {
  const out = new Set<string>();
  const counted = countedScores(guideline);
  walkCondition(expr, guideline, {
    intoScore: (id) => !counted.has(id),
    expr: (e) => {
      if (e.kind === "allergic") out.add("allergies");
      else if (e.kind === "exists") out.add("history");
    },
    value: (v) => {
      switch (v.kind) {
        case "patient":
          out.add(v.field === "age" ? "age" : v.field === "sex" ? "sex" : v.field === "weight" ? "weight" : v.field === "setting" ? "setting" : "pregnancy");
          break;
        case "diagnosis":
          out.add("diagnosis");
          break;
        case "observation":
          out.add(`observation:${v.id}`);
          break;
        case "finding":
          out.add(`finding:${v.id}`);
          break;
        case "onset":
          if (v.of.kind === "finding") out.add(`finding:${v.of.id}`);
          else out.add("diagnosis");
          out.add(`onset:${v.of.kind}:${v.of.id}`);
          break;
        case "score":
          if (counted.has(v.id) || guideline.scores.find((sc) => sc.id === v.id)?.kind === "recorded") out.add(`score:${v.id}`);
          break;
        case "course":
        case "culture":
        case "susceptibility":
          out.add("history");
          break;
        default:
          break;
      }
    },
  });
  return out;
}

/** A fully-specified patient of the space: the point chosen on each dimension. */
export interface Cell {
  readonly points: ReadonlyMap<string, Point>;
  readonly context: PatientContextInput;
  /** True when every dimension has a recorded value (no "not recorded"). */
  readonly complete: boolean;
}

/** The neutral context every cell starts from: nothing known except empty lists and the first setting. */
export function baseContext(guideline: GuidelineIR): Context {
  return { patient: {}, setting: guideline.guideline.settings[0]!, diagnoses: [], allergies: [], orders: [], microbiology: [], observations: [], findings: [] };
}

/** The number of cells the product of `names` would have (counting only recorded values with `knownOnly`). */
export function cellCount(dims: ReadonlyMap<string, Dimension>, names: readonly string[], knownOnly = false): number {
  return names.reduce((n, name) => n * Math.max(1, dims.get(name)?.points.filter((p) => !knownOnly || p.known).length ?? 1), 1);
}

/**
 * Every cell of the product of the named dimensions (others left at the neutral base), at `now`.
 * With `knownOnly`, only recorded values are used (no "not recorded" points).
 */
export function* cells(guideline: GuidelineIR, dims: ReadonlyMap<string, Dimension>, names: readonly string[], now: string, knownOnly = false): Generator<Cell> {
  const chosen = names
    .map((n) => dims.get(n))
    .filter((d): d is Dimension => d !== undefined)
    .map((d) => (knownOnly ? { ...d, points: d.points.filter((p) => p.known) } : d));
  const at = parseInstant(now);
  const index = chosen.map(() => 0);
  if (chosen.some((d) => d.points.length === 0)) return;
  for (;;) {
    const context = baseContext(guideline);
    const points = new Map<string, Point>();
    chosen.forEach((d, i) => {
      const p = d.points[index[i]!]!;
      points.set(d.name, p);
      p.apply(context, at);
    });
    yield { points, context: structuredClone(context), complete: [...points.values()].every((p) => p.known) };
    let k = chosen.length - 1;
    while (k >= 0) {
      index[k]!++;
      if (index[k]! < chosen[k]!.points.length) break;
      index[k] = 0;
      k--;
    }
    if (k < 0) return;
  }
}

/** The dimensions every rule condition of a guideline depends on. */
export function ruleDimensions(guideline: GuidelineIR): Set<string> {
  const out = new Set<string>();
  for (const rule of guideline.rules) dimensionsUsedBy(rule.when, guideline).forEach((d) => out.add(d));
  return out;
}

/** The dimensions every condition (rules, options, defines) of a guideline depends on. */
export function allDimensions(guideline: GuidelineIR): Set<string> {
  const out = new Set<string>();
  for (const c of conditionsOf(guideline)) dimensionsUsedBy(c, guideline).forEach((d) => out.add(d));
  return out;
}
