/**
 * `analyze`: finds, with a witness patient for each, where a guideline has a gap (a covered
 * diagnosis and no recommendation), a conflict (two rules that fire together and disagree), a rule
 * that can never fire, a rule shadowed by another, or a threshold that leaves values uncovered.
 *
 * How it works: the patient space is cut into regions by the guideline's own thresholds (cells.ts);
 * one representative patient per region is evaluated with the real evaluator, which makes the
 * answer exact over ages, lab values, weights, sex, pregnancy, findings and diagnoses. Conditions
 * over courses and cultures are not enumerated; for rules that use them, generated patients
 * (focused on the guideline) are searched instead. Every witness is evaluated again before it is
 * reported, so it really shows the finding.
 */
import fc from "fast-check";
import { evaluate, prepare, regimenText, type Decision, type Evaluator, type GuidelineIR, type ir, type PatientContextInput } from "@steward/core";
import { guidelineHash } from "@steward/core/content-hash";
import { isLeft } from "fp-ts/lib/Either.js";
import { focusedContext } from "./arbitraries.js";
import { cellCount, cells, dimensionsOf, dimensionsUsedBy, representativeCourseDrug, type Cell, type Dimension } from "./cells.js";
import { distinctPoints, type ScopedCondition } from "./distinct-points.js";
import { diagnosisListsRead, walkCondition } from "./walk.js";
import { domainOf, offeredContraindications } from "./domains.js";
import { neverTogether } from "./exclusive.js";
import { toScenario } from "./to-scenario.js";

/** One thing the analysis found. */
export interface AnalysisFinding {
  readonly kind: "gap" | "threshold-gap" | "conflict" | "unreachable" | "shadowed";
  readonly message: string;
  readonly rules: readonly string[];
  /** A patient that shows the finding (absent for `unreachable`, which is a proof that none exists). */
  readonly witness?: PatientContextInput;
  /** The witness in words: the value it has on each dimension the analysis varied. */
  readonly witnessDescription?: string;
  /** `exact` when every region was checked; `search` when generated patients were searched. */
  readonly method: "exact" | "search";
}

/** What the analysis found, and how much it checked. */
export interface Analysis {
  readonly guideline: string;
  readonly at: string;
  readonly findings: readonly AnalysisFinding[];
  /** Patient regions evaluated, summed over all the analysis's passes. */
  readonly cellsChecked: number;
  readonly patientsSearched: number;
  readonly dimensions: readonly string[];
  /**
   * Rules that never fired but read facts the regions do not vary (a trend, a course review, …),
   * so the analysis cannot say whether they can fire; each with the facts it could not vary.
   */
  readonly unproven: readonly { readonly rule: string; readonly reads: readonly string[] }[];
  /**
   * Spaces larger than `maxCells`, whose last facts were held at their neutral value: within them
   * the search was cut short, so "nothing found" there is not a proof. Empty when every space was
   * enumerated whole.
   */
  readonly cutShort: readonly { readonly facts: readonly string[]; readonly regions: number }[];
}

/** How far to look. */
export interface AnalyzeOptions {
  readonly now?: string;
  /** The most regions to check exactly before falling back to search (default 200,000). */
  readonly maxCells?: number;
  /** Generated patients to search for rules exact enumeration cannot reach (default 3,000). */
  readonly searchRuns?: number;
  readonly seed?: number;
  /** Called after each patient evaluated, with how many have been so far: analysis can take seconds. */
  readonly progress?: (patientsEvaluated: number) => void;
}

interface RuleFacts {
  readonly id: string;
  readonly hasStrategy: boolean;
  readonly noAntibiotic: boolean;
  readonly refers: boolean;
  /** drug → the texts of its regimens, per rank, as `rank:drug` → joined regimen texts. */
  readonly options: ReadonlyMap<string, string>;
  readonly firstChoices: ReadonlySet<string>;
}

/** An option's regimens, and the drugs given with it, as one text: two rules giving the same drug differently disagree. */
function optionText(t: GuidelineIR["rules"][number]["treatments"][number]): string {
  const companions = t.combinedWith.map((c) => ` with ${c.drug} ${c.regimens.map(regimenText).join(" | ")}${c.addIf !== undefined ? ` if ${c.addIf}` : ""}`);
  return t.regimens.map(regimenText).join(" | ") + companions.join("");
}

