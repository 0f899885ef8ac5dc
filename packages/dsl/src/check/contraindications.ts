/**
 * Checks contraindications and resistances, the rows the evaluator reads for treatment options and
 * order checks alike, and lowers each to IR. Both are written with rule clauses; this file says
 * which clauses each holds and how many of each.
 */
import { findUnit, type ir } from "@steward/core";
import type * as ast from "../ast.js";
import { elaborateCondition } from "./conditions.js";
import { Deps, type Checker, type Elaborated, type Symbol } from "./context.js";
import { citations, conditionEnv } from "./declarations.js";
import { checkAlert, checkTemplate } from "./rules.js";

type Clause = ast.RuleClause["kind"];

/** For each declaration kind: the clauses it holds, and how many of each (`[min, max]`). */
const allowed: Record<"contraindication" | "resistance", Partial<Record<Clause, readonly [number, number]>>> = {
  contraindication: { cite: [1, Infinity], when: [1, 1], alert: [1, 1], "if-unknown": [0, 1], unverified: [0, 1] },
  resistance: { cite: [1, Infinity], when: [0, 1], window: [1, 1], alert: [1, 1] },
};

const clauseWords: Record<Clause, string> = {
  cite: "cite",
  when: "when",
  alert: "alert",
  "if-unknown": "if unknown",
  unverified: "unverified",
  window: "window",
  strategy: "strategy",
  choice: "a treatment choice",
  offer: "offer",
  advice: "advice",
  leaflet: "leaflet",
  review: "review",
  refer: "refer",
  request: "request",
  "for-each": "for each",
  suggest: "suggest",
};

/** Reports clauses a declaration does not hold, and clauses missing or given too often; false if any. */
function checkClauses(checker: Checker, decl: ast.ContraindicationDecl | ast.ResistanceDecl): boolean {
  const table = allowed[decl.kind];
  let ok = true;
  for (const clause of decl.clauses) {
    if (table[clause.kind] === undefined) {
      checker.report("check/conflicting-clauses", clause.span, `a ${decl.kind} cannot hold \`${clauseWords[clause.kind]}\``, `it holds ${Object.keys(table).map((k) => `\`${clauseWords[k as Clause]}\``).join(", ")}`);
      ok = false;
    }
  }
  if (checker.hasSyntaxErrorIn(decl.span)) return false;
  for (const [kind, [min, max]] of Object.entries(table) as [Clause, readonly [number, number]][]) {
    const found = decl.clauses.filter((c) => c.kind === kind);
    if (found.length > max) {
      checker.report("check/conflicting-clauses", found[max]!.span, `a ${decl.kind} has one \`${clauseWords[kind]}\``);
      ok = false;
    } else if (found.length < min) {
      const code = kind === "cite" ? "check/missing-citation" : kind === "when" ? "check/rule-without-condition" : "check/missing-field";
      checker.report(code, decl.name.span, `${decl.kind} \`${decl.name.text}\` has no \`${clauseWords[kind]}\``, hints[kind]);
      ok = false;
    }
  }
  return ok;
}

const hints: Partial<Record<Clause, string>> = {
  cite: 'add `cite <source> "section"` naming the text that states it',
  when: "say when it applies: `when egfr < 45 mL/min/1.73m2`",
  alert: 'say what an order of the drug raises: `alert high "…"`',
  window: 'say how long a result counts for, as the source states it (`window 3 months`), or `window unstated "why"` when it gives no limit',
};

