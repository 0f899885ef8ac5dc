/**
 * Checks the declarations rules refer to (sources, code lists, observations, findings, drug classes,
 * drugs, parameters, defines) and lowers each to IR.
 */
import { findUnit, unitSpellings, vocabulary, type ir } from "@steward/core";
import type * as ast from "../ast.js";
import { closest } from "../spelling.js";
import { checkCodes } from "./codes.js";
import { expandDescendants } from "./expansions.js";
import { formatExpr } from "../format.js";
import { elaborateCondition, type ConditionEnv } from "./conditions.js";
import { Deps, suggest, type Checker, type Elaborated, type Symbol } from "./context.js";
import { readFields, type FieldRule } from "./fields.js";
import { elaborateRegimen } from "./regimen.js";

/** Elaborates any declaration, memoised; null when it has errors. */
export function elaborate(checker: Checker, sym: Symbol): Elaborated<unknown> | null {
  const cached = checker.results.get(sym.decl);
  if (cached === "busy") return null;
  if (cached !== undefined) return cached;
  checker.results.set(sym.decl, "busy");
  const deps = new Deps();
  const result = lower(checker, sym, deps);
  const value = result === undefined ? null : { ir: result, deps: deps.all };
  checker.results.set(sym.decl, value);
  return value;
}

function lower(checker: Checker, sym: Symbol, deps: Deps): unknown {
  const decl = sym.decl;
  switch (decl.kind) {
    case "source":
      return lowerSource(checker, decl);
    case "codes":
      return lowerCodes(checker, sym.file, decl);
    case "observation":
      return lowerObservation(checker, decl);
    case "finding":
      return lowerFinding(checker, decl);
    case "class":
      return lowerClass(checker, sym.file, decl, deps);
    case "drug":
      return lowerDrug(checker, sym.file, decl, deps);
    case "parameter":
      return lowerParameter(checker, decl);
    case "define":
      return lowerDefine(checker, sym.file, decl, deps);
    case "score":
      return lowerScore(checker, sym.file, decl, deps);
    case "rule":
    case "contraindication":
    case "resistance":
      return undefined; // lowered by rules.ts and contraindications.ts, which build on this file
    default:
      return undefined; // `choices` blocks are lowered by choices.ts
  }
}

/** The environment a condition declared in `file` is checked in. */
export function conditionEnv(checker: Checker, file: string, deps: Deps): ConditionEnv {
  return {
    checker,
    file,
    deps,
    subjects: [],
    define: (sym, at) => {
      if (checker.results.get(sym.decl) === "busy") {
        checker.report("check/define-cycle", at.span, `\`${at.text}\` refers back to itself`, "a define or score cannot depend on itself, directly or through other defines and scores");
        return false;
      }
      return elaborate(checker, sym) !== null;
    },
  };
}

function onlyFields(checker: Checker, entries: readonly ast.BlockEntry[], what: string, allowCodes: boolean, allowCite: boolean): void {
  for (const e of entries) {
    if (e.kind === "code-entry" && !allowCodes) checker.report("check/unknown-field", e.span, `${what} does not hold codes`);
    if (e.kind === "cite" && !allowCite) checker.report("check/unknown-field", e.span, `${what} does not hold citations`);
  }
}

const sourceFields: Record<string, FieldRule> = {
  title: { shape: "text", required: true, example: '"NICE NG109: Urinary tract infection (lower)"' },
  url: { shape: "text", required: false, example: '"https://www.nice.org.uk/guidance/ng109"' },
  publisher: { shape: "text", required: false, example: '"NICE"' },
};

/**
 * `http://` or `https://`, then no white space, with a dot in the host that has something before and
 * after it (`https://www.nice.org.uk/guidance/ng109`). Read with string searches, in linear time.
 */
function isWebAddress(url: string): boolean {
  const scheme = url.startsWith("https://") ? 8 : url.startsWith("http://") ? 7 : 0;
  if (scheme === 0 || /\s/.test(url)) return false;
  const slash = url.indexOf("/", scheme);
  const dot = url.indexOf(".", scheme + 1);
  return dot !== -1 && (slash === -1 || dot < slash) && dot + 1 < url.length;
}

