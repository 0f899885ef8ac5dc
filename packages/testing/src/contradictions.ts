/**
 * Contradictions between guidelines: one patient for whom two loaded guidelines say opposite
 * things in the Decision a clinician sees. Three kinds: for one course, one guideline recommends an
 * outcome (an alert's `recommends`, a switch to oral, a de-escalation) another contradicts (change
 * against continue, stop against anything else); one guideline offers a drug another rules out for
 * this patient (an allergy, a contraindication, a resistant culture); one advises no antibiotic
 * while another prescribes one.
 *
 * `contradictionsIn` reads them off a Decision. `findContradictions` looks for a witness: for each
 * pair of guidelines with rules that say such things and can fire for one patient (a shared setting,
 * diagnosis code, age and weight), it cuts the patient space by the thresholds of those rules
 * (cells.ts) and evaluates one patient per region with both guidelines loaded, as a host would run them.
 */
import { evaluate, prepare, type Decision, type GuidelineIR, type PatientContextInput } from "@steward/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { cellCount, cells, dimensionsOf, dimensionsUsedBy, type Cell } from "./cells.js";
import { distinctPoints, type ScopedCondition } from "./distinct-points.js";
import { domainOf, offeredContraindications } from "./domains.js";
import { neverTogetherAcross } from "./exclusive.js";
import { toScenario } from "./to-scenario.js";

/** Outcomes for one course that can both be right: continuing the same antibiotic, by mouth. */
const compatible: readonly (readonly [string, string])[] = [["continue", "switch-to-oral"]];

function agree(a: string, b: string): boolean {
  return a === b || compatible.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

/** One contradiction in a Decision. */
export interface Contradiction {
  readonly guidelines: readonly [string, string];
  readonly message: string;
}

/** What one guideline says should happen to one course, and where it says it. */
interface Stance {
  readonly guideline: string;
  readonly outcome: string;
  readonly said: string;
}

/** The contradictions between guidelines in one Decision (the alerts shown, not those held back). */
export function contradictionsIn(decision: Decision): Contradiction[] {
  const out: Contradiction[] = [];
  const seen = new Set<string>();
  const add = (a: string, b: string, message: string): void => {
    if (a === b || seen.has(message)) return;
    seen.add(message);
    out.push({ guidelines: [a, b].sort() as [string, string], message });
  };

  // 1. Opposite outcomes for one course.
  const stances = new Map<string, Stance[]>();
  const stance = (order: string | undefined, s: Stance): void => {
    if (order !== undefined) stances.set(order, [...(stances.get(order) ?? []), s]);
  };
  for (const a of decision.alerts) if (a.recommends !== undefined) stance(a.concerns?.order?.id, { guideline: a.provenance.guideline, outcome: a.recommends, said: `alert ${a.key} (${a.priority})` });
  for (const a of decision.actions) {
    if (a.kind === "switch-to-oral") stance(a.concerns?.order?.id, { guideline: a.provenance.guideline, outcome: "switch-to-oral", said: `a switch to oral ${a.to.id}` });
    if (a.kind === "de-escalate") stance(a.concerns?.order?.id, { guideline: a.provenance.guideline, outcome: "change", said: `a de-escalation to ${a.to.map((d) => d.id).join(", ")}` });
  }
  for (const [order, list] of stances) {
    for (const x of list) {
      for (const y of list) {
        if (x.guideline < y.guideline && !agree(x.outcome, y.outcome)) add(x.guideline, y.guideline, `for order ${order}, ${x.guideline} recommends ${x.outcome} (${x.said}) and ${y.guideline} recommends ${y.outcome} (${y.said})`);
      }
    }
  }

  // 2. A drug offered by one guideline and ruled out for this patient by another.
  for (const t of decision.treatments) {
    for (const e of decision.excluded) {
      if (e.drug.id === t.drug.id && e.because !== "condition" && e.because !== "unknown") {
        add(t.provenance.guideline, e.provenance.guideline, `${t.provenance.guideline} offers ${t.drug.id} and ${e.provenance.guideline} rules it out (${e.because}: ${e.reason})`);
      }
    }
  }

  // 3. No antibiotic against an antibiotic.
  for (const s of decision.strategies.filter((x) => x.kind === "no-antibiotic")) {
    for (const t of decision.treatments) add(s.provenance.guideline, t.provenance.guideline, `${s.provenance.guideline} advises no antibiotic and ${t.provenance.guideline} offers ${t.drug.id}`);
  }
  return out;
}

/** A patient for whom two guidelines contradict each other. */
export interface ContradictionFinding {
  readonly guidelines: readonly [string, string];
  readonly message: string;
  readonly witness: PatientContextInput;
  readonly witnessDescription: string;
}

/** What the search across guidelines found, and how much it checked. */
export interface Contradictions {
  readonly at: string;
  readonly findings: readonly ContradictionFinding[];
  /** The pairs of guidelines compared: those sharing a setting with rules that can contradict each other's. */
  readonly pairs: readonly (readonly [string, string])[];
  readonly cellsChecked: number;
  /**
   * Pairs whose space was larger than `maxCells`, so the last facts were held at their neutral value:
   * there the search was cut short and finding nothing proves nothing. Empty when every space was whole.
   */
  readonly cutShort: readonly { readonly guidelines: readonly [string, string]; readonly facts: readonly string[]; readonly regions: number }[];
}

/** `node` with every define and parameter reference prefixed with `prefix`, so two guidelines' names cannot clash. */
function prefixed<T>(node: T, prefix: string): T {
  return JSON.parse(JSON.stringify(node), (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || !("kind" in v) || !("id" in v) || (v.kind !== "define" && v.kind !== "parameter")) return v;
    return { ...v, id: `${prefix}${String(v.id)}` };
  }) as T;
}

