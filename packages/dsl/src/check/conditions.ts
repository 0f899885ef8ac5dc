/**
 * Checks a condition and lowers it to IR in the same walk: names are resolved, types and unit
 * dimensions compared, and `course …` / `culture …` fields allowed only inside `any … where`.
 */
import {
  courseFields,
  cultureFields,
  describeDimension,
  describeType,
  findPatientBuiltin,
  findUnit,
  patientBuiltins,
  vocabulary,
  type Dimension,
  type ir,
  type ValueType,
  type WordDomain,
} from "@steward/core";
import type * as ast from "../ast.js";
import { formatExpr, quantity as quantityText } from "../format.js";
import { suggest, type Checker, type Deps, type Symbol } from "./context.js";

/** Where a condition is being checked. */
export interface ConditionEnv {
  readonly checker: Checker;
  readonly file: string;
  readonly deps: Deps;
  /** Subjects bound by enclosing `any … where`, innermost last. */
  readonly subjects: readonly ("course" | "culture")[];
  /** Elaborates a define or a score; false when it has errors (already reported) or refers back to itself. */
  readonly define: (sym: Symbol & { decl: ast.DefineDecl | ast.ScoreDecl }, at: ast.Name) => boolean;
}

interface Typed {
  readonly ir: ir.Value;
  readonly type: ValueType;
  /** For an observation with no unit whose title calls it a score: its title. */
  readonly scoreTitle?: string;
  /** How to name the value in a message: `` `egfr` (mL/min/1.73m2) ``. */
  readonly label: string;
  /** For a score: the whole numbers it can take. */
  readonly range?: { readonly min: number; readonly max: number };
}

/** The words each word-valued fact can take. */
export const wordLists: Record<WordDomain, readonly string[]> = {
  sex: vocabulary.wordsOf(vocabulary.sexes),
  setting: vocabulary.wordsOf(vocabulary.careSettings),
  route: vocabulary.wordsOf(vocabulary.routes),
  specimen: vocabulary.wordsOf(vocabulary.specimens),
  susceptibility: vocabulary.wordsOf(vocabulary.susceptibilities),
  aware: vocabulary.wordsOf(vocabulary.awareCategories),
  "review-outcome": vocabulary.wordsOf(vocabulary.reviewOutcomes),
  trend: vocabulary.wordsOf(vocabulary.trends),
  "order-status": vocabulary.wordsOf(vocabulary.orderStatuses),
};