function lowerSource(checker: Checker, decl: ast.SourceDecl): ir.Source | undefined {
  onlyFields(checker, decl.entries, "a source", false, false);
  const fields = readFields(checker, decl.entries, sourceFields, decl.name, "the source", !checker.hasSyntaxErrorIn(decl.span));
  const title = fields.get("title");
  const url = fields.get("url");
  if (url && "value" in url && !isWebAddress(url.value)) {
    checker.report("check/invalid-url", url.span, `\`${url.value}\` is not a web address`, "write the full address, starting `https://`");
    return undefined;
  }
  if (!title || !("value" in title)) return undefined;
  const publisher = fields.get("publisher");
  return {
    id: decl.name.text,
    title: title.value,
    ...(url && "value" in url ? { url: url.value } : {}),
    ...(publisher && "value" in publisher ? { publisher: publisher.value } : {}),
  };
}

const codeListFields: Record<string, FieldRule> = {
  expansion: { shape: "text", required: false, example: '"terminology/uti-expansion.json"' },
};

function lowerCodes(checker: Checker, file: string, decl: ast.CodesDecl): ir.CodeList | undefined {
  onlyFields(checker, decl.entries, "a code list", true, false);
  readFields(checker, decl.entries, codeListFields, decl.name, "a code list");
  const codes = checkCodes(checker, decl.entries, ["snomed", "dmd", "icd10", "loinc"], true);
  if (decl.entries.every((e) => e.kind !== "code-entry") && !checker.hasSyntaxErrorIn(decl.span)) {
    checker.report("check/empty-code-list", decl.name.span, `the code list \`${decl.name.text}\` has no codes`, 'add a line such as `snomed 38822007 "Cystitis"`');
    return undefined;
  }
  if (codes.length !== decl.entries.filter((e) => e.kind === "code-entry").length - duplicates(decl.entries)) return undefined;
  const expanded = expandDescendants(checker, file, decl, codes);
  if (expanded === undefined) return undefined;
  return {
    id: decl.name.text,
    ...(decl.title ? { title: decl.title.value } : {}),
    codes: expanded.codes,
    ...(expanded.expansions.length > 0 ? { expansions: expanded.expansions } : {}),
  };
}

/** Number of code entries repeating an earlier one (reported as warnings, not errors). */
function duplicates(entries: readonly (ast.BlockEntry | ast.ScoreEntry)[]): number {
  const seen = new Set<string>();
  let n = 0;
  for (const e of entries) {
    if (e.kind !== "code-entry") continue;
    const key = `${e.system.text}|${e.code.text}`;
    if (seen.has(key)) n++;
    seen.add(key);
  }
  return n;
}

// An observation without a `unit` is a plain number, such as a score.
const observationFields: Record<string, FieldRule> = { unit: { shape: "unit", required: false, example: "mL/min/1.73m2" } };

function lowerObservation(checker: Checker, decl: ast.ObservationDecl): ir.Observation | undefined {
  onlyFields(checker, decl.entries, "an observation", true, false);
  const fields = readFields(checker, decl.entries, observationFields, decl.name, "the observation", !checker.hasSyntaxErrorIn(decl.span));
  const unitField = fields.get("unit");
  const codeEntries = decl.entries.filter((e) => e.kind === "code-entry").length;
  const codes = checkCodes(checker, decl.entries, ["loinc", "snomed"]);
  if (codeEntries === 0 && !checker.hasSyntaxErrorIn(decl.span)) {
    checker.report("check/empty-code-list", decl.name.span, `the observation \`${decl.name.text}\` has no codes, so no result can match it`, 'add a line such as `loinc 33914-3 "eGFR (MDRD)"`');
    return undefined;
  }
  if (!unitField) {
    if (decl.entries.some((e) => e.kind === "field" && e.key.text === "unit")) return undefined;
    if (codes.length !== codeEntries - duplicates(decl.entries)) return undefined;
    return { id: decl.name.text, title: decl.title?.value ?? decl.name.text, unit: "", codes };
  }
  if (!("value" in unitField)) return undefined;
  const unit = findUnit(unitField.value);
  if (unit === undefined) {
    const guess = closest(unitField.value, unitSpellings);
    checker.report("parse/unknown-unit", unitField.span, `unknown unit \`${unitField.value}\``, guess ? `did you mean \`${guess}\`?` : "see the list of units in docs/language.md");
    return undefined;
  }
  if (unit.calendar !== undefined) {
    checker.report("check/invalid-value", unitField.span, `an observation's unit cannot be \`${unit.symbol}\`: months and years have no fixed length`, "use days or weeks");
    return undefined;
  }
  if (codes.length !== codeEntries - duplicates(decl.entries)) return undefined;
  return { id: decl.name.text, title: decl.title?.value ?? decl.name.text, unit: unit.symbol, codes };
}