type Rule = GuidelineIR["rules"][number];

/** Rules that recommend an outcome for a course: an alert that `recommends` one, or a suggestion. */
const takesAStance = (r: Rule): boolean => r.alerts.some((a) => a.recommends !== undefined) || r.actions.some((a) => a.kind === "suggest");
const offers = (r: Rule): boolean => r.treatments.length > 0;
const advisesNoAntibiotic = (r: Rule): boolean => r.strategies.some((s) => s.kind === "no-antibiotic");

/**
 * The rules of each guideline that can contradict the other's: stances on a course against
 * stances, options against options (one may rule out what the other offers), and "no antibiotic"
 * against options. Empty when the two cannot contradict each other.
 */
function opposing(a: GuidelineIR, b: GuidelineIR): [Rule[], Rule[]] {
  const pick = (x: GuidelineIR, y: GuidelineIR): Rule[] =>
    x.rules.filter(
      (r) =>
        (takesAStance(r) && y.rules.some(takesAStance)) ||
        (offers(r) && y.rules.some((o) => offers(o) || advisesNoAntibiotic(o))) ||
        (advisesNoAntibiotic(r) && y.rules.some(offers)),
    );
  return [pick(a, b), pick(b, a)];
}

/**
 * Both guidelines in one, only for finding the regions (never evaluated as a guideline): each
 * guideline's defines and parameters are prefixed (`g1-`, `g2-`) so their names cannot clash, and
 * only `rules` of each are kept.
 */
function merged(a: GuidelineIR, aRules: readonly Rule[], b: GuidelineIR, bRules: readonly Rule[]): GuidelineIR {
  const own = (g: GuidelineIR, rules: readonly Rule[], p: string): GuidelineIR => {
    // Contraindications and resistances matter only where options are compared.
    const options = rules.some(offers);
    const renamed = prefixed({ rules: [...rules], defines: g.defines, contraindications: options ? g.contraindications : [], resistances: options ? g.resistances : [] }, p);
    return { ...g, ...renamed, defines: renamed.defines.map((d) => ({ ...d, id: `${p}${d.id}` })), parameters: g.parameters.map((x) => ({ ...x, id: `${p}${x.id}` })) };
  };
  const [x, y] = [own(a, aRules, "g1-"), own(b, bRules, "g2-")];
  const byId = <T extends { id: string }>(l: readonly T[], r: readonly T[]): T[] => [...new Map([...l, ...r].map((i) => [i.id, i])).values()];
  return {
    ...x,
    sources: byId(x.sources, y.sources),
    codeLists: byId(x.codeLists, y.codeLists),
    observations: byId(x.observations, y.observations),
    findings: byId(x.findings, y.findings),
    drugs: byId(x.drugs, y.drugs),
    classes: byId(x.classes, y.classes),
    parameters: [...x.parameters, ...y.parameters],
    defines: [...x.defines, ...y.defines],
    rules: [...x.rules, ...y.rules],
    contraindications: [...x.contraindications, ...y.contraindications],
    resistances: [...x.resistances, ...y.resistances],
    guideline: { ...x.guideline, settings: x.guideline.settings.filter((s) => y.guideline.settings.includes(s)) },
  };
}

