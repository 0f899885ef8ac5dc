/**
 * Checks treatment choices — in a rule, or in a `choices` block that rules offer — and the drugs
 * given with them, and lowers each to a treatment option of the IR.
 */
import { type ir } from "@steward/core";
import type * as ast from "../ast.js";
import { elaborateCondition, type ConditionEnv } from "./conditions.js";
import { Deps, type Checker, type Elaborated, type Symbol } from "./context.js";
import { conditionEnv, elaborate } from "./declarations.js";
import { elaborateRegimen } from "./regimen.js";

/** The drug a choice or a companion names, lowered; undefined when it is not a formulary drug (reported). */
function formularyDrug(checker: Checker, file: string, name: ast.Name, deps: Deps): { sym: Symbol; drug: ir.Drug | undefined } | undefined {
  const sym = checker.resolve(file, name, ["drug"], "a drug in the formulary", "check/drug-not-in-formulary");
  if (!sym) return undefined;
  deps.add(sym);
  const lowered = elaborate(checker, sym);
  return { sym, drug: lowered === null ? undefined : (lowered.ir as ir.Drug) };
}

/** A regimen and its `or` lines, each checked for `drug`. */
function regimens(checker: Checker, main: ast.RegimenNode, others: readonly ast.OrRegimenClause[], drug: ir.Drug | undefined, name: string): ir.Regimen[] | undefined {
  const out: ir.Regimen[] = [];
  let ok = true;
  const first = elaborateRegimen(checker, main, drug, name);
  if (first) out.push(first);
  else ok = false;
  for (const option of others) {
    const r = elaborateRegimen(checker, option.regimen, drug, name);
    if (r) out.push({ ...r, ...(option.note ? { note: option.note.value } : {}) });
    else ok = false;
  }
  return ok ? out : undefined;
}

/** Checks a treatment choice and lowers it; undefined when it has errors (all reported). */
export function elaborateChoice(checker: Checker, file: string, clause: ast.ChoiceClause, env: ConditionEnv, deps: Deps): ir.TreatmentOption | undefined {
  let ok = true;
  const resolved = formularyDrug(checker, file, clause.drug, deps);
  if (resolved === undefined || resolved.drug === undefined) ok = false;
  let main: ir.Regimen[] | undefined;
  if (clause.regimen === undefined) {
    // A syntax error in the choice may be what cut the dose off; it is reported already.
    if (!checker.hasSyntaxErrorOnLineOf(clause.span)) checker.report("check/missing-field", clause.drug.span, `the choice of \`${clause.drug.text}\` gives no dose`, `write it after the drug: \`${clause.rank} choice ${clause.drug.text} 100 mg oral twice daily for 3 days\``);
    ok = false;
  } else {
    main = regimens(checker, clause.regimen, clause.options.filter((o): o is ast.OrRegimenClause => o.kind === "or-regimen"), resolved?.drug, clause.drug.text);
    if (main === undefined) ok = false;
  }
  let onlyIf: ir.Expr | undefined;
  let onlyIfClause: ast.OnlyIfClause | undefined;
  let ifUnknown: ast.IfUnknownClause | undefined;
  const notes: string[] = [];
  const combinedWith: ir.Companion[] = [];
  let unverified: string | undefined;
  for (const option of clause.options) {
    switch (option.kind) {
      case "or-regimen":
        break;
      case "only-if":
        if (onlyIfClause !== undefined) {
          checker.report("check/conflicting-clauses", option.span, "this choice already has an `only if`", "join the conditions with `and`");
          ok = false;
          break;
        }
        onlyIfClause = option;
        onlyIf = elaborateCondition(option.expr, env);
        if (!onlyIf) ok = false;
        break;
      case "if-unknown":
        if (ifUnknown !== undefined) {
          checker.report("check/conflicting-clauses", option.span, "this choice already says what to do when its condition is unknown");
          ok = false;
        }
        ifUnknown = option;
        break;
      case "note":
        notes.push(option.text.value);
        combinationInNote(checker, file, clause, option);
        break;
      case "unverified": {
        const why = unverifiedNote(checker, option, unverified, "choice");
        if (why === undefined) ok = false;
        else unverified = why;
        break;
      }
      case "with": {
        const companion = elaborateCompanion(checker, file, clause, option, deps);
        if (companion === undefined) ok = false;
        else combinedWith.push(companion);
        break;
      }
    }
  }
  if (ifUnknown !== undefined && onlyIfClause === undefined) {
    checker.report("check/conflicting-clauses", ifUnknown.span, "`if unknown` needs an `only if` condition to apply to");
    ok = false;
  }
  if (!ok || resolved === undefined || main === undefined) return undefined;
  return {
    rank: clause.rank,
    drug: resolved.sym.decl.name.text,
    regimens: main,
    combinedWith,
    ...(onlyIf ? { onlyIf } : {}),
    ifUnknown: ifUnknown === undefined ? "withhold" : ifUnknown.action,
    ...(ifUnknown?.note ? { unknownNote: ifUnknown.note.value } : {}),
    notes,
    ...(unverified !== undefined ? { unverified } : {}),
  };
}