/** Checks a condition; returns its IR, or undefined when it has errors (all reported). */
export function elaborateCondition(e: ast.Expr, env: ConditionEnv): ir.Expr | undefined {
  const text = formatExpr(e);
  switch (e.kind) {
    case "and":
    case "or": {
      const args = e.args.map((a) => elaborateCondition(a, env));
      return args.every((a) => a !== undefined) ? { kind: e.kind, args: args as ir.Expr[] } : undefined;
    }
    case "not": {
      const arg = elaborateCondition(e.arg, env);
      return arg ? { kind: "not", arg } : undefined;
    }
    case "compare": {
      const left = elaborateValue(e.left, env);
      const right = elaborateValue(e.right, env);
      if (!left || !right) return undefined;
      if (!comparable(env, left, right, e.right.span)) return undefined;
      return { kind: "compare", op: e.op, left: left.ir, right: right.ir, text };
    }
    case "between": {
      const v = elaborateValue(e.value, env);
      const low = elaborateValue(e.low, env);
      const high = elaborateValue(e.high, env);
      if (!v || !low || !high) return undefined;
      const okLow = comparable(env, v, low, e.low.span);
      const okHigh = comparable(env, v, high, e.high.span);
      if (!okLow || !okHigh) return undefined;
      if (low.ir.kind === "quantity" && high.ir.kind === "quantity" && lowerAboveUpper(low.ir, high.ir)) {
        env.checker.report("check/invalid-value", e.span, "the lower bound is above the upper bound", `write \`between ${quantityText(asQuantity(e.high))} and ${quantityText(asQuantity(e.low))}\``);
        return undefined;
      }
      return { kind: "between", value: v.ir, low: low.ir, high: high.ir, text };
    }
    case "is": {
      const v = elaborateValue(e.value, env);
      if (!v) return undefined;
      if (v.type.kind === "word") {
        const words = wordLists[v.type.domain];
        if (!words.includes(e.word.text)) {
          env.checker.report("check/unknown-word", e.word.span, `\`${e.word.text}\` is not a ${v.type.domain}`, suggest(e.word.text, words));
          return undefined;
        }
        return { kind: "is", value: v.ir, word: e.word.text, negated: e.negated, text };
      }
      if (v.type.kind === "drug") {
        const sym = env.checker.resolve(env.file, e.word, ["drug"], "a drug", "check/drug-not-in-formulary");
        if (!sym) return undefined;
        env.deps.add(sym);
        return { kind: "is", value: v.ir, word: sym.decl.name.text, negated: e.negated, text };
      }
      env.checker.report(
        "check/type-mismatch",
        e.span,
        `${v.label} is ${describeType(v.type)}; \`is\` compares a word such as a sex, route or setting`,
        v.type.kind === "quantity" ? "compare numbers with `=`, `<`, `>=` …" : v.type.kind === "codes" ? "use `in` with a code list" : undefined,
      );
      return undefined;
    }
    case "known": {
      const v = elaborateValue(e.value, env);
      return v ? { kind: "known", value: v.ir, negated: e.negated, text } : undefined;
    }
    case "in": {
      const v = elaborateValue(e.value, env);
      if (!v) return undefined;
      if (v.type.kind === "codes") {
        const sym = env.checker.resolve(env.file, e.set, ["codes"], "a code list");
        if (!sym) return undefined;
        env.deps.add(sym);
        return { kind: "in", value: v.ir, set: { kind: "code-list", id: sym.decl.name.text }, text };
      }
      if (v.type.kind === "drug") {
        const sym = env.checker.resolve(env.file, e.set, ["class"], "a drug class");
        if (!sym) return undefined;
        env.deps.add(sym);
        return { kind: "in", value: v.ir, set: { kind: "class", id: sym.decl.name.text }, text };
      }
      env.checker.report("check/type-mismatch", e.span, `${v.label} is ${describeType(v.type)}; \`in\` needs coded values or a drug`, "use `in` with `diagnosis`, `course indication`, `culture organism` or `course drug`");
      return undefined;
    }
    case "allergic": {
      const target = elaborateDrugRef(e.target, env, ["drug", "class"]);
      return target ? { kind: "allergic", target, text } : undefined;
    }
    case "exists": {
      if (e.where === undefined) return { kind: "exists", subject: e.subject, negated: e.quantifier === "no", text };
      const where = elaborateCondition(e.where, { ...env, subjects: [...env.subjects, e.subject] });
      return where ? { kind: "exists", subject: e.subject, where, negated: e.quantifier === "no", text } : undefined;
    }
    case "truth": {
      const v = elaborateValue(e.value, env);
      if (!v) return undefined;
      if (v.type.kind !== "bool") {
        env.checker.report(
          "check/type-mismatch",
          e.span,
          `${v.label} is ${describeType(v.type)}, not a condition`,
          v.type.kind === "quantity" ? `compare it, for example \`${text} >= …\`` : v.type.kind === "codes" ? `use \`${text} in <code list>\`` : v.type.kind === "word" ? `use \`${text} is <word>\`` : undefined,
        );
        return undefined;
      }
      return { kind: "truth", value: v.ir, text };
    }
  }
}

/**
 * True when `low` is certainly above `high`. Units of one dimension are compared after conversion;
 * months and years compare with each other exactly, but not with days or hours (a month has no
 * fixed length), so those pairs are left alone.
 */
function lowerAboveUpper(low: ir.Quantity, high: ir.Quantity): boolean {
  if (low.unit === high.unit) return low.value > high.value;
  const l = findUnit(low.unit);
  const h = findUnit(high.unit);
  if (l === undefined || h === undefined || l.dimension !== h.dimension) return false;
  const months = (q: ir.Quantity, calendar: "month" | "year"): number => (calendar === "year" ? q.value * 12 : q.value);
  if (l.calendar !== undefined && h.calendar !== undefined) return months(low, l.calendar) > months(high, h.calendar);
  if (l.calendar !== undefined || h.calendar !== undefined) return false;
  return low.value * l.factor > high.value * h.factor;
}

function asQuantity(v: ast.ValueNode): ast.QuantityNode {
  return v as ast.QuantityNode;
}

