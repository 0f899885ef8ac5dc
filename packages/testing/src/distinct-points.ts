/**
 * Patients no condition can tell apart are one region. The dimensions of a space fall into groups:
 * two dimensions are in one group when some indivisible part of a condition (a comparison, `any
 * course where …`, `x is known` of a define) reads both. Each condition is then made of parts that
 * each read one group only, so two combinations of a group's values that give every such part the
 * same answer (true, false or unknown) decide every condition the same way, and one of them stands
 * for both. A group becomes one dimension whose points are those representatives: six findings read
 * only through `a or b or … or f` give three points instead of 729. A recorded value never stands
 * for a missing one, and the dimensions in `keep` are left as they are.
 */
import { evaluate, parseInstant, prepare, type GuidelineIR, type ir } from "@steward/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { baseContext, dimensionsUsedBy, type Dimension, type Point } from "./cells.js";

/** A condition and what it is evaluated for: each course, culture or pair of them, or the patient. */
export interface ScopedCondition {
  readonly expr: ir.Expr;
  readonly forEach: readonly ("course" | "culture")[];
  readonly citations: readonly ir.Citation[];
}

/** A part of a condition that can be split further, into the parts it combines. */
function partsOf(expr: ir.Expr, defines: ReadonlyMap<string, ir.Expr>): readonly ir.Expr[] | undefined {
  if (expr.kind === "and" || expr.kind === "or") return expr.args;
  if (expr.kind === "not") return [expr.arg];
  if (expr.kind === "truth" && expr.value.kind === "define") {
    const body = defines.get(expr.value.id);
    return body === undefined ? undefined : [body];
  }
  return undefined;
}

/** The groups of `names` that indivisible parts of `conditions` read together. */
function groupsOf(guideline: GuidelineIR, names: readonly string[], conditions: readonly ScopedCondition[], defines: ReadonlyMap<string, ir.Expr>): string[][] {
  const parent = new Map(names.map((n) => [n, n]));
  const find = (n: string): string => {
    let root = n;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(n, root);
    return root;
  };
  const visit = (expr: ir.Expr): void => {
    const split = partsOf(expr, defines);
    if (split !== undefined) return split.forEach(visit);
    const read = [...dimensionsUsedBy(expr, guideline)].filter((d) => parent.has(d));
    for (const d of read.slice(1)) parent.set(find(d), find(read[0]!));
  };
  conditions.forEach((c) => visit(c.expr));
  const groups = new Map<string, string[]>();
  for (const n of names) groups.set(find(n), [...(groups.get(find(n)) ?? []), n]);
  return [...groups.values()];
}

/** The largest parts of `condition` that read only dimensions of `group` (and some of them). */
function partsReading(condition: ScopedCondition, group: readonly string[], varied: ReadonlySet<string>, guideline: GuidelineIR, defines: ReadonlyMap<string, ir.Expr>): ScopedCondition[] {
  const out: ScopedCondition[] = [];
  const visit = (expr: ir.Expr): void => {
    const read = [...dimensionsUsedBy(expr, guideline)].filter((d) => varied.has(d));
    if (read.length === 0) return;
    if (read.every((d) => group.includes(d))) out.push({ ...condition, expr });
    else partsOf(expr, defines)?.forEach(visit);
  };
  visit(condition.expr);
  return out;
}

const TRUE: ir.Expr = { kind: "and", args: [] };

/** A rule that fires when `expr` is true, for the same subjects as the condition it came from. */
function probe(id: string, condition: ScopedCondition, expr: ir.Expr): ir.Rule {
  return { id, forEach: [...condition.forEach], citations: [...condition.citations], when: expr, strategies: [], treatments: [], advice: [], leaflets: [], alerts: [], actions: [] };
}

/** Every combination of the points of `dims`, as lists of points. */
function* combinations(dims: readonly Dimension[]): Generator<Point[]> {
  if (dims.length === 0) {
    yield [];
    return;
  }
  for (const p of dims[0]!.points) for (const rest of combinations(dims.slice(1))) yield [p, ...rest];
}

/** Groups are merged only when their combinations are this few, since each is evaluated once. */
const MAX_COMBINATIONS = 20_000;

/**
 * The space of `names` over `dims` with each group of dimensions `conditions` read together made one
 * dimension of the combinations they can tell apart. Dimensions in `keep`, and groups holding one,
 * stay as they are; a group of one dimension keeps its name.
 */
export function distinctPoints(
  guideline: GuidelineIR,
  dims: ReadonlyMap<string, Dimension>,
  names: readonly string[],
  conditions: readonly ScopedCondition[],
  options: { readonly now: string; readonly keep?: readonly string[] },
): { dims: Map<string, Dimension>; names: string[] } {
  const defines = new Map(guideline.defines.map((d) => [d.id, d.expr]));
  const varied = new Set(names.filter((n) => dims.has(n)));
  const at = parseInstant(options.now);
  const out = new Map(dims);
  const outNames: string[] = [];
  for (const group of groupsOf(guideline, [...varied], conditions, defines)) {
    const members = group.map((n) => dims.get(n)!);
    const size = members.reduce((n, d) => n * d.points.length, 1);
    const parts = conditions.flatMap((c) => partsReading(c, group, varied, guideline, defines));
    if (group.some((n) => options.keep?.includes(n)) || parts.length === 0 || size > MAX_COMBINATIONS) {
      outNames.push(...group);
      continue;
    }
    // Each part as a rule that fires when it is true, one that fires when it is false, and one
    // that fires whenever there is something to evaluate it for.
    const rules = parts.flatMap((part, i) => [probe(`part-${i}-true`, part, part.expr), probe(`part-${i}-false`, part, { kind: "not", arg: part.expr }), probe(`part-${i}-subject`, part, TRUE)]);
    const prepared = prepare([{ ...guideline, rules, contraindications: [], resistances: [] }]);
    if (isLeft(prepared)) {
      outNames.push(...group);
      continue;
    }
    const seen = new Map<string, Point[]>();
    for (const combination of combinations(members)) {
      const context = baseContext(guideline);
      for (const p of combination) p.apply(context, at);
      const decision = evaluate(prepared.right, context, { now: options.now });
      const fired = isLeft(decision) ? ["rejected"] : decision.right.guidelines.flatMap((g) => g.rulesApplied).sort();
      const key = `${combination.every((p) => p.known)}|${fired.join(",")}`;
      if (!seen.has(key)) seen.set(key, combination);
    }
    const name = group.join(" & ");
    const points = [...seen.values()].map(
      (combination): Point => ({
        label: combination.map((p) => p.label).join(", "),
        known: combination.every((p) => p.known),
        apply: (context, now) => combination.forEach((p) => p.apply(context, now)),
      }),
    );
    out.set(name, { name, points });
    outNames.push(name);
  }
  return { dims: out, names: outNames };
}
