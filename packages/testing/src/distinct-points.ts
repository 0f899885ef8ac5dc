/**
 * Patients no condition can tell apart are one region. The dimensions of a space fall into groups:
 * two dimensions are in one group when some indivisible part of a condition (a comparison, `any
 * course where …`, `x is known` of a define) reads both, or when they are read nowhere but inside
 * one part (`a and b and c and d`). Each condition is then made of parts that each read one group
 * only, so two combinations of a group's values that give every such part the same answer (true,
 * false or unknown) decide every condition the same way, and one of them stands for both. A group
 * becomes one dimension whose points are those representatives: six findings read only through
 * `a or b or … or f` give three points instead of 729. A recorded value never stands for a missing
 * one, and the dimensions in `keep` are left as they are.
 */
import { evaluate, parseInstant, prepare, type GuidelineIR, type ir } from "@steward/core";
import { isLeft } from "fp-ts/lib/Either.js";
import { guidelineHash } from "@steward/core/content-hash";
import { baseContext, dimensionsUsedBy, type Dimension, type Point } from "./cells.js";

/** A condition and what it is evaluated for: each course, culture or pair of them, or the patient. */
export interface ScopedCondition {
  readonly expr: ir.Expr;
  readonly forEach: readonly ("course" | "culture")[];
  readonly citations: readonly ir.Citation[];
}

/** Groups are merged only when their combinations are this few, since each is evaluated once. */
const MAX_COMBINATIONS = 20_000;

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

/**
 * The groups of `names` that must be told apart together: those an indivisible part of a condition
 * reads together, and those read only inside one part (every place any of them is read lies within
 * a copy of that part), which is then evaluated over their combinations as a whole.
 */
function groupsOf(guideline: GuidelineIR, names: readonly string[], conditions: readonly ScopedCondition[], defines: ReadonlyMap<string, ir.Expr>, sizes: ReadonlyMap<string, number>): string[][] {
  const parent = new Map(names.map((n) => [n, n]));
  const find = (n: string): string => {
    let root = n;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(n, root);
    return root;
  };
  const union = (dims: readonly string[]): void => {
    for (const d of dims.slice(1)) parent.set(find(d), find(dims[0]!));
  };
  const read = (expr: ir.Expr): string[] => [...dimensionsUsedBy(expr, guideline)].filter((d) => parent.has(d));
  const leaves: { dims: string[]; within: ReadonlySet<string> }[] = [];
  const parts = new Map<string, string[]>();
  const visit = (expr: ir.Expr, within: ReadonlySet<string>): void => {
    const split = partsOf(expr, defines);
    if (split === undefined) {
      const dims = read(expr);
      union(dims);
      leaves.push({ dims, within });
      return;
    }
    const key = JSON.stringify(expr);
    const dims = read(expr);
    if (dims.length > 1) parts.set(key, dims);
    split.forEach((e) => visit(e, new Set([...within, key])));
  };
  conditions.forEach((c) => visit(c.expr, new Set()));
  // Smallest parts first, and only while the merged group stays small enough to evaluate whole.
  const combinations = (dims: readonly string[]): number => [...new Set(names.filter((n) => dims.some((d) => find(d) === find(n))))].reduce((n, d) => n * sizes.get(d)!, 1);
  for (const [key, dims] of [...parts].sort(([, a], [, b]) => a.length - b.length)) {
    if (leaves.every((l) => !l.dims.some((d) => dims.includes(d)) || l.within.has(key)) && combinations(dims) <= MAX_COMBINATIONS) union(dims);
  }
  const groups = new Map<string, string[]>();
  for (const n of names) groups.set(find(n), [...(groups.get(find(n)) ?? []), n]);
  return [...groups.values()];
}

