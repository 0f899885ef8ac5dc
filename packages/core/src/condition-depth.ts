/**
 * How deeply a guideline's conditions nest, counting in the conditions of the defines and scores they
 * name. The evaluator runs a condition as nested calls, so `prepare` refuses IR deeper than it can run
 * and the checker refuses rule files that would compile to it; both count with `conditionDepth`.
 */
import type { Expr, GuidelineIR } from "./ir-types.js";

/** The deepest a condition may nest, counting the conditions of the defines and scores it names. */
export const maxConditionDepth = 200;

/** The deepest JSON nesting `prepare` reads; compiled IR stays far inside it. */
export const maxIrDepth = 300;

/** How deep `expr` nests; `named` gives the depth of a define's or a computed score's conditions, by `define:id` or `score:id`. */
export function conditionDepth(expr: Expr, named: (key: string) => number): number {
  switch (expr.kind) {
    case "and":
    case "or":
      return 1 + expr.args.reduce((deepest, arg) => Math.max(deepest, conditionDepth(arg, named)), 0);
    case "not":
      return 1 + conditionDepth(expr.arg, named);
    case "exists":
      return 1 + (expr.where === undefined ? 0 : conditionDepth(expr.where, named));
    default:
      return 1 + namesIn(expr).reduce((deepest, key) => Math.max(deepest, named(key)), 0);
  }
}

/** Every define and score named anywhere in `node`, as `define:id` or `score:id`. */
export function namesIn(node: unknown, out: string[] = []): string[] {
  if (node === null || typeof node !== "object") return out;
  const n = node as { kind?: unknown; id?: unknown };
  if ((n.kind === "define" || n.kind === "score") && typeof n.id === "string") out.push(`${n.kind}:${n.id}`);
  else for (const v of Object.values(node)) namesIn(v, out);
  return out;
}

/**
 * The depth of every define and computed score, and an order where each comes after those it names;
 * or the key of one that names itself through others. Iterative, so a long chain cannot exhaust the stack.
 */
export function namedDepths(ir: GuidelineIR): { readonly depths: ReadonlyMap<string, number>; readonly order: readonly string[] } | { readonly cycle: string } {
  const conditions = new Map<string, readonly Expr[]>();
  for (const d of ir.defines) conditions.set(`define:${d.id}`, [d.expr]);
  for (const s of ir.scores) if (s.kind === "computed") conditions.set(`score:${s.id}`, s.criteria.map((c) => c.condition));
  const depths = new Map<string, number>();
  const order: string[] = [];
  const visiting = new Set<string>();
  const named = (key: string): number => depths.get(key) ?? 0;
  for (const root of conditions.keys()) {
    if (depths.has(root)) continue;
    visiting.add(root);
    const stack = [{ key: root, next: namesIn(conditions.get(root)) }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const dep = top.next.pop();
      if (dep === undefined) {
        stack.pop();
        visiting.delete(top.key);
        depths.set(top.key, conditions.get(top.key)!.reduce((deepest, e) => Math.max(deepest, conditionDepth(e, named)), 0));
        order.push(top.key);
      } else if (visiting.has(dep)) return { cycle: dep };
      else if (!depths.has(dep) && conditions.has(dep)) {
        visiting.add(dep);
        stack.push({ key: dep, next: namesIn(conditions.get(dep)) });
      }
    }
  }
  return { depths, order };
}

/** True when `value` nests deeper than `limit`; iterative, and safe on cyclic objects. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