/** True when two values can be compared with `<`, `=` …; reports why not otherwise. */
function comparable(env: ConditionEnv, left: Typed, right: Typed, at: ast.Span): boolean {
  if (left.type.kind === "datetime" && right.type.kind === "datetime") return true;
  if (left.type.kind === "datetime" || right.type.kind === "datetime") {
    env.checker.report("check/type-mismatch", at, `${left.type.kind === "datetime" ? left.label : right.label} is a date and time; it can only be compared with another date and time`, "to compare a length of time, use `time since …`");
    return false;
  }
  if (left.type.kind !== "quantity") {
    env.checker.report("check/type-mismatch", at, `${left.label} is ${describeType(left.type)}; only numbers and quantities can be compared with \`<\`, \`>=\` …`, left.type.kind === "word" ? "use `is`" : left.type.kind === "codes" || left.type.kind === "drug" ? "use `in` or `is`" : undefined);
    return false;
  }
  if (right.type.kind !== "quantity") {
    env.checker.report("check/type-mismatch", at, `${right.label} is ${describeType(right.type)}, not a number or quantity`);
    return false;
  }
  const l = left.type.dimension;
  const r = right.type.dimension;
  if (l === r) {
    if (left.scoreTitle !== undefined) {
      // The old way: a score sent as a plain number, which analysis cuts between whole numbers.
      env.checker.report(
        "check/score-as-observation",
        at,
        `${left.label} ("${left.scoreTitle}") is compared as a plain number, not as a score`,
        "declare it with `score`: `criterion` lines to count it from its criteria, or its codes and `range 0 to …` when the host records it",
        "warning",
      );
    }
    return wholeScoreThreshold(env, left, right, at) && wholeScoreThreshold(env, right, left, at);
  }
  if (r === "score" && right.ir.kind === "quantity") {
    env.checker.report("check/unit-dimension", at, `\`${right.label.replace(/`/g, "")}\` needs a unit: ${left.label} is ${describeDimension(l)}`, unitHint(left, right));
    return false;
  }
  env.checker.report("check/unit-dimension", at, `cannot compare ${left.label}, ${describeDimension(l)}, with ${right.label}, ${describeDimension(r)}`);
  return false;
}

/** A score is compared with whole numbers it can take: `feverpain >= 1.5` or `crb65 >= 5` (0 to 4) is a mistake. */
function wholeScoreThreshold(env: ConditionEnv, score: Typed, other: Typed, at: ast.Span): boolean {
  if (score.range === undefined || other.ir.kind !== "quantity") return true;
  const value = other.ir.value;
  if (!Number.isInteger(value)) {
    env.checker.report("check/invalid-value", at, `${score.label} is a whole number; it is never ${value}`, `compare with a whole number: \`>= ${Math.ceil(value)}\` or \`<= ${Math.floor(value)}\``);
    return false;
  }
  if (value < score.range.min || value > score.range.max) {
    env.checker.report("check/invalid-value", at, `${score.label} runs from ${score.range.min} to ${score.range.max}; it is never ${value}`);
    return false;
  }
  return true;
}

function unitHint(left: Typed, right: Typed): string | undefined {
  if (left.ir.kind === "observation" && right.ir.kind === "quantity") {
    // the label ends with the observation's unit in brackets: `egfr` (mL/min/1.73m2)
    const open = left.label.lastIndexOf("(");
    const unit = open === -1 || !left.label.endsWith(")") ? "" : left.label.slice(open + 1, -1);
    if (unit !== "") return `write \`${right.ir.value} ${unit}\``;
  }
  return undefined;
}

function dimensionOf(unit: string | undefined): Dimension {
  return unit === undefined ? "score" : (findUnit(unit)?.dimension ?? "score");
}