/** Checks a contraindication and lowers it; undefined when it has errors (all reported). */
function lowerContraindication(checker: Checker, file: string, decl: ast.ContraindicationDecl, deps: Deps): ir.Contraindication | undefined {
  let ok = checkClauses(checker, decl);
  const target = checker.resolve(file, decl.target, ["drug", "class"], "a drug or drug class", "check/drug-not-in-formulary");
  if (!target) ok = false;
  else deps.add(target);
  const env = conditionEnv(checker, file, deps);
  const whenClause = decl.clauses.find((c): c is ast.WhenClause => c.kind === "when");
  const when = whenClause ? elaborateCondition(whenClause.expr, env) : undefined;
  // An order alert names the order, so `{course …}` placeholders are allowed in its message.
  const template = (t: ast.Text): string => {
    if (!checkTemplate(checker, t, ["course"], "a contraindication is checked against orders, not")) ok = false;
    return t.value;
  };
  const alertClause = decl.clauses.find((c): c is ast.AlertClause => c.kind === "alert");
  const alert = alertClause ? checkAlert(checker, alertClause, decl.name.text, template) : undefined;
  const ifUnknown = decl.clauses.find((c): c is ast.IfUnknownClause => c.kind === "if-unknown");
  const unverified = decl.clauses.find((c): c is ast.UnverifiedClause => c.kind === "unverified");
  const cited = citations(checker, file, decl.clauses, deps);
  if (!ok || target === undefined || when === undefined || alert === undefined || cited === undefined) return undefined;
  return {
    id: decl.name.text,
    target: { kind: target.decl.kind, id: target.decl.name.text },
    when,
    alert,
    ifUnknown: ifUnknown?.action ?? "withhold",
    ...(ifUnknown?.note ? { unknownNote: ifUnknown.note.value } : {}),
    citations: cited,
    ...(unverified ? { unverified: unverified.why.value } : {}),
  };
}

/** Checks a resistance and lowers it; undefined when it has errors (all reported). */
function lowerResistance(checker: Checker, file: string, decl: ast.ResistanceDecl, deps: Deps): ir.Resistance | undefined {
  let ok = checkClauses(checker, decl);
  // The condition says which cultures count, so it reads `culture …` fields of each in turn;
  // without one, every culture counts.
  const env = { ...conditionEnv(checker, file, deps), subjects: ["culture" as const] };
  const whenClause = decl.clauses.find((c): c is ast.WhenClause => c.kind === "when");
  const when: ir.Expr | undefined = whenClause ? elaborateCondition(whenClause.expr, env) : { kind: "and", args: [] };
  const template = (t: ast.Text): string => {
    if (!checkTemplate(checker, t, ["course", "culture"], "a resistance is checked against orders and cultures, not")) ok = false;
    return t.value;
  };
  const alertClause = decl.clauses.find((c): c is ast.AlertClause => c.kind === "alert");
  const alert = alertClause ? checkAlert(checker, alertClause, decl.name.text, template) : undefined;
  const windowClause = decl.clauses.find((c): c is ast.WindowClause => c.kind === "window");
  let window: ir.Resistance["window"] | undefined;
  if (windowClause?.length !== undefined) {
    const unit = windowClause.length.unit === undefined ? undefined : findUnit(windowClause.length.unit);
    if (unit?.dimension !== "time" || Number(windowClause.length.number) <= 0) {
      checker.report("check/unit-dimension", windowClause.length.span, "a window is a length of time, such as `3 months`");
    } else window = { kind: "within", length: { value: Number(windowClause.length.number), unit: unit.symbol } };
  } else if (windowClause !== undefined) {
    if (windowClause.word?.text !== "unstated") {
      checker.report("check/unknown-word", windowClause.word?.span ?? windowClause.span, "a window is a length of time, or `unstated` with why", 'write `window 3 months` or `window unstated "the source gives no time limit"`');
    } else if (windowClause.note === undefined) {
      checker.report("check/missing-field", windowClause.span, "`window unstated` needs to say why", 'write `window unstated "NICE gives no time limit for previous results"`');
    } else window = { kind: "unstated", note: windowClause.note.value };
  }
  const cited = citations(checker, file, decl.clauses, deps);
  if (!ok || when === undefined || alert === undefined || window === undefined || cited === undefined) return undefined;
  return { id: decl.name.text, when, window, alert, citations: cited };
}

/** Checks a contraindication or resistance and lowers it, with the declarations it refers to. */
export function elaborateClaused(checker: Checker, sym: Symbol & { decl: ast.ContraindicationDecl | ast.ResistanceDecl }): Elaborated<ir.Contraindication | ir.Resistance> | undefined {
  const deps = new Deps();
  const lowered = sym.decl.kind === "contraindication" ? lowerContraindication(checker, sym.file, sym.decl, deps) : lowerResistance(checker, sym.file, sym.decl, deps);
  return lowered === undefined ? undefined : { ir: lowered, deps: deps.all };
}