function factsOf(guideline: GuidelineIR): Map<string, RuleFacts> {
  return new Map(
    guideline.rules.map((r) => [
      r.id,
      {
        id: r.id,
        hasStrategy: r.strategies.length > 0,
        noAntibiotic: r.strategies.some((s) => s.kind === "no-antibiotic"),
        refers: r.actions.some((a) => a.kind === "refer"),
        options: new Map(r.treatments.map((t) => [`${t.rank}:${t.drug}`, optionText(t)])),
        firstChoices: new Set(r.treatments.filter((t) => t.rank === "first").map((t) => t.drug)),
      },
    ]),
  );
}

/** A rule with its condition and nothing it recommends: it fires exactly when the rule does. */
function conditionOnly(rule: GuidelineIR["rules"][number]): GuidelineIR["rules"][number] {
  return { ...rule, strategies: [], treatments: [], advice: [], leaflets: [], alerts: [], actions: [] };
}

function fired(decision: Decision): string[] {
  return decision.guidelines.flatMap((g) => g.rulesApplied);
}

/** No treatment (offered, withheld or excluded), no "no antibiotic" strategy and no referral. */
function noRecommendation(decision: Decision): boolean {
  return decision.treatments.length === 0 && decision.withheld.length === 0 && decision.excluded.length === 0 && !decision.strategies.some((s) => s.kind === "no-antibiotic") && !decision.actions.some((a) => a.kind === "refer");
}

/** Why two rules that fire together disagree, or undefined when they do not. */
function disagreement(a: RuleFacts, b: RuleFacts): string | undefined {
  for (const [key, text] of a.options) {
    const other = b.options.get(key) ?? [...b.options].find(([k]) => k.endsWith(`:${key.split(":")[1]}`))?.[1];
    if (other !== undefined && other !== text) return `they give ${key.split(":")[1]} in different regimens (${text} / ${other})`;
  }
  if ((a.noAntibiotic && b.hasStrategy && !b.noAntibiotic) || (b.noAntibiotic && a.hasStrategy && !a.noAntibiotic)) return "one advises no antibiotic and the other prescribes one";
  if (a.hasStrategy && b.hasStrategy && a.firstChoices.size > 0 && b.firstChoices.size > 0) {
    const same = a.firstChoices.size === b.firstChoices.size && [...a.firstChoices].every((d) => b.firstChoices.has(d));
    if (!same) return `they give different first choices (${[...a.firstChoices].join(", ")} / ${[...b.firstChoices].join(", ")})`;
  }
  return undefined;
}

/**
 * A rule's facts with only the options it offers in `decision`: an option its own `only if` rules
 * out (or an allergy, a contraindication, missing data) is not offered to this patient.
 */
function offeredIn(rule: RuleFacts, decision: Decision): RuleFacts {
  const out = new Set([...decision.excluded, ...decision.withheld].filter((e) => e.provenance.rule === rule.id).map((e) => `${e.rank}:${e.drug.id}`));
  const options = new Map([...rule.options].filter(([key]) => !out.has(key)));
  return { ...rule, options, firstChoices: new Set([...rule.firstChoices].filter((d) => options.has(`first:${d}`))) };
}

function describe(cell: Cell): string {
  return [...cell.points.values()].map((p) => p.label).join(", ");
}

/** The part of the patient space some rules depend on: its dimensions, the ones varied, and the conditions deciding them. */
interface Space {
  readonly dims: Map<string, Dimension>;
  readonly names: string[];
  readonly conditions: ScopedCondition[];
  /** Whether options' fate matters (their gates, contraindications and resistances), not only which rules fire. */
  readonly options: boolean;
}

/**
 * The dimensions `rules` depend on (their conditions, and with `options` their option gates,
 * contraindications and resistances; with `gates` their option gates only), over their own thresholds.
 */