/** The largest parts of `condition` that read only dimensions of `group` (and some of them). */
function partsReading(condition: ScopedCondition, group: readonly string[], varied: ReadonlySet<string>, guideline: GuidelineIR, defines: ReadonlyMap<string, ir.Expr>): ScopedCondition[] {
  const out: ScopedCondition[] = [];
  const visit = (expr: ir.Expr): void => {
    const all = dimensionsUsedBy(expr, guideline);
    const read = [...all].filter((d) => varied.has(d));
    if (read.length === 0) return;
    // A part that reads no course or culture has the same value for every course and culture, so
    // it is evaluated for the patient: the group's points need not hold a course to be told apart.
    if (read.every((d) => group.includes(d))) out.push({ ...condition, expr, forEach: all.has("history") ? condition.forEach : [] });
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

/** Every combination of one point from each dimension, as the points' indices. */
function* combinations(sizes: readonly number[]): Generator<number[]> {
  if (sizes.length === 0) {
    yield [];
    return;
  }
  for (let i = 0; i < sizes[0]!; i++) for (const rest of combinations(sizes.slice(1))) yield [i, ...rest];
}

type Cache = Map<string, ReadonlyMap<string, string>>;

/**
 * What one part comes to for each combination of the points of the dimensions it reads (keyed by
 * their indices): true, false, unknown, or no subject to evaluate it for, as the probe rules that
 * fire for it. A part's answer depends on those dimensions only, and the same part over the same
 * points comes to the same answers whichever space asks, so they are kept in `cache`. Undefined
 * when the part cannot be evaluated on its own.
 */
function answers(guideline: GuidelineIR, part: ScopedCondition, read: readonly Dimension[], at: number, options: { readonly now: string; readonly cache?: Cache }): ReadonlyMap<string, string> | undefined {
  const key = JSON.stringify([read.map((d) => [d.name, d.points.map((p) => p.label)]), part.expr, part.forEach]);
  const known = options.cache?.get(key);
  if (known !== undefined) return known;
  // A rule that fires when the part is true, one that fires when it is false, and one that fires
  // whenever there is something to evaluate it for.
  const rules = [probe("true", part, part.expr), probe("false", part, { kind: "not", arg: part.expr }), probe("subject", part, TRUE)];
  const probes = { ...guideline, rules, contraindications: [], resistances: [] };
  const prepared = prepare([{ ...probes, contentHash: guidelineHash(probes) }]);
  if (isLeft(prepared)) return undefined;
  const column = new Map<string, string>();
  for (const combination of combinations(read.map((d) => d.points.length))) {
    const context = baseContext(guideline);
    combination.forEach((k, j) => read[j]!.points[k]!.apply(context, at));
    const decision = evaluate(prepared.right, context, { now: options.now });
    column.set(combination.join(","), isLeft(decision) ? "rejected" : decision.right.guidelines.flatMap((g) => g.rulesApplied).sort().join(","));
  }
  options.cache?.set(key, column);
  return column;
}

/**
 * The space of `names` over `dims` with each group of dimensions `conditions` read together made one
 * dimension of the combinations they can tell apart. Dimensions in `keep` stay as they are (and
 * first); a group of one dimension keeps its name.
 */
export function distinctPoints(
  guideline: GuidelineIR,
  dims: ReadonlyMap<string, Dimension>,
  names: readonly string[],
  conditions: readonly ScopedCondition[],
  options: { readonly now: string; readonly keep?: readonly string[]; readonly cache?: Cache },
): { dims: Map<string, Dimension>; names: string[] } {
  const defines = new Map(guideline.defines.map((d) => [d.id, d.expr]));
  const varied = new Set(names.filter((n) => dims.has(n)));
  const at = parseInstant(options.now);
  const out = new Map(dims);
  const outNames: string[] = [];
  // Kept dimensions stay as they are; the others are grouped and merged.
  const mergeable = [...varied].filter((n) => !options.keep?.includes(n));
  outNames.push(...[...varied].filter((n) => options.keep?.includes(n)));
  const sizes = new Map(mergeable.map((n) => [n, dims.get(n)!.points.length]));
  for (const group of groupsOf(guideline, mergeable, conditions, defines, sizes)) {
    const members = group.map((n) => dims.get(n)!);
    const size = members.reduce((n, d) => n * d.points.length, 1);
    const parts = conditions.flatMap((c) => partsReading(c, group, varied, guideline, defines));
    if (parts.length === 0 || size > MAX_COMBINATIONS) {
      outNames.push(...group);
      continue;
    }
    // Each part is evaluated over the members it reads; a point rejected on its own (an
    // implausible value) rejects every combination it is in, whatever the part reads.
    const reads = parts.map((part) => {
      const used = dimensionsUsedBy(part.expr, guideline);
      return members.flatMap((d, j) => (used.has(d.name) ? [j] : []));
    });
    const columns = parts.map((part, i) => answers(guideline, part, reads[i]!.map((j) => members[j]!), at, options));
    const rejected = members.map((d) => d.points.map((p) => answers(guideline, { expr: TRUE, forEach: [], citations: [] }, [{ name: d.name, points: [p] }], at, options)?.get("0") === "rejected"));
    if (columns.some((c) => c === undefined)) {
      outNames.push(...group);
      continue;
    }
    const seen = new Map<string, Point[]>();
    for (const combination of combinations(members.map((d) => d.points.length))) {
      const points = combination.map((k, j) => members[j]!.points[k]!);
      const answer = combination.some((k, j) => rejected[j]![k]) ? "rejected" : columns.map((c, i) => c!.get(reads[i]!.map((j) => combination[j]).join(","))).join(";");
      const key = `${points.every((p) => p.known)}|${answer}`;
      if (!seen.has(key)) seen.set(key, points);
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
