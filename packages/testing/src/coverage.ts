/**
 * Coverage of a guideline by its scenario tests: which rules fired, which treatment options were
 * offered, and which way every condition came out — true, false and (where the data can be missing)
 * unknown. Conditions are identified by their place in the guideline, the ids the trace carries.
 * The guideline's own conditions count: its rules, its options' gates, its resistances and the
 * defines they use. A contraindication is formulary data, checked wherever its drug is used: it
 * counts once, as checked, for each drug the guideline offers.
 */
import type { GuidelineIR, ir } from "@steward/core";
import { traceNodes, type SuiteResult } from "./run-scenarios.js";
import { walkCondition } from "./walk.js";
import { offeredContraindications } from "./domains.js";

/** One thing coverage counts, and whether a test exercised it. */
export interface CoverageItem {
  readonly kind: "rule" | "outcome" | "branch" | "check";
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
  (v.kind === "course" && (v.field === "route" || v.field === "status" || v.field === "indication" || v.field === "indicated")) ||
  (v.kind === "culture" && v.field === "specimen");

/**
 * Whether a condition can come out unknown: not a `known` test, not one over values that are always
 * recorded, and not "X is known and X", which is false when X is unknown.
 */
function canBeUnknown(expr: ir.Expr, guideline: GuidelineIR): boolean {
  switch (expr.kind) {
    case "known":
      return false;
    case "not":
      return canBeUnknown(expr.arg, guideline);
    case "or":
      return expr.args.some((a) => canBeUnknown(a, guideline));
    case "and": {
      const checked = expr.args.flatMap((a) => (a.kind === "known" && !a.negated ? [JSON.stringify(a.value)] : []));
      return expr.args.some((a) => canBeUnknown(a, guideline) && !(a.kind === "truth" && checked.includes(JSON.stringify(a.value))));
    }
    case "truth":
      if (expr.value.kind === "define") {
        const id = expr.value.id;
        const body = guideline.defines.find((d) => d.id === id)?.expr;
        return body === undefined || canBeUnknown(body, guideline);
      }
      return !neverUnknownValues(expr.value);
    case "compare":
      return !(neverUnknownValues(expr.left) && neverUnknownValues(expr.right));
    case "between":
      return ![expr.value, expr.low, expr.high].every(neverUnknownValues);
    case "is":
    case "in":
      return !neverUnknownValues(expr.value);
    default:
      return true;
  }
}

function leavesOf(expr: ir.Expr, path: string, owner: string, out: Leaf[], guideline: GuidelineIR): void {
  switch (expr.kind) {
    case "and":
    case "or":
      expr.args.forEach((a, i) => leavesOf(a, `${path}/${i}`, owner, out, guideline));
      return;
    case "not":
      leavesOf(expr.arg, `${path}/0`, owner, out, guideline);
      return;
    case "exists":
      out.push({ id: path, text: expr.text, owner, canBeUnknown: true });
      if (expr.where) leavesOf(expr.where, `${path}/where`, owner, out, guideline);
      return;
    case "known":
    case "compare":
    case "between":
    case "is":
    case "in":
    case "truth":
    case "allergic":
      out.push({ id: path, text: expr.text, owner, canBeUnknown: canBeUnknown(expr, guideline) });
      return;
  }
}

/** Every condition leaf of a guideline, with where it sits: its rules, options and resistances, and the defines they use. */
function leaves(guideline: GuidelineIR): Leaf[] {
  const out: Leaf[] = [];
  const own: ir.Expr[] = [];
  for (const s of guideline.scores) {
    if (s.kind !== "computed") continue;
    s.criteria.forEach((c, i) => {
      leavesOf(c.condition, `score:${s.id}/${i}`, `score ${s.id}`, out, guideline);
      own.push(c.condition);
    });
  }
  for (const rule of guideline.rules) {
    leavesOf(rule.when, `${rule.id}/when`, `rule ${rule.id}`, out, guideline);
    own.push(rule.when);
    rule.treatments.forEach((t, i) => {
      if (t.onlyIf) {
        leavesOf(t.onlyIf, `${rule.id}/option-${i}/only-if`, `${t.rank} choice ${t.drug} in rule ${rule.id}`, out, guideline);
        own.push(t.onlyIf);
      }
    });
  }
  for (const r of guideline.resistances) {
    leavesOf(r.when, `resistance:${r.id}/when`, `resistance ${r.id}`, out, guideline);
    own.push(r.when);
  }
  const used = definesUsed(own, guideline);
  for (const d of guideline.defines) if (used.has(d.id)) leavesOf(d.expr, `define:${d.id}`, `define ${d.id}`, out, guideline);
  return out;
}

/** The defines some of `exprs` use, directly or through other defines. */
function definesUsed(exprs: readonly ir.Expr[], guideline: GuidelineIR): Set<string> {
  const used = new Set<string>();
  for (const e of exprs) walkCondition(e, guideline, { value: (v) => void (v.kind === "define" && used.add(v.id)) });
  return used;
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
      for (const c of offeredContraindications(guideline)) {
        const id = `contraindication:${c.id}/when`;
        // A condition made of parts is traced by its parts, so any node under the row's condition counts.
        const checked = [...outcomes.keys()].some((k) => k === id || k.startsWith(`${id}/`));
        items.push({ kind: "check", id, description: `contraindication ${c.id} was never checked for an option`, covered: checked });
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