/** An `unverified "why"` of a rule or choice that has none yet; undefined when it is a second one or says nothing (reported). */
export function unverifiedNote(checker: Checker, clause: ast.UnverifiedClause, previous: string | undefined, owner: "rule" | "choice"): string | undefined {
  if (previous !== undefined) {
    checker.report("check/duplicate-field", clause.span, `this ${owner} already says what is unverified`, "say it all in one `unverified`");
    return undefined;
  }
  if (clause.why.value.trim() === "") {
    checker.report("check/missing-field", clause.why.span, "`unverified` says what is not confirmed, and where it comes from");
    return undefined;
  }
  return clause.why.value;
}

/** `with <drug> <regimen> [if "…"]`: a drug given together with the choice's drug, other than itself. */
function elaborateCompanion(checker: Checker, file: string, clause: ast.ChoiceClause, option: ast.WithClause, deps: Deps): ir.Companion | undefined {
  const resolved = formularyDrug(checker, file, option.drug, deps);
  if (resolved === undefined) return undefined;
  let ok = resolved.drug !== undefined;
  if (resolved.sym.decl.name.text === clause.drug.text) {
    checker.report("check/conflicting-clauses", option.drug.span, `\`${clause.drug.text}\` cannot be given with itself`, "give another dose of the same drug as an `or` regimen");
    ok = false;
  }
  if (option.addIf !== undefined && option.addIf.value.trim() === "") {
    checker.report("check/missing-field", option.addIf.span, "an add-on says in words when to add it", 'write, for example, `if "atypical pathogens are suspected"`');
    ok = false;
  }
  const rs = regimens(checker, option.regimen, option.options, resolved.drug, option.drug.text);
  if (rs === undefined || !ok) return undefined;
  return { drug: resolved.sym.decl.name.text, regimens: rs, ...(option.addIf !== undefined ? { addIf: option.addIf.value } : {}) };
}

/**
 * A note that tells the prescriber to give another drug too ("plus clarithromycin …") is a
 * combination written the old way: the Decision cannot show it, check its allergy or dose it.
 */
function combinationInNote(checker: Checker, file: string, clause: ast.ChoiceClause, note: ast.NoteClause): void {
  const text = note.text.value.toLowerCase();
  for (const name of checker.namesOfKind(file, ["drug"])) {
    if (name === clause.drug.text) continue;
    const drugName = (checker.lookup(file, name)?.decl as ast.DrugDecl).title.value.toLowerCase();
    for (const word of new Set([name, drugName])) {
      const at = new RegExp(`\\b(plus|with|add|adding|and|together with|combined with)\\s+${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).exec(text);
      if (at === null) continue;
      checker.report(
        "check/combination-in-note",
        note.text.span,
        `this note gives \`${name}\` with \`${clause.drug.text}\`: write it as a combination`,
        `write \`with ${name} <regimen>\` in the choice's block (add \`if "…"\` for an add-on), so the Decision doses it and checks its allergies`,
        "warning",
      );
      return;
    }
  }
}

/** Checks a `choices` block once (memoised like every declaration); null when it has errors. */
export function elaborateChoices(checker: Checker, sym: Symbol & { decl: ast.ChoicesDecl }): Elaborated<ir.TreatmentOption[]> | null {
  const cached = checker.results.get(sym.decl);
  if (cached === "busy") return null;
  if (cached !== undefined) return cached as Elaborated<ir.TreatmentOption[]> | null;
  checker.results.set(sym.decl, "busy");
  const deps = new Deps();
  const options = lowerChoices(checker, sym.file, sym.decl, conditionEnv(checker, sym.file, deps), deps);
  const value = options === undefined ? null : { ir: options, deps: deps.all };
  checker.results.set(sym.decl, value);
  return value;
}

/** The choices of a block, in the scope of the file that declares it. */
function lowerChoices(checker: Checker, file: string, decl: ast.ChoicesDecl, env: ConditionEnv, deps: Deps): ir.TreatmentOption[] | undefined {
  if (decl.choices.length === 0 && !checker.hasSyntaxErrorIn(decl.span)) {
    checker.report("check/missing-field", decl.name.span, `the choices \`${decl.name.text}\` offer nothing`, "add a treatment choice: `first choice amoxicillin 500 mg oral three times daily for 5 days`");
    return undefined;
  }
  const out: ir.TreatmentOption[] = [];
  let ok = true;
  for (const clause of decl.choices) {
    const option = elaborateChoice(checker, file, clause, env, deps);
    if (option === undefined) ok = false;
    else out.push(option);
  }
  return ok ? out : undefined;
}

/** The treatment options of a `choices` block a rule offers; undefined when it is not one, or has errors (reported). */
export function offeredChoices(checker: Checker, file: string, clause: ast.OfferClause, deps: Deps): ir.TreatmentOption[] | undefined {
  const sym = checker.resolve(file, clause.choices, ["choices"], "a `choices` block");
  if (!sym) return undefined;
  deps.add(sym);
  const lowered = elaborateChoices(checker, sym);
  if (lowered === null) return undefined;
  lowered.deps.forEach((d) => deps.add(d));
  return lowered.ir;
}
