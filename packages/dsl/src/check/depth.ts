/**
 * How deeply defines and scores build on each other. Before anything is elaborated, the chains of
 * defines and scores naming defines and scores are measured from the syntax, iteratively: one longer
 * than the `defineDepth` limit is reported and left out, and the rest are elaborated each after what
 * it names, so elaboration never recurses along a chain. After elaboration every condition is measured
 * as the evaluator will run it (`conditionDepth` from core), defines and scores counted in.
 */
import { conditionDepth, maxConditionDepth, type ir } from "@steward/core";
import type * as ast from "../ast.js";
import type { Checker, Elaborated, Symbol } from "./context.js";

type NamedDecl = ast.DefineDecl | ast.ScoreDecl;

/** The conditions a define or score is made of. */
function conditionsOf(decl: NamedDecl): readonly ast.Expr[] {
  return decl.kind === "define" ? [decl.expr] : decl.entries.flatMap((e) => (e.kind === "criterion" ? [e.expr] : []));
}

/** The names read anywhere in a condition (`ref` values), in the order written. */
function namesRead(node: unknown, out: ast.Name[] = []): ast.Name[] {
  if (node === null || typeof node !== "object") return out;
  const n = node as { kind?: unknown; name?: ast.Name };
  if (n.kind === "ref" && n.name !== undefined) out.push(n.name);
  for (const [key, value] of Object.entries(node)) if (key !== "span") namesRead(value, out);
  return out;
}

/**
 * Every define and score of the program, each after the defines and scores it names. Those on a
 * chain longer than the limit are reported (at the first past it) and marked as failed, so they
 * are never elaborated.
 */
export function orderDefines(checker: Checker): Symbol[] {
  const named = new Map<NamedDecl, Symbol>();
  for (const file of checker.program.files.values()) {
    for (const item of file.ast.items) {
      if (item.kind !== "define" && item.kind !== "score") continue;
      const sym = checker.lookup(file.path, item.name.text);
      if (sym?.decl === item) named.set(item, sym);
    }
  }
  const uses = (sym: Symbol): Symbol[] =>
    namesRead(conditionsOf(sym.decl as NamedDecl)).flatMap((name) => {
      const target = checker.lookup(sym.file, name.text);
      return target !== undefined && (target.decl.kind === "define" || target.decl.kind === "score") ? [target] : [];
    });
  const chain = new Map<Symbol, number>();
  const order: Symbol[] = [];
  const onStack = new Set<Symbol>();
  // On a cycle, or building on one: left to elaboration in file order, which reports the cycle
  // where it closes; its chain is bounded by the limit like any other.
  const cyclic = new Set<Symbol>();
  for (const start of named.values()) {
    if (chain.has(start)) continue;
    const stack = [{ sym: start, next: uses(start) }];
    onStack.add(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const dep = top.next.pop();
      if (dep !== undefined) {
        // Marking the name that closes a cycle marks, as the stack unwinds, all that build on it.
        if (onStack.has(dep)) cyclic.add(top.sym);
        else if (!chain.has(dep)) {
          onStack.add(dep);
          stack.push({ sym: dep, next: uses(dep) });
        }
        continue;
      }
      stack.pop();
      onStack.delete(top.sym);
      const deps = uses(top.sym);
      if (deps.some((d) => cyclic.has(d))) cyclic.add(top.sym);
      chain.set(top.sym, 1 + deps.reduce((deepest, d) => Math.max(deepest, chain.get(d) ?? 0), 0));
      order.push(top.sym);
    }
  }
  const limit = checker.program.limits.defineDepth;
  for (const sym of order) {
    const length = chain.get(sym)!;
    if (length <= limit) continue;
    if (length === limit + 1) {
      checker.report(
        "check/define-too-deep",
        sym.decl.name.span,
        `\`${sym.decl.name.text}\` is built on a chain of ${length} defines and scores, each naming the next; at most ${limit} may be chained`,
        "write some of the chain out in one condition, or raise the `defineDepth` limit",
      );
    }
    checker.results.set(sym.decl, null);
  }
  return order.filter((sym) => !cyclic.has(sym));
}

/**
 * Reports every condition the evaluator could not run because, counting the defines and scores it
 * names, it nests deeper than `maxConditionDepth`: at the first define or score past it, and at each
 * rule, contraindication or resistance that goes past it with its own conditions.
 */
export function checkConditionDepths(checker: Checker, order: readonly Symbol[]): void {
  const depths = new Map<ast.Item, number>();
  const depthIn = (file: string) => (key: string): number => {
    const decl = checker.lookup(file, key.slice(key.indexOf(":") + 1))?.decl;
    return decl === undefined ? 0 : (depths.get(decl) ?? 0);
  };
  const tooDeep = (sym: Symbol, depth: number): void =>
    checker.report(
      "check/define-too-deep",
      sym.decl.name.span,
      `counting the defines and scores it names, the condition of \`${sym.decl.name.text}\` nests ${depth} levels deep; the evaluator runs at most ${maxConditionDepth}`,
      "write some of it without the defines it names, or split it into rules",
    );
  const deep = new Set<Symbol>();
  for (const sym of order) {
    const result = checker.results.get(sym.decl);
    if (result === undefined || result === null || result === "busy") continue;
    const conditions = sym.decl.kind === "define" ? [(result.ir as ir.Define).expr] : sym.decl.kind === "score" ? scoreConditions(result.ir as ir.Score) : [];
    const depth = conditions.reduce((deepest, e) => Math.max(deepest, conditionDepth(e, depthIn(sym.file))), 0);
    depths.set(sym.decl, depth);
    if (depth <= maxConditionDepth) continue;
    deep.add(sym);
    if (![...result.deps].some((d) => deep.has(d))) tooDeep(sym, depth);
  }
  for (const file of checker.program.files.values()) {
    for (const item of file.ast.items) {
      if (item.kind !== "rule" && item.kind !== "contraindication" && item.kind !== "resistance") continue;
      const result = checker.results.get(item) as Elaborated<ir.Rule | ir.Contraindication | ir.Resistance> | null | undefined;
      if (result === undefined || result === null || [...result.deps].some((d) => deep.has(d))) continue;
      const roots = "treatments" in result.ir ? [result.ir.when, ...result.ir.treatments.flatMap((t) => (t.onlyIf ? [t.onlyIf] : []))] : [result.ir.when];
      const depth = roots.reduce((deepest, e) => Math.max(deepest, conditionDepth(e, depthIn(file.path))), 0);
      if (depth > maxConditionDepth) tooDeep({ decl: item, file: file.path }, depth);
    }
  }
}

function scoreConditions(score: ir.Score): ir.Expr[] {
  return score.kind === "computed" ? score.criteria.map((c) => c.condition) : [];
}