function localSpace(guideline: GuidelineIR, rules: readonly GuidelineIR["rules"][number][], options: boolean, exclude: readonly string[] = [], gates = false): Space {
  const sub: GuidelineIR = { ...guideline, rules: [...rules], contraindications: options ? guideline.contraindications : [], resistances: options ? guideline.resistances : [] };
  const dims = dimensionsOf(guideline, domainOf(sub));
  const conditions: ScopedCondition[] = [];
  for (const r of rules) {
    conditions.push({ expr: r.when, forEach: r.forEach, citations: r.citations });
    if (options || gates) for (const t of r.treatments) if (t.onlyIf) conditions.push({ expr: t.onlyIf, forEach: r.forEach, citations: r.citations });
  }
  if (options) {
    for (const c of offeredContraindications(sub)) conditions.push({ expr: c.when, forEach: [], citations: c.citations });
    for (const r of sub.resistances) conditions.push({ expr: r.when, forEach: ["culture"], citations: r.citations });
  }
  const used = new Set<string>(["diagnosis"]);
  for (const c of conditions) dimensionsUsedBy(c.expr, guideline).forEach((d) => used.add(d));
  return { dims, names: [...used].filter((n) => dims.has(n) && !exclude.includes(n)).sort(), conditions, options };
}

/**
 * What a condition reads that no patient region varies: a region has at most one result per
 * observation, no pregnancy details beyond the trimester, courses only of drugs the conditions
 * name or of one representative drug, with no review, and cultures with no organism or collection time.
 */
function unvaried(expr: ir.Expr, guideline: GuidelineIR): string[] {
  const out = new Set<string>();
  const courses = representativeCourseDrug(guideline) !== undefined;
  walkCondition(expr, guideline, {
    expr: (e) => {
      if (e.kind === "exists" && e.subject === "course" && !courses) out.add("courses");
    },
    value: (v) => {
      if (v.kind === "trend") out.add(`trend of ${v.id}`);
      else if (v.kind === "patient" && (v.field === "gestation" || v.field === "breastfeeding")) out.add(v.field);
      else if (v.kind === "course" && (!courses || !["drug", "route", "start", "aware", "status", "indication"].includes(v.field))) out.add(`course ${v.field}`);
      else if (v.kind === "culture" && (v.field === "organism" || v.field === "collected")) out.add(`culture ${v.field}`);
    },
  });
  return [...out].sort();
}