// `valid-for`: how long a record of the finding stays current (IVOS: "in the last 24 hours").
const findingFields: Record<string, FieldRule> = { "valid-for": { shape: "quantity", required: false, example: "24 hours" } };

function lowerFinding(checker: Checker, decl: ast.FindingDecl): ir.Finding | undefined {
  onlyFields(checker, decl.entries, "a finding", true, false);
  const fields = readFields(checker, decl.entries, findingFields, decl.name, "a finding");
  const codes = checkCodes(checker, decl.entries, ["snomed"]);
  if (codes.length !== decl.entries.filter((e) => e.kind === "code-entry").length - duplicates(decl.entries)) return undefined;
  const valid = fields.get("valid-for");
  let validFor: ir.Quantity | undefined;
  if (valid !== undefined && "node" in valid && valid.node.kind === "quantity") {
    const unit = valid.node.unit === undefined ? undefined : findUnit(valid.node.unit);
    if (unit?.dimension !== "time" || unit.calendar !== undefined || Number(valid.node.number) <= 0) {
      checker.report("check/unit-dimension", valid.span, "`valid-for` is a length of time in minutes, hours, days or weeks, such as `24 hours`");
      return undefined;
    }
    validFor = { value: Number(valid.node.number), unit: unit.symbol };
  } else if (decl.entries.some((e) => e.kind === "field" && e.key.text === "valid-for")) return undefined;
  return { id: decl.name.text, title: decl.title?.value ?? decl.name.text, codes, ...(validFor ? { validFor } : {}) };
}

/** The citations among a declaration's entries or clauses, resolved; undefined when one names no source (reported). */
export function citations(checker: Checker, file: string, entries: readonly (ast.BlockEntry | ast.ScoreEntry | ast.RuleClause)[], deps: Deps): ir.Citation[] | undefined {
  const out: ir.Citation[] = [];
  let ok = true;
  for (const e of entries) {
    if (e.kind !== "cite") continue;
    const sym = checker.resolve(file, e.source, ["source"], "a source", "check/unknown-source");
    if (!sym) {
      ok = false;
      continue;
    }
    deps.add(sym);
    out.push({ source: sym.decl.name.text, ...(e.section ? { section: e.section.value } : {}) });
  }
  return ok ? out : undefined;
}

const classFields: Record<string, FieldRule> = {
  members: { shape: "names", required: false, example: "meropenem, linezolid" },
  "cross-reactive": { shape: "names", required: false, example: "cephalosporins" },
  "cross-reactive-if-immediate": { shape: "names", required: false, example: "cephalosporins, carbapenems" },
  "immediate-reactions": { shape: "name", required: false, example: "immediate-type-reactions" },
  "cross-reactivity-unverified": { shape: "text", required: false, example: '"what is not confirmed, and where it comes from"' },
};