/** Checks a value and gives its IR and type. */
export function elaborateValue(v: ast.ValueNode, env: ConditionEnv): Typed | undefined {
  switch (v.kind) {
    case "quantity": {
      const unit = v.unit === undefined ? undefined : findUnit(v.unit);
      const value = Number(v.number);
      return {
        ir: { kind: "quantity", value, unit: unit?.symbol ?? "" },
        type: { kind: "quantity", dimension: dimensionOf(v.unit) },
        label: `\`${quantityText(v)}\``,
      };
    }
    case "ref":
      return elaborateRef(v, env);
    case "field": {
      if (!env.subjects.includes(v.subject)) {
        env.checker.report("check/subject-out-of-scope", v.span, `\`${v.subject} ${v.field.text}\` can only be used inside \`any ${v.subject} where …\``, `start the condition with \`any ${v.subject} where\``);
        return undefined;
      }
      const fields = v.subject === "course" ? courseFields : cultureFields;
      const field = fields.find((f) => f.name === v.field.text);
      if (field === undefined) {
        env.checker.report("check/unknown-word", v.field.span, `a ${v.subject} has no field \`${v.field.text}\``, suggest(v.field.text, fields.map((f) => f.name)));
        return undefined;
      }
      const irValue = v.subject === "course" ? { kind: "course" as const, field: field.name as ir.CourseField } : { kind: "culture" as const, field: field.name as "specimen" };
      return { ir: irValue, type: field.type, label: `\`${v.subject} ${field.name}\`` };
    }
    case "susceptibility": {
      if (!env.subjects.includes("culture")) {
        env.checker.report("check/subject-out-of-scope", v.span, "`culture result for …` can only be used inside `any culture where …`", "start the condition with `any culture where`");
        return undefined;
      }
      const drug = elaborateDrugRef(v.drug, env, ["drug"]);
      if (!drug) return undefined;
      return { ir: { kind: "susceptibility", drug }, type: { kind: "word", domain: "susceptibility" }, label: "the culture result" };
    }
    case "aggregate": {
      const sym = env.checker.resolve(env.file, v.name, ["observation"], "an observation");
      if (!sym) return undefined;
      env.deps.add(sym);
      let within: ir.Quantity | undefined;
      if (v.within !== undefined) {
        if (dimensionOf(v.within.unit) !== "time") {
          env.checker.report("check/unit-dimension", v.within.span, "`measured within` needs a duration, such as `24 hours`");
          return undefined;
        }
        within = { value: Number(v.within.number), unit: findUnit(v.within.unit!)!.symbol };
      }
      const name = v.name.text;
      if (v.aggregate === "trend") {
        return { ir: { kind: "trend", id: name, ...(within ? { within } : {}) }, type: { kind: "word", domain: "trend" }, label: `\`trend of ${name}\`` };
      }
      const unitField = sym.decl.entries.find((e): e is ast.Field => e.kind === "field" && e.key.text === "unit");
      const unitName = unitField?.values[0]?.kind === "name" ? unitField.values[0].text : undefined;
      const def = unitName ? findUnit(unitName) : undefined;
      return {
        ir: { kind: "observation", id: name, aggregate: v.aggregate, ...(within ? { within } : {}) },
        type: { kind: "quantity", dimension: def?.dimension ?? "score" },
        label: def && def.dimension !== "score" ? `\`${v.aggregate} ${name}\` (${def.symbol})` : `\`${v.aggregate} ${name}\``,
      };
    }
    case "onset": {
      const sym = env.checker.resolve(env.file, v.of, ["codes", "finding"], "a code list of diagnoses or a finding");
      if (!sym) return undefined;
      env.deps.add(sym);
      const of = { kind: sym.decl.kind === "codes" ? ("code-list" as const) : ("finding" as const), id: sym.decl.name.text };
      return { ir: { kind: "onset", of }, type: { kind: "datetime" }, label: `\`onset of ${of.id}\`` };
    }
    case "time-since": {
      const inner = elaborateValue(v.of, env);
      if (!inner) return undefined;
      if (inner.type.kind !== "datetime") {
        env.checker.report("check/type-mismatch", v.of.span, `${inner.label} is ${describeType(inner.type)}; \`time since\` needs a date and time`, "use `time since course start` or `time since culture reported`");
        return undefined;
      }
      return { ir: { kind: "time-since", of: inner.ir }, type: { kind: "quantity", dimension: "time" }, label: `\`time since ${inner.label.replace(/`/g, "")}\`` };
    }
  }
}