/** Analyses one compiled guideline. */
export function analyze(guideline: GuidelineIR, options: AnalyzeOptions = {}): Analysis {
  const now = options.now ?? "2026-01-01T12:00:00Z";
  const prepared = prepare([guideline]);
  if (isLeft(prepared)) throw new Error(prepared.left.map((d) => d.message).join("; "));
  const evaluator: Evaluator = prepared.right;
  const facts = factsOf(guideline);
  const limit = options.maxCells ?? 200_000;
  let evaluations = 0;
  const run = (context: PatientContextInput): Decision | undefined => {
    const d = evaluate(evaluator, context, { now });
    options.progress?.(++evaluations);
    return isLeft(d) ? undefined : d.right;
  };
  // Which rules fire depends on their conditions alone, so reachability, shadowing and conflicts
  // evaluate a copy of the guideline without the rules' outcomes, and remember each patient's answer:
  // the spaces of several rules and pairs share most of their regions.
  const conditions = { ...guideline, rules: guideline.rules.map(conditionOnly), contraindications: [], resistances: [] };
  const firing = prepare([{ ...conditions, contentHash: guidelineHash(conditions) }]);
  if (isLeft(firing)) throw new Error(firing.left.map((d) => d.message).join("; "));
  const firedIn = new Map<string, readonly string[] | undefined>();
  const fire = (context: PatientContextInput): readonly string[] | undefined => {
    const key = JSON.stringify(context);
    if (firedIn.has(key)) return firedIn.get(key);
    const d = evaluate(firing.right, context, { now });
    options.progress?.(++evaluations);
    const rules = isLeft(d) ? undefined : fired(d.right);
    firedIn.set(key, rules);
    return rules;
  };
  let checked = 0;
  // What each part of a condition comes to over each group of facts, shared by all the spaces below.
  const groups = new Map<string, ReadonlyMap<string, string>>();
  /** Facts a space had to hold at their neutral value because it was too large, with the space's size. */
  const held: { facts: string[]; regions: number }[] = [];
  // Patients no condition tells apart are one region. The diagnosis stays as it is, and with
  // `report` so do numeric dimensions, for the gap reports; allergies and history also rule options out
  // without a condition (allergy matching, resistant results), so they stay whole when options matter.
  const distinct = (space: Space, report: boolean): { dims: Map<string, Dimension>; names: string[] } => {
    const keep = [...(report ? space.names.filter(numeric) : []), "diagnosis", ...(space.options ? ["allergies", "history"] : [])];
    return distinctPoints(guideline, space.dims, space.names, space.conditions, { now, keep, cache: groups });
  };
  const regionsOf = ({ dims, names }: { dims: Map<string, Dimension>; names: string[] }, knownOnly: boolean): Generator<Cell> => {
    let n = [...names];
    while (cellCount(dims, n, knownOnly) > limit && n.length > 1) n = n.slice(0, -1);
    if (n.length < names.length) held.push({ facts: names.slice(n.length), regions: cellCount(dims, names, knownOnly) });
    return cells(guideline, dims, n, now, knownOnly);
  };
  // Only the rules decide whether a region gets a recommendation, so the rules that fire settle most
  // regions without a full evaluation: with none firing there is nothing (allergies, courses and
  // cultures are held at none), and a rule for the patient as a whole that offers a drug, advises no
  // antibiotic or refers always leaves something (an option is offered, withheld or excluded).
  const recommendsWhenFired = new Set(guideline.rules.filter((r) => r.forEach.length === 0 && (r.treatments.length > 0 || r.strategies.some((x) => x.kind === "no-antibiotic") || r.actions.some((a) => a.kind === "refer"))).map((r) => r.id));
  const visitGaps = (space: { dims: Map<string, Dimension>; names: string[] }, body: (cell: Cell, rules: readonly string[], gap: boolean) => void): void => {
    for (const cell of regionsOf(space, true)) {
      checked++;
      const rules = fire(cell.context);
      if (rules === undefined || rules.some((r) => recommendsWhenFired.has(r))) continue;
      if (rules.length === 0) body(cell, rules, true);
      else {
        const decision = run(cell.context);
        if (decision !== undefined) body(cell, rules, noRecommendation(decision));
      }
    }
  };
  const visitFiring = (space: { dims: Map<string, Dimension>; names: string[] }, body: (cell: Cell, rules: readonly string[]) => boolean | void): void => {
    for (const cell of regionsOf(space, false)) {
      checked++;
      const rules = fire(cell.context);
      if (rules !== undefined && body(cell, rules) === true) return;
    }
  };
  const findings: AnalysisFinding[] = [];
  const allNames = new Set<string>();

  // 1. Reachability and shadowing: each rule over its own dimensions.
  const reached = new Set<string>();
  const companions = new Map<string, Set<string>>();
  const witnessOf = new Map<string, Cell>();
  // The diagnoses each rule fired with, and the rules whose own space was enumerated whole: such a
  // rule never fires for a diagnosis it did not fire with here.
  const firedWith = new Map<string, Set<string>>();
  const whole = new Set<string>();
  for (const rule of guideline.rules) {
    const space = localSpace(guideline, [rule], false);
    space.names.forEach((n) => allNames.add(n));
    const cut = held.length;
    visitFiring(distinct(space, false), (cell, rules) => {
      const diagnosis = cell.points.get("diagnosis")?.label ?? "";
      for (const r of rules) {
        reached.add(r);
        firedWith.set(r, (firedWith.get(r) ?? new Set<string>()).add(diagnosis));
      }
      if (!rules.includes(rule.id)) return;
      if (!witnessOf.has(rule.id)) witnessOf.set(rule.id, cell);
      const others = new Set(rules.filter((x) => x !== rule.id));
      const previous = companions.get(rule.id);
      companions.set(rule.id, previous === undefined ? others : new Set([...previous].filter((x) => others.has(x))));
    });
    if (held.length === cut && unvaried(rule.when, guideline).length === 0) whole.add(rule.id);
  }

  const listsOf = new Map(guideline.rules.map((r) => [r, diagnosisListsRead(r.when, guideline)] as const));

  // 2. Conflicts: each pair of rules that prescribe, over the dimensions of both.
  const prescribing = guideline.rules.filter((r) => r.treatments.length > 0 || r.strategies.length > 0);
  for (let i = 0; i < prescribing.length; i++) {
    for (let j = i + 1; j < prescribing.length; j++) {
      const a = prescribing[i]!;
      const b = prescribing[j]!;
      // A region has one diagnosis: rules for two different diagnoses never apply together.
      const listsA = listsOf.get(a)!;
      const listsB = listsOf.get(b)!;
      if (listsA.size > 0 && listsB.size > 0 && ![...listsA].some((l) => listsB.has(l))) continue;
      // Nor do rules for different settings, ages, weights or score bands.
      if (neverTogether(a.when, b.when, guideline)) continue;
      // Rules whose outcomes cannot disagree never conflict, wherever they fire together.
      const why = disagreement(facts.get(a.id)!, facts.get(b.id)!);
      if (why === undefined) continue;
      // Conflicts compare the rules' own outcomes, so only the dimensions deciding whether both fire
      // matter, and the gates of their options: an option its own `only if` rules out for a patient
      // is not offered to them, so it disagrees with nothing there.
      const gated = [a, b].some((r) => r.treatments.some((t) => t.onlyIf !== undefined));
      visitFiring(distinct(localSpace(guideline, [a, b], false, [], gated), false), (cell, rules) => {
        if (!rules.includes(a.id) || !rules.includes(b.id)) return false;
        const decision = gated ? run(cell.context) : undefined;
        if (gated && decision === undefined) return false;
        const reason = decision === undefined ? why : disagreement(offeredIn(facts.get(a.id)!, decision), offeredIn(facts.get(b.id)!, decision));
        if (reason === undefined) return false;
        findings.push({ kind: "conflict", message: `rules ${a.id} and ${b.id} both apply and ${reason}`, rules: [a.id, b.id], witness: cell.context, witnessDescription: describe(cell), method: "exact" });
        return true;
      });
    }
  }

  // 3. Gaps: every region with complete data and a covered diagnosis, for each code list of
  // diagnoses over the dimensions of the rules that can recommend something for it. Regions that
  // differ only in age, lab values or scores are reported once, listing them.
  const recommending = guideline.rules.filter((r) => r.treatments.length > 0 || r.strategies.length > 0 || r.actions.some((a) => a.kind === "refer"));
  for (const list of domainOf(guideline).diagnosisLists) {
    const rules = recommending.filter((r) => listsOf.get(r)!.size === 0 || listsOf.get(r)!.has(list));
    if (rules.length === 0) continue;
    // Rules shown above never to fire for this diagnosis (NG120's read pneumonia only to leave it
    // out) add nothing here; with none left, every patient with it is one gap.
    const label = `diagnosis in ${list}`;
    const possible = rules.filter((r) => !whole.has(r.id) || firedWith.get(r.id)?.has(label) === true);
    const varied = localSpace(guideline, possible.length > 0 ? possible : rules, true, ["history", "allergies"]);
    if (possible.length === 0) varied.names.splice(0, varied.names.length, "diagnosis");
    const diagnosis = varied.dims.get("diagnosis")!;
    varied.dims.set("diagnosis", { ...diagnosis, points: diagnosis.points.filter((p) => p.label === label) });
    varied.names.forEach((n) => allNames.add(n));
    const space = distinct(varied, true);
    const room = 25 - findings.filter((f) => f.kind === "gap" || f.kind === "threshold-gap").length;
    findings.push(...gapsIn(space, (body) => visitGaps(space, body)).slice(0, Math.max(0, room)));
  }

  // 4. Search for rules no region reached, then report the ones still unreached.
  const unreached = guideline.rules.map((r) => r.id).filter((r) => !reached.has(r));
  let searched = 0;
  if (unreached.length > 0) {
    const samples = fc.sample(focusedContext(guideline, { now, missingRate: 0.05 }), { numRuns: options.searchRuns ?? 3000, seed: options.seed ?? 1 });
    for (const context of samples) {
      searched++;
      for (const r of fire(context) ?? []) reached.add(r);
      if (unreached.every((r) => reached.has(r))) break;
    }
  }
  const unproven: { rule: string; reads: string[] }[] = [];
  for (const r of unreached) {
    if (reached.has(r)) continue;
    const rule = guideline.rules.find((x) => x.id === r)!;
    // Not firing in any region proves nothing for a rule that reads facts the regions do not vary.
    const reads = unvaried(rule.when, guideline);
    if (reads.length > 0) {
      unproven.push({ rule: r, reads });
      continue;
    }
    const { names } = localSpace(guideline, [rule], false);
    findings.push({ kind: "unreachable", message: `rule ${r} can never fire: no combination of ${names.join(", ")} makes its condition true${searched > 0 ? `, nor did any of ${searched} generated patients` : ""}`, rules: [r], method: "exact" });
  }

  // 5. Shadowed: a rule that only fires together with another that already offers all it offers, the same way.
  for (const [r, with_] of companions) {
    const own = facts.get(r)!;
    if (own.options.size === 0) continue;
    for (const s of [...with_].sort()) {
      const other = facts.get(s)!;
      if ([...own.options].every(([key, text]) => other.options.get(key) === text)) {
        const cell = witnessOf.get(r)!;
        findings.push({ kind: "shadowed", message: `rule ${r} is shadowed by ${s}: it only fires when ${s} does, and ${s} already offers everything ${r} offers`, rules: [r, s], witness: cell.context, witnessDescription: describe(cell), method: "exact" });
        break;
      }
    }
  }

  // A shadowed rule's conflict with another rule is reported once, through the rule that shadows it.
  const shadowedBy = new Map(findings.filter((f) => f.kind === "shadowed").map((f) => [f.rules[0]!, f.rules[1]!]));
  const pair = (x: string, y: string): string => [x, y].sort().join(" ");
  const conflicts = new Set(findings.filter((f) => f.kind === "conflict").map((f) => pair(f.rules[0]!, f.rules[1]!)));
  const repeated = (f: AnalysisFinding): boolean =>
    f.kind === "conflict" &&
    f.rules.some((r, i) => {
      const by = shadowedBy.get(r);
      return by !== undefined && conflicts.has(pair(by, f.rules[1 - i]!));
    });

  // invariant: every reported witness still shows its finding when evaluated on its own
  const confirmed = findings.filter((f) => !repeated(f)).filter((f) => {
    if (f.witness === undefined) return true;
    const d = run(f.witness);
    if (d === undefined) return false;
    if (f.kind === "gap" || f.kind === "threshold-gap") return noRecommendation(d);
    return f.rules.every((r) => fired(d).includes(r));
  });
  const order = { conflict: 0, gap: 1, "threshold-gap": 2, unreachable: 3, shadowed: 4 } as const;
  return {
    guideline: guideline.guideline.id,
    at: now,
    findings: confirmed.sort((a, b) => order[a.kind] - order[b.kind]),
    cellsChecked: checked,
    patientsSearched: searched,
    dimensions: [...allNames].sort(),
    unproven,
    cutShort: held,
  };
}

