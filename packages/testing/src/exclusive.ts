/**
 * Rules that can never fire for the same patient, told from their conditions alone: what every
 * patient who fires one must have (a care setting, a range of age, weight or score) that no patient
 * who fires the other has. `analyze` skips such pairs when it looks for conflicts, so guidelines cut
 * into many age, weight or severity bands are not enumerated pair by pair for nothing.
 *
 * Only what a condition requires is read: the parts of its `and`s (through the defines they name),
 * and an `or` whose every branch requires the same kind of fact. Anything else requires nothing, so
 * the answer errs towards "may fire together", never the other way.
 */
import type { GuidelineIR, ir } from "@steward/core";

interface Range {
  readonly low: number;
  readonly lowOpen: boolean;
  readonly high: number;
  readonly highOpen: boolean;
}

/** What every patient who makes a condition true has: the settings they may be in, the diagnosis codes one of which they have (`system|code`), and ranges. */
interface Requirements {
  readonly settings?: ReadonlySet<string>;
  readonly diagnoses?: ReadonlySet<string>;
  readonly ranges: ReadonlyMap<string, Range>;
}

/** What a guideline's conditions are read against: its defines, settings and code lists. */
interface Scope {
  readonly defines: ReadonlyMap<string, ir.Expr>;
  readonly settings: readonly string[];
  readonly lists: ReadonlyMap<string, ReadonlySet<string>>;
}

function scopeOf(guideline: GuidelineIR): Scope {
  return {
    defines: new Map(guideline.defines.map((d) => [d.id, d.expr] as const)),
    settings: guideline.guideline.settings,
    lists: new Map(guideline.codeLists.map((l) => [l.id, new Set(l.codes.map((c) => `${c.system}|${c.code}`))] as const)),
  };
}

const common = <T>(a: ReadonlySet<T> | undefined, b: ReadonlySet<T> | undefined): ReadonlySet<T> | undefined => (a && b ? new Set([...a].filter((x) => b.has(x))) : (a ?? b));

const anything: Requirements = { ranges: new Map() };
const all: Range = { low: -Infinity, lowOpen: true, high: Infinity, highOpen: true };

/**
 * The range `<variable> <op> <quantity>` allows: weights in kilograms, scores as they are, ages in
 * completed months. An age in whole years is completed years, so `age > 65 years` is 66 years and
 * more (792 months), and `age <= 64 years` is up to 64 years and 11 months.
 */
function rangeOf(variable: string, op: ir.CompareOp, q: ir.Value): Range | undefined {
  if (q.kind !== "quantity" || op === "!=") return undefined;
  if (variable === "age") {
    if (!Number.isInteger(q.value) || (q.unit !== "years" && q.unit !== "months")) return undefined;
    const [from, to] = q.unit === "years" ? [q.value * 12, q.value * 12 + 12] : [q.value, q.value + 1];
    return { "<": { ...all, high: from, highOpen: true }, "<=": { ...all, high: to, highOpen: true }, ">": { ...all, low: to, lowOpen: false }, ">=": { ...all, low: from, lowOpen: false }, "=": { low: from, lowOpen: false, high: to, highOpen: true } }[op];
  }
  const n = variable === "weight" ? (q.unit === "kg" ? q.value : q.unit === "g" ? q.value / 1000 : undefined) : q.unit === "" ? q.value : undefined;
  if (n === undefined) return undefined;
  return { "<": { ...all, high: n, highOpen: true }, "<=": { ...all, high: n, highOpen: false }, ">": { ...all, low: n, lowOpen: true }, ">=": { ...all, low: n, lowOpen: false }, "=": { low: n, lowOpen: false, high: n, highOpen: false } }[op];
}

/** The variable a value is, when it is one whose range can be told: age, weight or a score. */
function variableOf(v: ir.Value): string | undefined {
  if (v.kind === "patient" && (v.field === "age" || v.field === "weight")) return v.field;
  if (v.kind === "score") return `score:${v.id}`;
  return undefined;
}

function intersect(a: Range, b: Range): Range {
  const low = a.low > b.low || (a.low === b.low && a.lowOpen) ? a : b;
  const high = a.high < b.high || (a.high === b.high && a.highOpen) ? a : b;
  return { low: low.low, lowOpen: low.lowOpen, high: high.high, highOpen: high.highOpen };
}

