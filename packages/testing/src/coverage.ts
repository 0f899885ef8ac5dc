/**
 * Coverage of a guideline by its scenario tests: which rules fired, which treatment options were
 * offered, and which way every condition came out — true, false and (where the data can be missing)
 * unknown. Conditions are identified by their place in the guideline, the ids the trace carries.
 */
import type { GuidelineIR, ir } from "@steward/core";
import { traceNodes, type SuiteResult } from "./run-scenarios.js";

/** One thing coverage counts, and whether a test exercised it. */
export interface CoverageItem {
  readonly kind: "rule" | "outcome" | "branch";
  readonly id: string;
  readonly description: string;
  readonly covered: boolean;
}

/** Coverage of one guideline. */
export interface GuidelineCoverage {
  readonly guideline: string;
  readonly items: readonly CoverageItem[];
}

/** Covered and total counts, and the percentage, of some coverage items. */
export function tally(items: readonly CoverageItem[]): { covered: number; total: number; percent: number } {
  const covered = items.filter((i) => i.covered).length;
  return { covered, total: items.length, percent: items.length === 0 ? 100 : (100 * covered) / items.length };
}

interface Leaf {
  readonly id: string;
  readonly text: string;
  readonly owner: string;
  readonly canBeUnknown: boolean;
}

/**
 * Values that are always recorded, so a condition on them alone is never unknown: constants, the
 * setting, a course's route, and its indications (an order that sends none has none linked).
 */
const neverUnknownValues = (v: ir.Value): boolean =>
  v.kind === "quantity" ||
  v.kind === "parameter" ||
  (v.kind === "patient" && v.field === "setting") ||
  (v.kind === "course" && (v.field === "route" || v.field === "indication" || v.field === "indicated")) ||
  (v.kind === "culture" && v.field === "specimen");

function leavesOf(expr: ir.Expr, path: string, owner: string, out: Leaf[]): void {
  switch (expr.kind) {
    case "and":
    case "or":
      expr.args.forEach((a, i) => leavesOf(a, `${path}/${i}`, owner, out));
      return;
    case "not":
      leavesOf(expr.arg, `${path}/0`, owner, out);
      return;
    case "exists":
      out.push({ id: path, text: expr.text, owner, canBeUnknown: true });
      if (expr.where) leavesOf(expr.where, `${path}/where`, owner, out);
      return;
    case "known":
      out.push({ id: path, text: expr.text, owner, canBeUnknown: false });
      return;
    case "compare":
      out.push({ id: path, text: expr.text, owner, canBeUnknown: !(neverUnknownValues(expr.left) && neverUnknownValues(expr.right)) });
      return;
    case "between":
      out.push({ id: path, text: expr.text, owner, canBeUnknown: ![expr.value, expr.low, expr.high].every(neverUnknownValues) });
      return;
    case "is":
    case "in":
    case "truth":
      out.push({ id: path, text: expr.text, owner, canBeUnknown: !neverUnknownValues(expr.value) });
      return;
    case "allergic":
      out.push({ id: path, text: expr.text, owner, canBeUnknown: true });
      return;
  }
}

/** Every condition leaf of a guideline, with where it sits. */
function leaves(guideline: GuidelineIR): Leaf[] {
  const out: Leaf[] = [];
  for (const d of guideline.defines) leavesOf(d.expr, `define:${d.id}`, `define ${d.id}`, out);
  for (const s of guideline.scores) if (s.kind === "computed") s.criteria.forEach((c, i) => leavesOf(c.condition, `score:${s.id}/${i}`, `score ${s.id}`, out));
  for (const rule of guideline.rules) {
    leavesOf(rule.when, `${rule.id}/when`, `rule ${rule.id}`, out);
    rule.treatments.forEach((t, i) => {
      if (t.onlyIf) leavesOf(t.onlyIf, `${rule.id}/option-${i}/only-if`, `${t.rank} choice ${t.drug} in rule ${rule.id}`, out);
    });
  }
  return out;
}

/** Coverage of each guideline tested by `results` (test files for the same guideline are merged). */
export function coverage(results: readonly SuiteResult[]): GuidelineCoverage[] {
  const byGuideline = new Map<string, { guideline: GuidelineIR; runs: SuiteResult[] }>();
  for (const r of results) {
    const entry = byGuideline.get(r.guideline.guideline.id) ?? { guideline: r.guideline, runs: [] };
    entry.runs.push(r);
    byGuideline.set(r.guideline.guideline.id, entry);
  }
  return [...byGuideline.values()]
    .sort((a, b) => (a.guideline.guideline.id < b.guideline.guideline.id ? -1 : 1))
    .map(({ guideline, runs }) => {
      const fired = new Set<string>();
      const offered = new Set<string>();
      const outcomes = new Map<string, Set<string>>();
      for (const run of runs) {
        for (const result of run.results) {
          const x = result.explanation;
          if (x === undefined) continue;
          for (const g of x.guidelines) {
            for (const rule of g.rules) {
              if (rule.status === "fired") fired.add(rule.rule);
              rule.options.forEach((o, i) => {
                if (o.status === "offered") offered.add(`${rule.rule}/option-${i}`);
              });
            }
          }
          for (const node of traceNodes(x)) {
            if (node.id === undefined) continue;
            const seen = outcomes.get(node.id) ?? new Set<string>();
            seen.add(node.result);
            outcomes.set(node.id, seen);
          }
        }
      }
      const items: CoverageItem[] = [];
      for (const rule of guideline.rules) {
        items.push({ kind: "rule", id: rule.id, description: `rule ${rule.id} never fired`, covered: fired.has(rule.id) });
      }
      for (const rule of guideline.rules) {
        rule.treatments.forEach((t, i) => {
          const id = `${rule.id}/option-${i}`;
          items.push({ kind: "outcome", id, description: `${t.rank} choice ${t.drug} in rule ${rule.id} was never offered`, covered: offered.has(id) });
        });
      }
      for (const leaf of leaves(guideline)) {
        const seen = outcomes.get(leaf.id) ?? new Set<string>();
        const wanted = leaf.canBeUnknown ? ["true", "false", "unknown"] : ["true", "false"];
        for (const w of wanted) {
          items.push({ kind: "branch", id: `${leaf.id}=${w}`, description: `\`${leaf.text}\` (${leaf.owner}) was never ${w}`, covered: seen.has(w) });
        }
      }
      return { guideline: guideline.guideline.id, items };
    });
}