const numeric = (name: string): boolean => name === "age" || name === "weight" || name.startsWith("observation:") || name.startsWith("score:") || name.startsWith("onset:");

/**
 * The gaps of one patient space: regions with complete data and a covered diagnosis that get no
 * recommendation, grouped so that regions differing only in numeric facts are one gap, and a gap
 * found for every recorded value of a dimension is one gap without it. `visit` enumerates the
 * space's recorded regions with their decisions.
 */
function gapsIn(space: { dims: Map<string, Dimension>; names: string[] }, visit: (body: (cell: Cell, rules: readonly string[], gap: boolean) => void) => void): AnalysisFinding[] {
  type Gap = { kind: "gap" | "threshold-gap"; cell: Cell; rules: string[]; between: string | undefined; fixed: Map<string, string>; values: Map<string, Set<string>> };
  const gaps = new Map<string, Gap>();
  visit((cell, rules, gap) => {
    const diagnosis = cell.points.get("diagnosis");
    if (!cell.complete || !diagnosis?.label.startsWith("diagnosis in") || !gap) return;
    const between = [...cell.points.entries()].find(([name, p]) => numeric(name) && /^\S+ \d+\.\d+/.test(p.label))?.[1].label;
    const key = [...cell.points.entries()].filter(([name]) => !numeric(name)).map(([, p]) => p.label).join("|") + (between ? `|${between}` : "");
    const fixed = new Map([...cell.points].filter(([name]) => !numeric(name)).map(([name, p]) => [name, p.label]));
    const group = gaps.get(key) ?? { kind: between ? "threshold-gap" : "gap", cell, rules: [...rules], between, fixed, values: new Map<string, Set<string>>() };
    for (const [name, p] of cell.points) if (numeric(name)) group.values.set(name, (group.values.get(name) ?? new Set<string>()).add(p.label));
    gaps.set(key, group);
  });
  let merged = [...gaps.values()];
  for (const name of space.names.filter((n) => !numeric(n) && n !== "diagnosis")) {
    const values = space.dims.get(name)!.points.filter((p) => p.known).length;
    const buckets = new Map<string, Gap[]>();
    for (const g of merged) {
      const key = [...g.fixed].filter(([n]) => n !== name).map(([, label]) => label).join("|") + `|${g.between ?? ""}`;
      buckets.set(key, [...(buckets.get(key) ?? []), g]);
    }
    merged = [...buckets.values()].flatMap((bucket): Gap[] => {
      if (new Set(bucket.map((g) => g.fixed.get(name))).size < values) return bucket;
      const union = new Map<string, Set<string>>();
      for (const g of bucket) for (const [n, v] of g.values) union.set(n, new Set([...(union.get(n) ?? []), ...v]));
      return [{ ...bucket[0]!, fixed: new Map([...bucket[0]!.fixed].filter(([n]) => n !== name)), values: union }];
    });
  }
  return merged.map((g): AnalysisFinding => {
    const diagnosis = g.fixed.get("diagnosis")!;
    const where = [...g.fixed].filter(([name]) => name !== "diagnosis").map(([, label]) => label);
    const ranges = [...g.values.entries()].filter(([name]) => name === "age" || name.startsWith("score:") || (g.between !== undefined && g.between.startsWith(name.slice("observation:".length)))).map(([, v]) => [...v].join(" / "));
    return {
      kind: g.kind,
      message:
        g.kind === "threshold-gap"
          ? `${g.between} falls between the guideline's thresholds: a patient with ${diagnosis}${where.length > 0 ? ` (${where.join(", ")})` : ""} and this value gets no recommendation`
          : `a patient with ${diagnosis}${where.length > 0 ? ` (${where.join(", ")})` : ""} gets no recommendation${ranges.length > 0 ? ` at ${ranges.join("; ")}` : ""}`,
      rules: g.rules,
      witness: g.cell.context,
      witnessDescription: describe(g.cell),
      method: "exact",
    };
  });
}