function lowerClass(checker: Checker, file: string, decl: ast.ClassDecl, deps: Deps): ir.DrugClass | undefined {
  onlyFields(checker, decl.entries, "a drug class", true, true);
  const fields = readFields(checker, decl.entries, classFields, decl.name, "a drug class");
  const codeEntries = decl.entries.filter((e) => e.kind === "code-entry").length;
  const codes = checkCodes(checker, decl.entries, ["snomed", "dmd"]);
  const within: string[] = [];
  const names = (key: string, kinds: readonly ("drug" | "class")[], what: string): string[] => {
    const f = fields.get(key);
    if (f?.shape !== "names") return [];
    const out: string[] = [];
    for (const name of f.values) {
      const sym = checker.resolve(file, name, kinds, what, kinds.includes("drug") ? "check/drug-not-in-formulary" : "check/unresolved-name");
      if (!sym) ok = false;
      else if (out.includes(sym.decl.name.text)) {
        checker.report("check/duplicate-id", name.span, `\`${name.text}\` is already listed in \`${key}\``);
        ok = false;
      } else {
        deps.add(sym);
        out.push(sym.decl.name.text);
      }
    }
    return out;
  };
  let ok = codes.length === codeEntries - duplicates(decl.entries);
  const members = names("members", ["drug"], "a drug in the formulary");
  const always = names("cross-reactive", ["class"], "a drug class");
  const immediate = names("cross-reactive-if-immediate", ["class"], "a drug class");
  const note = fields.get("cross-reactivity-unverified");
  const unverified = note && "value" in note ? note.value : undefined;
  const both = always.filter((c) => immediate.includes(c));
  if (both.length > 0) {
    checker.report("check/conflicting-clauses", decl.name.span, `\`${both[0]}\` is both \`cross-reactive\` and \`cross-reactive-if-immediate\``, "keep the one the cited source gives");
    ok = false;
  }
  if (unverified !== undefined && always.length === 0 && immediate.length === 0) {
    checker.report("check/missing-field", decl.name.span, "`cross-reactivity-unverified` says what is not confirmed about a cross-reactivity, but the class declares none", "add `cross-reactive` or `cross-reactive-if-immediate`, or remove the note");
    ok = false;
  }
  // Which reactions are immediate-type is a code list the committee keeps, not a guess in code.
  const reactions = fields.get("immediate-reactions");
  let immediateReactions: string | undefined;
  if (reactions && "value" in reactions && reactions.node.kind === "name") {
    const sym = checker.resolve(file, reactions.node, ["codes"], "a code list");
    if (!sym) ok = false;
    else {
      deps.add(sym);
      immediateReactions = sym.decl.name.text;
    }
  }
  if (immediate.length > 0 && immediateReactions === undefined && reactions === undefined && !decl.entries.some((e) => e.kind === "field" && e.key.text === "immediate-reactions")) {
    checker.report("check/missing-field", decl.name.span, "`cross-reactive-if-immediate` needs `immediate-reactions`: the code list of reactions that make an allergy immediate-type", "add `immediate-reactions <code list>` (anaphylaxis, angioedema, urticaria …)");
    ok = false;
  }
  const crossReactivity: ir.CrossReactivity[] = [
    ...(always.length > 0 ? [{ classes: always, when: "always" as const, ...(unverified !== undefined ? { unverified } : {}) }] : []),
    ...(immediate.length > 0 ? [{ classes: immediate, when: "immediate" as const, ...(unverified !== undefined ? { unverified } : {}) }] : []),
  ];
  for (const name of decl.within) {
    const sym = checker.resolve(file, name, ["class"], "a drug class");
    if (!sym) {
      ok = false;
      continue;
    }
    deps.add(sym);
    within.push(sym.decl.name.text);
    if (classAncestors(checker, sym).has(decl)) {
      const message =
        name.text === decl.name.text
          ? `\`${decl.name.text}\` cannot be within itself`
          : `\`${decl.name.text}\` cannot be within \`${name.text}\`: \`${name.text}\` is already within \`${decl.name.text}\``;
      checker.report("check/class-cycle", name.span, message);
      ok = false;
    }
  }
  const cites = citations(checker, file, decl.entries, deps);
  if (!ok || cites === undefined) return undefined;
  return { id: decl.name.text, title: decl.title.value, codes, within, members, crossReactivity, ...(immediateReactions !== undefined ? { immediateReactions } : {}), citations: cites };
}

/** Every class a class is within, directly or not (stops at cycles, which are reported). */
function classAncestors(checker: Checker, sym: Symbol & { decl: ast.ClassDecl }): Set<ast.ClassDecl> {
  const out = new Set<ast.ClassDecl>();
  const stack = [sym];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (out.has(s.decl)) continue;
    out.add(s.decl);
    for (const name of s.decl.within) {
      const parent = checker.lookup(s.file, name.text);
      if (parent?.decl.kind === "class") stack.push(parent as Symbol & { decl: ast.ClassDecl });
    }
  }
  return out;
}

const drugFields: Record<string, FieldRule> = {
  classes: { shape: "names", required: false, example: "penicillins" },
  aware: { shape: "word", required: false, example: "access" },
  routes: { shape: "words", required: true, example: "oral, iv" },
  "oral-option": { shape: "name", required: false, example: "amoxicillin" },
  sites: { shape: "words", required: false, example: "urine" },
  "sites-unverified": { shape: "text", required: false, example: '"what is not confirmed, and where it comes from"' },
  "oral-dose": { shape: "regimen", required: false, example: '500 mg oral twice daily until review cite ng138 "table 1"' },
};