function elaborateRef(v: Extract<ast.ValueNode, { kind: "ref" }>, env: ConditionEnv): Typed | undefined {
  const name = v.name.text;
  const sym = env.checker.lookup(env.file, name);
  const within = (): ir.Quantity | undefined | null => {
    if (v.within === undefined) return undefined;
    const dim = dimensionOf(v.within.unit);
    if (dim !== "time") {
      env.checker.report("check/unit-dimension", v.within.span, `\`measured within\` needs a duration, not ${describeDimension(dim)}`, "write, for example, `measured within 3 months`");
      return null;
    }
    return { value: Number(v.within.number), unit: findUnit(v.within.unit!)!.symbol };
  };
  if (sym !== undefined) {
    if (v.within !== undefined && sym.decl.kind !== "observation") {
      env.checker.report("check/type-mismatch", v.within.span, `\`measured within\` applies to observations; \`${name}\` is not one`);
      return undefined;
    }
    switch (sym.decl.kind) {
      case "observation": {
        const unit = sym.decl.entries.find((e): e is ast.Field => e.kind === "field" && e.key.text === "unit");
        const unitName = unit?.values[0]?.kind === "name" ? unit.values[0].text : undefined;
        const def = unitName ? findUnit(unitName) : undefined;
        const w = within();
        if (w === null) return undefined;
        env.deps.add(sym);
        const title = sym.decl.title?.value;
        return {
          ir: { kind: "observation", id: name, ...(w ? { within: w } : {}) },
          type: { kind: "quantity", dimension: def?.dimension ?? "score" },
          label: def && def.dimension !== "score" ? `\`${name}\` (${def.symbol})` : `\`${name}\``,
          ...(def === undefined && title !== undefined && /\bscore\b/i.test(title) ? { scoreTitle: title } : {}),
        };
      }
      case "define": {
        env.deps.add(sym);
        const ok = env.define(sym as Symbol & { decl: ast.DefineDecl }, v.name);
        return ok ? { ir: { kind: "define", id: name }, type: { kind: "bool" }, label: `\`${name}\`` } : undefined;
      }
      case "score": {
        env.deps.add(sym);
        const ok = env.define(sym as Symbol & { decl: ast.ScoreDecl }, v.name);
        const range = scoreRange(sym.decl);
        return ok && range !== undefined ? { ir: { kind: "score", id: name }, type: { kind: "quantity", dimension: "score" }, label: `\`${name}\``, range } : undefined;
      }
      case "finding":
        env.deps.add(sym);
        return { ir: { kind: "finding", id: name }, type: { kind: "bool" }, label: `\`${name}\`` };
      case "parameter": {
        env.deps.add(sym);
        return { ir: { kind: "parameter", id: name }, type: { kind: "quantity", dimension: dimensionOf(sym.decl.value.unit) }, label: `\`${name}\`` };
      }
      default: {
        const hint = sym.decl.kind === "codes" ? `use \`diagnosis in ${name}\`` : sym.decl.kind === "drug" || sym.decl.kind === "class" ? `use \`allergic to ${name}\` or \`any course where course drug in …\`` : undefined;
        env.checker.report("check/wrong-kind-of-name", v.name.span, `\`${name}\` is ${kindLabel(sym.decl.kind)}, not a value or condition`, hint);
        return undefined;
      }
    }
  }
  const builtin = findPatientBuiltin(name);
  if (builtin !== undefined) {
    if (v.within !== undefined) {
      env.checker.report("check/type-mismatch", v.within.span, `\`measured within\` applies to observations; \`${name}\` is a patient fact`);
      return undefined;
    }
    const irValue: ir.Value = name === "diagnosis" ? { kind: "diagnosis" } : { kind: "patient", field: name as ir.PatientField };
    return { ir: irValue, type: builtin.type, label: `\`${name}\`` };
  }
  const candidates = [...env.checker.namesOfKind(env.file, ["define", "observation", "finding", "parameter"]), ...patientBuiltins.map((b) => b.name)];
  env.checker.report("check/unresolved-name", v.name.span, `\`${name}\` is not defined`, suggest(name, candidates));
  return undefined;
}

/** The whole numbers a score can take: 0 to its number of criteria, or its `range`. */
function scoreRange(decl: ast.ScoreDecl): { min: number; max: number } | undefined {
  const criteria = decl.entries.filter((e) => e.kind === "criterion").length;
  if (criteria > 0) return { min: 0, max: criteria };
  const range = decl.entries.find((e): e is ast.RangeClause => e.kind === "range");
  return range === undefined ? undefined : { min: Number(range.min.number), max: Number(range.max.number) };
}

function kindLabel(kind: string): string {
  return { codes: "a code list", drug: "a drug", class: "a drug class", source: "a source", rule: "a rule" }[kind] ?? `a ${kind}`;
}

/** Resolves a drug reference to a drug or class, or the bound course's drug. */
export function elaborateDrugRef(d: ast.DrugRefNode, env: ConditionEnv, kinds: readonly ("drug" | "class")[]): ir.DrugRef | undefined {
  if (d.kind === "course-drug") {
    if (!env.subjects.includes("course")) {
      env.checker.report("check/subject-out-of-scope", d.span, "`course drug` can only be used inside `any course where …`");
      return undefined;
    }
    return { kind: "course-drug" };
  }
  const what = kinds.length === 2 ? "a drug or drug class" : "a drug";
  const sym = env.checker.resolve(env.file, d, kinds, what, "check/drug-not-in-formulary");
  if (!sym) return undefined;
  env.deps.add(sym);
  return { kind: sym.decl.kind as "drug" | "class", id: sym.decl.name.text };
}