/** The analysis as text, each finding with its witness as a scenario ready to paste into a test file. */
export function renderAnalysis(analysis: Analysis, guidelines: readonly GuidelineIR[]): string {
  const lines = [
    `analysis of ${analysis.guideline}: ${analysis.findings.length} finding${analysis.findings.length === 1 ? "" : "s"}`,
    `  checked ${analysis.cutShort.length === 0 ? "exactly" : "in part"}: ${analysis.cellsChecked} patient regions over ${analysis.dimensions.join(", ")}${analysis.patientsSearched > 0 ? `; searched ${analysis.patientsSearched} generated patients` : ""}`,
    ...analysis.cutShort.map((c) => `  cut short: a space of ${c.regions} regions was over the limit, so ${c.facts.join(", ")} ${c.facts.length === 1 ? "was" : "were"} held at a neutral value there`),
    ...analysis.unproven.map((u) => `  not checked: rule ${u.rule} never fired, but it reads ${u.reads.join(", ")}, which the analysis does not vary`),
  ];
  for (const f of analysis.findings) {
    lines.push("", `${f.kind.toUpperCase()} (${f.method}): ${f.message}`);
    if (f.witnessDescription !== undefined) lines.push(`  witness: ${f.witnessDescription}`);
    if (f.witness !== undefined) {
      lines.push("  as a scenario:");
      for (const l of toScenario(`${f.kind}: ${f.rules.join(", ") || analysis.guideline}`, f.witness, analysis.at, guidelines).split("\n")) lines.push(`    ${l}`);
    }
  }
  return lines.join("\n");
}