function lowerDrug(checker: Checker, file: string, decl: ast.DrugDecl, deps: Deps): ir.Drug | undefined {
  const fields = readFields(checker, decl.entries, drugFields, decl.name, "the drug", !checker.hasSyntaxErrorIn(decl.span));
  const codeEntries = decl.entries.filter((e) => e.kind === "code-entry").length;
  const codes = checkCodes(checker, decl.entries, ["dmd", "snomed"]);
  let ok = codes.length === codeEntries - duplicates(decl.entries);
  const classes: string[] = [];
  const all = new Set<string>();
  const classField = fields.get("classes");
  if (classField?.shape === "names") {
    for (const name of classField.values) {
      const sym = checker.resolve(file, name, ["class"], "a drug class");
      if (!sym) {
        ok = false;
        continue;
      }
      deps.add(sym);
      classes.push(sym.decl.name.text);
      for (const c of classAncestors(checker, sym as Symbol & { decl: ast.ClassDecl })) all.add(c.name.text);
    }
  }
  const aware = fields.get("aware");
  if (aware && "value" in aware) {
    const words = vocabulary.wordsOf(vocabulary.awareCategories);
    if (!words.includes(aware.value)) {
      checker.report("check/unknown-word", aware.span, `\`${aware.value}\` is not a UK-AWaRe category`, suggest(aware.value, words));
      ok = false;
    }
  }
  const routes: ir.Drug["routes"] = [];
  const routeField = fields.get("routes");
  if (routeField?.shape === "words") {
    const words = vocabulary.wordsOf(vocabulary.routes);
    for (const r of routeField.values) {
      if (!words.includes(r.text)) {
        checker.report("check/unknown-word", r.span, `\`${r.text}\` is not a route`, suggest(r.text, words));
        ok = false;
      } else if (!routes.includes(r.text as ir.Drug["routes"][number])) routes.push(r.text as ir.Drug["routes"][number]);
    }
  } else ok = false;
  const oral = fields.get("oral-option");
  let oralOption: string | undefined;
  if (oral && "value" in oral && oral.node.kind === "name") {
    const sym = checker.resolve(file, oral.node, ["drug"], "a drug", "check/drug-not-in-formulary");
    if (!sym) ok = false;
    else {
      deps.add(sym);
      oralOption = sym.decl.name.text;
    }
  }
  // The sites a drug treats are named by the specimens that sample them (`sites urine`).
  const sites: ir.Drug["sites"] = [];
  const siteField = fields.get("sites");
  if (siteField?.shape === "words") {
    const words = vocabulary.wordsOf(vocabulary.specimens);
    for (const w of siteField.values) {
      if (!words.includes(w.text)) {
        checker.report("check/unknown-word", w.span, `\`${w.text}\` is not a specimen`, suggest(w.text, words));
        ok = false;
      } else if (!sites.includes(w.text as ir.Drug["sites"][number])) sites.push(w.text as ir.Drug["sites"][number]);
    }
  }
  const sitesNote = fields.get("sites-unverified");
  if (sitesNote !== undefined && sites.length === 0) {
    checker.report("check/missing-field", decl.name.span, "`sites-unverified` says what is not confirmed about the sites a drug treats, but the drug names none", "add `sites <specimens>`, or remove the note");
    ok = false;
  }
  // The oral dose a switch to this drug names: given by mouth, and only with the source that states it.
  const doseEntries = decl.entries.filter((e): e is ast.DoseEntry => e.kind === "dose-entry" && e.key.text === "oral-dose");
  doseEntries.slice(1).forEach((e) => {
    checker.report("check/duplicate-field", e.key.span, "`oral-dose` is given more than once", "keep one");
    ok = false;
  });
  let oralDose: ir.Drug["oralDose"];
  const doseEntry = doseEntries[0];
  if (doseEntry !== undefined) {
    const regimen = elaborateRegimen(checker, doseEntry.regimen, { routes } as ir.Drug, decl.name.text);
    const cite = citations(checker, file, [doseEntry.cite], deps);
    if (regimen === undefined || cite === undefined) ok = false;
    else if (regimen.steps.some((st) => st.route !== "oral")) {
      checker.report("check/route-not-available", doseEntry.regimen.span, "an `oral-dose` is given by mouth", "write the route `oral`");
      ok = false;
    } else oralDose = { regimen, citation: cite[0]! };
  }
  const cites = citations(checker, file, decl.entries, deps);
  if (!ok || cites === undefined) return undefined;
  return {
    id: decl.name.text,
    name: decl.title.value,
    sites,
    ...(sitesNote && "value" in sitesNote ? { sitesUnverified: sitesNote.value } : {}),
    ...(oralDose !== undefined ? { oralDose } : {}),
    codes,
    classes,
    allClasses: [...all].sort(),
    ...(aware && "value" in aware ? { aware: aware.value as NonNullable<ir.Drug["aware"]> } : {}),
    routes,
    ...(oralOption !== undefined ? { oralOption } : {}),
    citations: cites,
  };
}

