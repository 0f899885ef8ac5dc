/** Walking a condition of the IR: every expression and every value it reads, through the defines it uses. */
import type { GuidelineIR, ir } from "@steward/core";

/** What to do at each expression and each value of a condition. */
export interface ConditionVisitor {
  readonly expr?: (e: ir.Expr) => void;
  readonly value?: (v: ir.Value) => void;
  /** Whether to walk a computed score's criteria (by default, every score's). */
  readonly intoScore?: (id: string) => boolean;
}

/**
 * Visits `expr`, its parts, and every value they read. A value that stands for another (the date
 * in `time since`) is visited too, and a define's condition, or a computed score's criteria, are
 * walked the first time they are used.
 */
export function walkCondition(expr: ir.Expr, guideline: GuidelineIR, visitor: ConditionVisitor): void {
  const defines = new Map(guideline.defines.map((d) => [d.id, d.expr]));
  const scores = new Map(guideline.scores.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const value = (v: ir.Value): void => {
    visitor.value?.(v);
    if (v.kind === "time-since") value(v.of);
    else if (v.kind === "define" && !seen.has(v.id)) {
      seen.add(v.id);
      const body = defines.get(v.id);
      if (body !== undefined) walk(body);
    } else if (v.kind === "score" && !seen.has(`score:${v.id}`) && (visitor.intoScore?.(v.id) ?? true)) {
      seen.add(`score:${v.id}`);
      const score = scores.get(v.id);
      if (score?.kind === "computed") score.criteria.forEach((c) => walk(c.condition));
    }
  };
  const walk = (e: ir.Expr): void => {
    visitor.expr?.(e);
    switch (e.kind) {
      case "and":
      case "or":
        e.args.forEach(walk);
        break;
      case "not":
        walk(e.arg);
        break;
      case "compare":
        value(e.left);
        value(e.right);
        break;
      case "between":
        [e.value, e.low, e.high].forEach(value);
        break;
      case "is":
      case "known":
      case "in":
      case "truth":
        value(e.value);
        break;
      case "allergic":
        break;
      case "exists":
        if (e.where) walk(e.where);
        break;
    }
  };
  walk(expr);
}

/** The code lists of diagnoses a condition reads (`diagnosis in …`), through its defines. */
export function diagnosisListsRead(expr: ir.Expr, guideline: GuidelineIR): Set<string> {
  const out = new Set<string>();
  walkCondition(expr, guideline, {
    expr: (e) => {
      if (e.kind === "in" && e.value.kind === "diagnosis" && e.set.kind === "code-list") out.add(e.set.id);
    },
  });
  return out;
}