function hull(a: Range, b: Range): Range {
  const low = a.low < b.low || (a.low === b.low && !a.lowOpen) ? a : b;
  const high = a.high > b.high || (a.high === b.high && !a.highOpen) ? a : b;
  return { low: low.low, lowOpen: low.lowOpen, high: high.high, highOpen: high.highOpen };
}

function empty(r: Range): boolean {
  return r.low > r.high || (r.low === r.high && (r.lowOpen || r.highOpen));
}

function both(a: Requirements, b: Requirements): Requirements {
  const ranges = new Map(a.ranges);
  for (const [k, r] of b.ranges) ranges.set(k, ranges.has(k) ? intersect(ranges.get(k)!, r) : r);
  const settings = common(a.settings, b.settings);
  const diagnoses = common(a.diagnoses, b.diagnoses);
  return { ranges, ...(settings !== undefined ? { settings } : {}), ...(diagnoses !== undefined ? { diagnoses } : {}) };
}

function either(a: Requirements, b: Requirements): Requirements {
  const ranges = new Map<string, Range>();
  for (const [k, r] of a.ranges) if (b.ranges.has(k)) ranges.set(k, hull(r, b.ranges.get(k)!));
  return {
    ranges,
    ...(a.settings && b.settings ? { settings: new Set([...a.settings, ...b.settings]) } : {}),
    ...(a.diagnoses && b.diagnoses ? { diagnoses: new Set([...a.diagnoses, ...b.diagnoses]) } : {}),
  };
}

function requirements(expr: ir.Expr, scope: Scope, seen: ReadonlySet<string>): Requirements {
  switch (expr.kind) {
    case "and":
      return expr.args.map((a) => requirements(a, scope, seen)).reduce(both, anything);
    case "or":
      return expr.args.map((a) => requirements(a, scope, seen)).reduce(either);
    case "truth": {
      const id = expr.value.kind === "define" ? expr.value.id : undefined;
      const body = id === undefined || seen.has(id) ? undefined : scope.defines.get(id);
      return body === undefined ? anything : requirements(body, scope, new Set([...seen, id!]));
    }
    case "in": {
      const codes = expr.value.kind === "diagnosis" && expr.set.kind === "code-list" ? scope.lists.get(expr.set.id) : undefined;
      return codes === undefined ? anything : { diagnoses: codes, ranges: new Map() };
    }
    case "is":
      if (expr.value.kind !== "patient" || expr.value.field !== "setting") return anything;
      return { settings: new Set(scope.settings.filter((s) => (s === expr.word) !== expr.negated)), ranges: new Map() };
    case "compare": {
      const variable = variableOf(expr.left);
      const range = variable === undefined ? undefined : rangeOf(variable, expr.op, expr.right);
      return range === undefined ? anything : { ranges: new Map([[variable!, range]]) };
    }
    case "between": {
      const variable = variableOf(expr.value);
      const low = variable === undefined ? undefined : rangeOf(variable, ">=", expr.low);
      const high = variable === undefined ? undefined : rangeOf(variable, "<=", expr.high);
      return low === undefined || high === undefined ? anything : { ranges: new Map([[variable!, intersect(low, high)]]) };
    }
    default:
      return anything;
  }
}

/** Whether no patient can make both conditions true, by the settings, ages, weights and scores they require. */
export function neverTogether(a: ir.Expr, b: ir.Expr, guideline: GuidelineIR): boolean {
  const scope = scopeOf(guideline);
  return impossible(both(requirements(a, scope, new Set()), requirements(b, scope, new Set())));
}

function impossible(r: Requirements): boolean {
  return r.settings?.size === 0 || r.diagnoses?.size === 0 || [...r.ranges.values()].some(empty);
}

/**
 * Whether no patient can make condition `a` of guideline `ga` and condition `b` of guideline `gb`
 * true together: by the settings each guideline and condition allows, the diagnoses they require
 * (compared code by code), and ages and weights. Scores are each guideline's own, so not compared.
 */
export function neverTogetherAcross(a: ir.Expr, ga: GuidelineIR, b: ir.Expr, gb: GuidelineIR): boolean {
  const own = (expr: ir.Expr, g: GuidelineIR): Requirements => {
    const r = requirements(expr, scopeOf(g), new Set());
    return { ...r, settings: r.settings ?? new Set(g.guideline.settings), ranges: new Map([...r.ranges].filter(([k]) => !k.startsWith("score:"))) };
  };
  return impossible(both(own(a, ga), own(b, gb)));
}