function lowerParameter(checker: Checker, decl: ast.ParameterDecl): ir.Parameter | undefined {
  const unit = decl.value.unit === undefined ? undefined : findUnit(decl.value.unit);
  void checker;
  return {
    id: decl.name.text,
    ...(decl.title ? { title: decl.title.value } : {}),
    value: { value: Number(decl.value.number), unit: unit?.symbol ?? "" },
  };
}

function lowerDefine(checker: Checker, file: string, decl: ast.DefineDecl, deps: Deps): ir.Define | undefined {
  const expr = elaborateCondition(decl.expr, conditionEnv(checker, file, deps));
  return expr ? { id: decl.name.text, expr } : undefined;
}

/**
 * A score: computed from `criterion` lines (one point each, so it runs from 0 to their number), or
 * recorded by the host under its codes, with the `range` of whole numbers it takes.
 */
function lowerScore(checker: Checker, file: string, decl: ast.ScoreDecl, deps: Deps): ir.Score | undefined {
  const criteria = decl.entries.filter((e): e is ast.CriterionClause => e.kind === "criterion");
  const ranges = decl.entries.filter((e): e is ast.RangeClause => e.kind === "range");
  const codeEntries = decl.entries.filter((e) => e.kind === "code-entry");
  const codes = checkCodes(checker, decl.entries, ["snomed", "loinc"]);
  let ok = codes.length === codeEntries.length - duplicates(decl.entries.filter((e): e is ast.CodeEntry => e.kind === "code-entry"));
  const title = decl.title?.value ?? decl.name.text;
  const cites = citations(checker, file, decl.entries.filter((e): e is ast.CiteClause => e.kind === "cite"), deps);
  if (cites === undefined) ok = false;
  ranges.slice(1).forEach((r) => {
    checker.report("check/duplicate-field", r.span, "this score already has a `range`");
    ok = false;
  });
  const complete = !checker.hasSyntaxErrorIn(decl.span);
  if (criteria.length > 0) {
    if (codeEntries.length > 0 || ranges.length > 0) {
      checker.report("check/conflicting-clauses", (codeEntries[0] ?? ranges[0])!.span, "a score is computed from its criteria or recorded by the host, not both", "a computed score runs from 0 to the number of its criteria: remove the codes and the `range`");
      ok = false;
    }
    const env = conditionEnv(checker, file, deps);
    const lowered: { text: string; condition: ir.Expr }[] = [];
    for (const c of criteria) {
      const condition = elaborateCondition(c.expr, env);
      if (condition === undefined) ok = false;
      else lowered.push({ text: formatExpr(c.expr), condition });
    }
    if (!ok) return undefined;
    return { kind: "computed", id: decl.name.text, title, min: 0, max: lowered.length, criteria: lowered, citations: cites! };
  }
  if (!complete) return undefined;
  if (codeEntries.length === 0) {
    checker.report("check/missing-field", decl.name.span, `the score \`${decl.name.text}\` has no criteria and no codes`, "compute it with `criterion <condition>` lines, one point each, or give the codes the host records it under and its `range`");
    return undefined;
  }
  const range = ranges[0];
  if (range === undefined) {
    checker.report("check/missing-field", decl.name.span, `the score \`${decl.name.text}\` has no \`range\``, "add the whole numbers it takes: `range 0 to 20`");
    return undefined;
  }
  const min = Number(range.min.number);
  const max = Number(range.max.number);
  if (range.min.unit !== undefined || range.max.unit !== undefined || !Number.isInteger(min) || !Number.isInteger(max)) {
    checker.report("check/invalid-value", range.span, "a score's range is two whole numbers without units", "write, for example, `range 0 to 20`");
    return undefined;
  }
  if (min >= max) {
    checker.report("check/invalid-value", range.span, "the lowest value of the range is not below the highest", `write \`range ${Math.min(min, max)} to ${Math.max(min, max)}\``);
    return undefined;
  }
  if (!ok) return undefined;
  return { kind: "recorded", id: decl.name.text, title, min, max, codes, citations: cites! };
}