/** Looks for patients for whom two of `guidelines` contradict each other; at most one witness per contradiction message shape. */
export function findContradictions(guidelines: readonly GuidelineIR[], options: { readonly now?: string; readonly maxCells?: number } = {}): Contradictions {
  const now = options.now ?? "2026-01-01T12:00:00Z";
  const limit = options.maxCells ?? 200_000;
  const findings: ContradictionFinding[] = [];
  const pairs: [string, string][] = [];
  const cutShort: { guidelines: [string, string]; facts: string[]; regions: number }[] = [];
  let checked = 0;
  const sorted = [...guidelines].sort((x, y) => (x.guideline.id < y.guideline.id ? -1 : 1));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const [a, b] = [sorted[i]!, sorted[j]!];
      // Only rules that can fire for one patient together with a rule of the other guideline: two
      // guidelines for different diagnoses, settings or ages are not crossed at all.
      const [aOpposing, bOpposing] = opposing(a, b);
      const aRules = aOpposing.filter((x) => bOpposing.some((y) => !neverTogetherAcross(x.when, a, y.when, b)));
      const bRules = bOpposing.filter((y) => aRules.some((x) => !neverTogetherAcross(x.when, a, y.when, b)));
      if (aRules.length === 0 || bRules.length === 0) continue;
      pairs.push([a.guideline.id, b.guideline.id]);
      const prepared = prepare([a, b]);
      if (isLeft(prepared)) continue;
      const both = merged(a, aRules, b, bRules);
      const conditions: ScopedCondition[] = [
        ...both.rules.flatMap((r) => [r.when, ...r.treatments.flatMap((t) => (t.onlyIf ? [t.onlyIf] : []))].map((expr) => ({ expr, forEach: r.forEach, citations: r.citations }))),
        ...offeredContraindications(both).map((c) => ({ expr: c.when, forEach: [] as const, citations: c.citations })),
        ...both.resistances.map((r) => ({ expr: r.when, forEach: ["culture" as const], citations: r.citations })),
      ];
      const used = new Set<string>(["diagnosis", "setting"]);
      for (const c of conditions) dimensionsUsedBy(c.expr, both).forEach((d) => used.add(d));
      const dims = dimensionsOf(both, domainOf(both));
      // Allergies and history act on options and suggestions without a condition: they stay whole.
      const keep = ["allergies", "history", ...[...used].filter((n) => n === "age" || n === "weight" || n.startsWith("observation:"))];
      const space = distinctPoints(both, dims, [...used].filter((n) => dims.has(n)).sort(), conditions, { now, keep });
      let names = space.names;
      while (cellCount(space.dims, names) > limit && names.length > 1) names = names.slice(0, -1);
      if (names.length < space.names.length) cutShort.push({ guidelines: [a.guideline.id, b.guideline.id], facts: space.names.slice(names.length), regions: cellCount(space.dims, space.names) });
      const found = new Map<string, { contradiction: Contradiction; cell: Cell }>();
      for (const cell of cells(both, space.dims, names, now)) {
        checked++;
        const decision = evaluate(prepared.right, cell.context, { now });
        if (isLeft(decision)) continue;
        for (const c of contradictionsIn(decision.right)) {
          // One witness for each kind of contradiction between the pair, however many regions show it.
          const shape = c.message.replace(/order \S+/g, "order").replace(/\([^()]*\)/g, "");
          if (!found.has(shape)) found.set(shape, { contradiction: c, cell });
        }
      }
      for (const { contradiction, cell } of found.values()) {
        findings.push({ ...contradiction, witness: cell.context, witnessDescription: [...cell.points.values()].map((p) => p.label).join(", ") });
      }
    }
  }
  return { at: now, findings, pairs, cellsChecked: checked, cutShort };
}

/** The search as text, each contradiction with its witness as a scenario ready to paste into a test file. */
export function renderContradictions(result: Contradictions, guidelines: readonly GuidelineIR[]): string {
  const n = result.findings.length;
  const compared = result.pairs.map(([a, b]) => `${a} and ${b}`).join("; ");
  const lines = [
    `analysis across guidelines: ${n} contradiction${n === 1 ? "" : "s"} (${compared || "no pairs that could contradict each other"} compared; ${result.cellsChecked} patient regions checked ${result.cutShort.length === 0 ? "exactly" : "in part"})`,
    ...result.cutShort.map((c) => `  cut short: for ${c.guidelines.join(" and ")}, a space of ${c.regions} regions was over the limit, so ${c.facts.join(", ")} ${c.facts.length === 1 ? "was" : "were"} held at a neutral value there`),
  ];
  for (const f of result.findings) {
    lines.push("", `CONTRADICTION: ${f.message}`, `  witness: ${f.witnessDescription}`, "  as a scenario:");
    for (const l of toScenario(`contradiction: ${f.guidelines.join(", ")}`, f.witness, result.at, guidelines).split("\n")) lines.push(`    ${l}`);
  }
  return lines.join("\n");
}
