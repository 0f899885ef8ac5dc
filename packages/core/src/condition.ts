/**
 * Compiles IR conditions into closures once, so evaluation walks no generic tree. Each condition
 * has a fast form and a traced form built by the same code: the traced form also records what
 * every comparison saw, for `explain` and for the reasons given when an option is excluded.
 */
import { assessAllergy } from "./allergy-check.js";
import type { CompareOp, Expr, GuidelineIR, Quantity, Value } from "./ir.js";
import type { CourseRecord, CultureRecord, Lookups, PatientRecord, ResultValue } from "./patient-record.js";
import { addTime, completedMonths, describeAge, describeTime, formatDate, formatInstant } from "./time.js";
import { isUnknown, mergeUnknown, Unknown, unknownFor, type Maybe, type Tri } from "./tri.js";
import { convert, findUnit } from "./units.js";

/** What a condition is evaluated against. */
export interface Scope {
  readonly now: number;
  readonly record: PatientRecord;
  readonly defines: (Tri | undefined)[];
  readonly course: CourseRecord | undefined;
  readonly culture: CultureRecord | undefined;
  readonly trace: TraceFrame | undefined;
}

/** How one condition came out, with what it saw: the tree `explain` prints. */
export interface ConditionTrace {
  /** Where the condition sits in the guideline (`non-pregnant-women/when/2`), for coverage; absent on grouping nodes. */
  readonly id?: string;
  readonly text: string;
  readonly result: "true" | "false" | "unknown";
  readonly seen: readonly string[];
  readonly missing: readonly string[];
  readonly children: readonly ConditionTrace[];
}

/** A trace node being filled in. */
export interface TraceFrame {
  readonly children: ConditionTrace[];
  readonly seen: string[];
}

/** A compiled condition. */
export type Condition = (scope: Scope) => Tri;

/** Everything condition compilation needs from the guideline, computed once. */
export interface CompileContext {
  readonly ir: GuidelineIR;
  /** A code list, parameter, finding or score of the guideline by id, without a scan. */
  readonly find: FindById;
  readonly lookups: Lookups;
  readonly defineIndex: ReadonlyMap<string, number>;
  /** Compiled defines, filled in as they are compiled (defines never refer to themselves). */
  readonly defines: Condition[];
  /** Compiled score criteria, by score id, filled in as scores are first read. */
  readonly scores: Map<string, readonly Condition[]>;
  readonly traced: boolean;
}

/** Looks up one of a guideline's code lists, parameters, findings or scores by id. */
export type FindById = <K extends "codeLists" | "parameters" | "findings" | "scores">(kind: K, id: string) => GuidelineIR[K][number] | undefined;

/** `FindById` over `ir`, each table indexed when first read. */
export function findById(ir: GuidelineIR): FindById {
  const tables = new Map<string, Map<string, unknown>>();
  return (kind, id) => {
    let table = tables.get(kind);
    if (table === undefined) tables.set(kind, (table = new Map(ir[kind].map((x: { id: string }) => [x.id, x]))));
    return table.get(id) as never;
  };
}

/**
 * A score as far as the record decides it: it lies from `low` to `high`, and `missing` (when the
 * two differ, or a recorded score was not sent) is the data that would decide it.
 */
export interface ScoreBounds {
  readonly low: number;
  readonly high: number;
  readonly missing: Unknown | undefined;
}

/** A span of time ending now-ish: from a start (known within a range) to an end. */
interface Elapsed {
  readonly from: number;
  readonly fromLatest: number;
  readonly to: number;
}

type Getter<T> = (scope: Scope) => Maybe<T>;

type CompiledValue =
  | { readonly kind: "number"; readonly unit: string; readonly get: Getter<number>; readonly constant?: number }
  /** `completed`: an age, counted in completed units (`aged 64` is 64 until the 65th birthday). */
  | { readonly kind: "elapsed"; readonly get: Getter<Elapsed>; readonly constant?: Quantity; readonly completed?: boolean }
  | { readonly kind: "word"; readonly get: Getter<string> }
  | { readonly kind: "bool"; readonly get: Getter<boolean> }
  | { readonly kind: "codes"; readonly get: Getter<readonly string[]> }
  | { readonly kind: "drug"; readonly get: Getter<string> }
  | { readonly kind: "instant"; readonly get: Getter<number> }
  | { readonly kind: "score"; readonly get: (scope: Scope) => ScoreBounds };

function triText(t: Tri): "true" | "false" | "unknown" {
  return isUnknown(t) ? "unknown" : t ? "true" : "false";
}

/**
 * Compiles a condition. `path` names where it sits in the guideline (`rule-id/when`, children add
 * `/0`, `/1` …); in a traced context the closure also records a `ConditionTrace` node with that id.
 */
export function compileCondition(expr: Expr, cx: CompileContext, path: string): Condition {
  const inner = compileBare(expr, cx, path);
  if (!cx.traced || expr.kind === "and" || expr.kind === "or" || expr.kind === "not") return inner;
  const text = expr.text;
  return (scope) => {
    const parent = scope.trace!;
    const frame: TraceFrame = { children: [], seen: [] };
    const result = inner({ ...scope, trace: frame });
    parent.children.push({ id: path, text, result: triText(result), seen: frame.seen, missing: isUnknown(result) ? result.missing : [], children: frame.children });
    return result;
  };
}

/** Wraps an `and` / `or` / `not` so its traced form shows as a node holding its parts. */
function traceLogical(text: string, inner: Condition, cx: CompileContext): Condition {
  if (!cx.traced) return inner;
  return (scope) => {
    const parent = scope.trace!;
    const frame: TraceFrame = { children: [], seen: [] };
    const result = inner({ ...scope, trace: frame });
    parent.children.push({ text, result: triText(result), seen: [], missing: isUnknown(result) ? result.missing : [], children: frame.children });
    return result;
  };
}

function compileBare(expr: Expr, cx: CompileContext, path: string): Condition {
  switch (expr.kind) {
    case "and": {
      const args = expr.args.map((a, i) => compileCondition(a, cx, `${path}/${i}`));
      return traceLogical("all of", (scope) => {
        let unknowns: Unknown[] | undefined;
        for (const arg of args) {
          const r = arg(scope);
          if (r === false) {
            if (!cx.traced) return false;
            unknowns = undefined;
            // keep evaluating in traced mode so the trace shows every part
            for (const rest of args.slice(args.indexOf(arg) + 1)) rest(scope);
            return false;
          }
          if (r !== true) (unknowns ??= []).push(r);
        }
        return unknowns ? mergeUnknown(unknowns) : true;
      }, cx);
    }
    case "or": {
      const args = expr.args.map((a, i) => compileCondition(a, cx, `${path}/${i}`));
      return traceLogical("any of", (scope) => {
        let unknowns: Unknown[] | undefined;
        for (const arg of args) {
          const r = arg(scope);
          if (r === true) {
            if (cx.traced) for (const rest of args.slice(args.indexOf(arg) + 1)) rest(scope);
            return true;
          }
          if (r !== false) (unknowns ??= []).push(r);
        }
        return unknowns ? mergeUnknown(unknowns) : false;
      }, cx);
    }
    case "not": {
      const arg = compileCondition(expr.arg, cx, `${path}/0`);
      return traceLogical("not", (scope) => {
        const r = arg(scope);
        return isUnknown(r) ? r : !r;
      }, cx);
    }
    case "compare": {
      const left = compileValue(expr.left, cx);
      const right = compileValue(expr.right, cx);
      return compareValues(left, right, expr.op, cx);
    }
    case "between": {
      const value = compileValue(expr.value, cx);
      if (value.kind === "score") {
        // The score is read once, so its criteria are evaluated (and traced) once.
        const get = value.get;
        const low = boundsOf(compileValue(expr.low, cx));
        const high = boundsOf(compileValue(expr.high, cx));
        return (scope) => {
          const b = get(scope);
          return and2(compareBounds(b, low(scope), ">="), compareBounds(b, high(scope), "<="));
        };
      }
      const low = compareValues(value, compileValue(expr.low, cx), ">=", cx);
      const high = compareValues(value, compileValue(expr.high, cx), "<=", cx);
      return (scope) => and2(low(scope), high(scope));
    }
    case "is": {
      const value = compileValue(expr.value, cx);
      if (value.kind !== "word" && value.kind !== "drug") throw new Error("`is` needs a word or drug value");
      const word = expr.word;
      const get = value.get;
      return (scope) => {
        const v = get(scope);
        if (isUnknown(v)) return v;
        return expr.negated ? v !== word : v === word;
      };
    }
    case "known": {
      if (isValue(expr.value)) {
        const value = compileValue(expr.value, cx);
        if (value.kind === "score") {
          const get = value.get;
          return (scope) => (get(scope).missing === undefined) !== expr.negated;
        }
        return (scope) => {
          const v = value.get(scope);
          // A field of a course or culture that is not bound (its list was not sent) is neither known nor not known.
          if (v === ordersUnknown || v === microbiologyUnknown) return v;
          const known = !isUnknown(v);
          return expr.negated ? !known : known;
        };
      }
      throw new Error("`is known` needs a value");
    }
    case "in": {
      const value = compileValue(expr.value, cx);
      if (expr.set.kind === "code-list") {
        const list = cx.find("codeLists", expr.set.id);
        if (list === undefined || value.kind !== "codes") throw new Error(`unknown code list ${expr.set.id}`);
        const keys = new Set(list.codes.map((c) => `${c.system === "dmd" ? "snomed" : c.system}|${c.code}`));
        const get = value.get;
        return (scope) => {
          const codes = get(scope);
          if (isUnknown(codes)) return codes;
          for (const c of codes) if (keys.has(c)) return true;
          return false;
        };
      }
      const classId = expr.set.id;
      if (value.kind !== "drug") throw new Error("`in` a class needs a drug");
      const get = value.get;
      const drugs = cx.lookups.drugs;
      return (scope) => {
        const drug = get(scope);
        if (isUnknown(drug)) return drug;
        return drugs.get(drug)?.allClasses.includes(classId) ?? false;
      };
    }
    case "allergic":
      return compileAllergic(expr.target, cx);
    case "truth": {
      if (expr.value.kind === "define") return compileDefineRef(expr.value.id, cx);
      const value = compileValue(expr.value, cx);
      if (value.kind !== "bool") throw new Error("a condition needs a true/false value");
      return value.get;
    }
    case "exists": {
      const where = expr.where ? compileCondition(expr.where, cx, `${path}/where`) : undefined;
      const negated = expr.negated;
      const subject = expr.subject;
      return (scope) => {
        const items = subject === "course" ? scope.record.courses : scope.record.cultures;
        if (items === undefined) return unknownFor(subject === "course" ? "list:orders" : "list:microbiology");
        if (items.length === 0) scope.trace?.seen.push(subject === "course" ? "no current or draft orders" : "no cultures recorded");
        let unknowns: { id: string; unknown: Unknown }[] | undefined;
        let found = false;
        // Traced, the items are read in id order, so a reason that names what each one lacked does not depend on list order.
        for (const item of cx.traced ? [...items].sort(byId) : items) {
          if (where === undefined) {
            found = true;
            break;
          }
          const inner: Scope = subject === "course" ? { ...scope, course: item as CourseRecord } : { ...scope, culture: item as CultureRecord };
          const r = cx.traced ? traceItem(subject, item, inner, where) : where(inner);
          if (r === true) {
            found = true;
            if (!cx.traced) break;
          } else if (r !== false) (unknowns ??= []).push({ id: item.id, unknown: r });
        }
        // What the items lacked is merged in id order too, so evaluate and explain list missing data alike.
        const result: Tri = found ? true : unknowns ? mergeUnknown(unknowns.sort(byId).map((u) => u.unknown)) : false;
        if (isUnknown(result)) return result;
        return negated ? !result : result;
      };
    }
  }
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** In a trace, groups what one order or culture made of an `any … where` condition. */
function traceItem(subject: "course" | "culture", item: CourseRecord | CultureRecord, scope: Scope, where: Condition): Tri {
  const frame: TraceFrame = { children: [], seen: [] };
  const result = where({ ...scope, trace: frame });
  const text = subject === "course" ? `order ${item.id} (${(item as CourseRecord).drugLabel})` : `culture ${item.id} (${(item as CultureRecord).specimen})`;
  scope.trace!.children.push({ text, result: triText(result), seen: [], missing: isUnknown(result) ? result.missing : [], children: frame.children });
  return result;
}

function and2(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === true && b === true) return true;
  return mergeUnknown([a, b].filter(isUnknown));
}

const valueKinds = new Set(["quantity", "parameter", "patient", "define", "finding", "diagnosis", "observation", "course", "culture", "susceptibility", "time-since", "score", "onset"]);

function isValue(v: unknown): v is Value {
  return typeof v === "object" && v !== null && valueKinds.has((v as { kind: string }).kind);
}

function compileDefineRef(id: string, cx: CompileContext): Condition {
  const index = cx.defineIndex.get(id);
  if (index === undefined) throw new Error(`unknown define ${id}`);
  const defines = cx.defines;
  if (cx.traced) {
    // Traced: evaluate the define afresh so its parts appear in the trace under its name.
    return (scope) => {
      const frame: TraceFrame = { children: [], seen: [] };
      const result = defines[index]!({ ...scope, trace: frame });
      scope.trace!.seen.push(`${id} is ${triText(result)}`);
      scope.trace!.children.push(...frame.children);
      return result;
    };
  }
  return (scope) => {
    const cached = scope.defines[index];
    if (cached !== undefined) return cached;
    const result = defines[index]!(scope);
    scope.defines[index] = result;
    return result;
  };
}

function compileAllergic(target: Extract<Expr, { kind: "allergic" }>["target"], cx: CompileContext): Condition {
  const lookups = cx.lookups;
  const check = (scope: Scope, drug: string | undefined, classId: string | undefined): Tri => {
    const assessment = assessAllergy({ drug, classId }, scope.record.allergies, lookups);
    if (scope.trace !== undefined) scope.trace.seen.push(...assessment.reasons, ...assessment.cautions);
    return assessment.result;
  };
  if (target.kind === "course-drug") {
    return (scope) => {
      const course = scope.course;
      if (course === undefined) return ordersUnknown;
      if (course.drug === undefined) return unknownFor(`order:${course.id}:drug`);
      return check(scope, course.drug, undefined);
    };
  }
  const drug = target.kind === "drug" ? target.id : undefined;
  const classId = target.kind === "class" ? target.id : undefined;
  return (scope) => check(scope, drug, classId);
}

// ---- values ---------------------------------------------------------------------------------

function record<T>(scope: Scope, label: string, value: Maybe<T>, show: (v: T) => string): Maybe<T> {
  if (scope.trace !== undefined) scope.trace.seen.push(isUnknown(value) ? `${label} is not recorded` : `${label} = ${show(value)}`);
  return value;
}

function traced<T>(cx: CompileContext, label: string, get: Getter<T>, show: (v: T) => string): Getter<T> {
  if (!cx.traced) return get;
  return (scope) => record(scope, label, get(scope), show);
}

function withUnit(value: number, unit: string): string {
  return unit === "" ? String(value) : `${value} ${unit}`;
}

/** Compiles a value into a typed getter. */
function compileValue(v: Value, cx: CompileContext): CompiledValue {
  switch (v.kind) {
    case "quantity":
      return constantQuantity({ value: v.value, unit: v.unit });
    case "parameter": {
      const p = cx.find("parameters", v.id);
      if (p === undefined) throw new Error(`unknown parameter ${v.id}`);
      return constantQuantity(p.value);
    }
    case "patient":
      return patientValue(v.field, cx);
    case "define": {
      const cond = compileDefineRef(v.id, cx);
      return { kind: "bool", get: cond };
    }
    case "finding": {
      const id = v.id;
      // A finding that is current only for a while (`valid-for`): an older record, or one with no time, is unknown.
      const validFor = cx.find("findings", id)?.validFor;
      const missing = unknownFor(validFor === undefined ? `finding:${id}` : `finding:${id}@${validFor.value} ${validFor.unit}`);
      return {
        kind: "bool",
        get: traced(
          cx,
          id,
          (scope) => {
            const f = scope.record.findings.get(id);
            if (f === undefined) return missing;
            if (validFor !== undefined && (f.time === undefined || f.time < addTime(scope.now, -validFor.value, validFor.unit))) {
              scope.trace?.seen.push(f.time === undefined ? `${id}: recorded with no time, so not known to be current` : `${id}: last recorded ${formatInstant(f.time)}, more than ${describeTime(validFor.value, validFor.unit)} ago`);
              return missing;
            }
            return f.present;
          },
          (b) => (b ? "present" : "absent"),
        ),
      };
    }
    case "diagnosis":
      return {
        kind: "codes",
        get: traced(cx, "diagnoses", (scope) => (scope.record.diagnoses ? scope.record.diagnosisCodes : unknownFor("list:diagnoses")), (codes) => (codes.length === 0 ? "none" : codes.map((c) => c.split("|")[1]).join(", "))),
      };
    case "trend": {
      const id = v.id;
      const within = v.within;
      const key = within ? `observation:${id}@${within.value} ${within.unit}` : `observation:${id}`;
      return {
        kind: "word",
        get: traced(
          cx,
          `trend of ${id}`,
          (scope) => {
            const list = inWindow(scope, id, within);
            const [latest, previous] = list;
            if (latest === undefined || previous === undefined) return unknownFor(`${key}:two-results`);
            if (latest.value === undefined || previous.value === undefined) return unknownFor((latest.unreadable ?? previous.unreadable)!);
            return latest.value < previous.value ? "falling" : latest.value > previous.value ? "rising" : "steady";
          },
          (w) => w,
        ),
      };
    }
    case "observation": {
      const id = v.id;
      const unit = cx.lookups.observationUnit.get(id) ?? "";
      const within = v.within;
      if (v.aggregate !== undefined) {
        const key = within ? `observation:${id}@${within.value} ${within.unit}` : `observation:${id}`;
        const pick = v.aggregate === "highest" ? Math.max : Math.min;
        return {
          kind: "number",
          unit,
          get: traced(
            cx,
            `${v.aggregate} ${id}`,
            (scope) => {
              const list = inWindow(scope, id, within);
              if (list.length === 0) return unknownFor(key);
              const unreadable = list.filter((r) => r.value === undefined).map((r) => r.unreadable!);
              return unreadable.length > 0 ? new Unknown(unreadable) : pick(...list.map((r) => r.value!));
            },
            (n) => `${withUnit(n, unit)}`,
          ),
        };
      }
      const key = within ? `observation:${id}@${within.value} ${within.unit}` : `observation:${id}`;
      const get: Getter<number> = (scope) => {
        const list = scope.record.results.get(id);
        const latest = list?.[0];
        if (latest === undefined) return unknownFor(key);
        if (within !== undefined && latest.time < addTime(scope.now, -within.value, within.unit)) return unknownFor(key);
        if (latest.value === undefined) return unknownFor(latest.unreadable);
        if (scope.trace !== undefined) scope.trace.seen.push(`${id} = ${withUnit(latest.value, unit)} on ${formatDate(latest.time)}`);
        return latest.value;
      };
      const tracedGet: Getter<number> = cx.traced
        ? (scope) => {
            const r = get(scope);
            if (isUnknown(r)) {
              const list = scope.record.results.get(id);
              const latest = list?.[0];
              scope.trace!.seen.push(
                latest === undefined
                  ? `${id}: no result recorded`
                  : latest.value === undefined && (within === undefined || latest.time >= addTime(scope.now, -within.value, within.unit))
                    ? `${id}: latest result (${formatDate(latest.time)}) is in a unit that cannot be read as ${unit === "" ? "a plain number" : unit}`
                    : `${id}: latest result (${formatDate(latest.time)}) is older than ${describeTime(within!.value, within!.unit)}`,
              );
            }
            return r;
          }
        : get;
      return { kind: "number", unit, get: tracedGet };
    }
    case "course":
      return whenBound("course", courseValue(v.field, cx));
    case "culture":
      return whenBound("culture", cultureValue(v.field, cx));
    case "susceptibility": {
      const drugRef = v.drug;
      const get: Getter<string> = (scope) => {
        const culture = scope.culture;
        if (culture === undefined) return microbiologyUnknown;
        let drug: string | undefined;
        if (drugRef.kind === "course-drug") {
          if (scope.course === undefined) return ordersUnknown;
          drug = scope.course.drug;
          if (drug === undefined) return unknownFor(`order:${scope.course.id}:drug`);
        } else drug = drugRef.id;
        return culture.susceptibility.get(drug) ?? unknownFor(`culture:${culture.id}:susceptibility:${drug}`);
      };
      return { kind: "word", get: traced(cx, "culture result", get, (w) => w) };
    }
    case "time-since": {
      const inner = compileValue(v.of, cx);
      if (inner.kind !== "instant") throw new Error("`time since` needs a date and time");
      const get = inner.get;
      return {
        kind: "elapsed",
        // Symptoms "for 10 days" count completed days, as an age counts completed years.
        ...(v.of.kind === "onset" ? { completed: true } : {}),
        get: (scope) => {
          const at = get(scope);
          if (isUnknown(at)) return at;
          return { from: at, fromLatest: at, to: scope.now };
        },
      };
    }
    case "onset":
      return onsetValue(v.of, cx);
    case "score":
      return scoreValue(v.id, cx);
  }
}

/**
 * When a diagnosis in a code list (the earliest, if the patient has several) or a finding began.
 * Unknown when the diagnosis or finding is not recorded, or a matching diagnosis has no onset.
 */
function onsetValue(of: Extract<Value, { kind: "onset" }>["of"], cx: CompileContext): CompiledValue {
  const key = `${of.kind === "finding" ? "finding" : "diagnosis"}-onset:${of.id}`;
  const missing = unknownFor(key);
  if (of.kind === "finding") {
    const id = of.id;
    return { kind: "instant", get: traced(cx, `onset of ${id}`, (scope) => scope.record.findingOnsets.get(id) ?? missing, formatInstant) };
  }
  const list = cx.find("codeLists", of.id);
  if (list === undefined) throw new Error(`unknown code list ${of.id}`);
  const keys = new Set(list.codes.map((c) => `${c.system === "dmd" ? "snomed" : c.system}|${c.code}`));
  const get: Getter<number> = (scope) => {
    if (scope.record.diagnoses === undefined) return unknownFor("list:diagnoses");
    let earliest: number | undefined;
    for (const d of scope.record.diagnosisOnsets) {
      if (!keys.has(d.key)) continue;
      if (d.onset === undefined) return missing;
      earliest = earliest === undefined ? d.onset : Math.min(earliest, d.onset);
    }
    return earliest ?? missing;
  };
  return { kind: "instant", get: traced(cx, `onset of ${of.id}`, get, formatInstant) };
}

/**
 * A score's bounds. Computed: the criteria met, up to that plus the ones unknown. Recorded: the
 * latest result, or the score's whole range while none is recorded.
 */
function scoreValue(id: string, cx: CompileContext): CompiledValue {
  const score = cx.find("scores", id);
  if (score === undefined) throw new Error(`unknown score ${id}`);
  if (score.kind === "recorded") {
    const missing = unknownFor(`score:${id}`);
    const whole: ScoreBounds = { low: score.min, high: score.max, missing };
    const get = (scope: Scope): ScoreBounds => {
      const latest = scope.record.results.get(id)?.[0];
      if (latest === undefined) {
        scope.trace?.seen.push(`${id} is not recorded`);
        return whole;
      }
      // A latest result in a unit that cannot be read leaves the score anywhere in its range.
      if (latest.value === undefined) {
        scope.trace?.seen.push(`${id}: latest result (${formatDate(latest.time)}) is in a unit that cannot be read as a plain number`);
        return { low: score.min, high: score.max, missing: unknownFor(latest.unreadable) };
      }
      scope.trace?.seen.push(`${id} = ${latest.value} on ${formatDate(latest.time)}`);
      return { low: latest.value, high: latest.value, missing: undefined };
    };
    return { kind: "score", get };
  }
  let criteria = cx.scores.get(id);
  if (criteria === undefined) {
    criteria = score.criteria.map((c, i) => compileCondition(c.condition, cx, `score:${id}/${i}`));
    cx.scores.set(id, criteria);
  }
  const compiled = criteria;
  const get = (scope: Scope): ScoreBounds => {
    const frame: TraceFrame | undefined = scope.trace === undefined ? undefined : { children: [], seen: [] };
    const inner = frame === undefined ? scope : { ...scope, trace: frame };
    let met = 0;
    const unknowns: Unknown[] = [];
    for (const criterion of compiled) {
      const r = criterion(inner);
      if (r === true) met++;
      else if (r !== false) unknowns.push(r);
    }
    const bounds: ScoreBounds = { low: met, high: met + unknowns.length, missing: unknowns.length > 0 ? mergeUnknown(unknowns) : undefined };
    if (frame !== undefined) {
      scope.trace!.seen.push(`${id} = ${describeBounds(bounds)}`);
      scope.trace!.children.push(...frame.children);
    }
    return bounds;
  };
  return { kind: "score", get };
}

/** How to read a score: its bounds, and a computed score's criteria in order (none for a recorded score). */
export interface ScoreReading {
  readonly bounds: (scope: Scope) => ScoreBounds;
  readonly criteria: readonly Condition[];
}

/** Compiles the reading of a score, for showing it in a Decision. */
export function compileScore(id: string, cx: CompileContext): ScoreReading {
  const value = scoreValue(id, cx) as Extract<CompiledValue, { kind: "score" }>;
  return { bounds: value.get, criteria: cx.scores.get(id) ?? [] };
}

/** `3`, or `2 to 4` while criteria are unknown. */
export function describeBounds(b: { readonly low: number; readonly high: number }): string {
  return b.low === b.high ? String(b.low) : `${b.low} to ${b.high}`;
}

/** The results of an observation inside a window ending now (all of them without a window), newest first. */
function inWindow(scope: Scope, id: string, within: Quantity | undefined): readonly ResultValue[] {
  const list = scope.record.results.get(id) ?? [];
  if (within === undefined) return list;
  const since = addTime(scope.now, -within.value, within.unit);
  return list.filter((r) => r.time >= since);
}

function constantQuantity(q: Quantity): CompiledValue {
  const unit = findUnit(q.unit);
  if (unit?.dimension === "time") return { kind: "elapsed", get: () => new Unknown([]), constant: q };
  return { kind: "number", unit: q.unit, get: () => q.value, constant: q.value };
}

function patientValue(field: Extract<Value, { kind: "patient" }>["field"], cx: CompileContext): CompiledValue {
  const missing = unknownFor(`patient:${field}`);
  switch (field) {
    case "age":
      return {
        kind: "elapsed",
        completed: true,
        get: traced(
          cx,
          "age",
          (scope) => {
            const birth = scope.record.birth;
            return birth === undefined ? missing : { from: birth.earliest, fromLatest: birth.latest, to: scope.now };
          },
          (e) => (e.from === e.fromLatest ? describeAge(e.from, e.to) : `${describeAge(e.fromLatest, e.to)} (whole years only)`),
        ),
      };
    case "weight":
      return { kind: "number", unit: "kg", get: traced(cx, "weight", (scope) => scope.record.weightKg ?? unknownFor(scope.record.weightMissing), (w) => `${w} kg`) };
    case "sex":
      return { kind: "word", get: traced(cx, "sex", (scope) => scope.record.sex ?? missing, (s) => s) };
    case "pregnant": {
      const get: Getter<boolean> = (scope) => scope.record.pregnant ?? missing;
      // The trace says why a man with no pregnancy recorded is not pregnant.
      return { kind: "bool", get: cx.traced ? (scope) => record(scope, "pregnant", get(scope), (b) => (b ? "yes" : scope.record.pregnancyFromSex ? "no (recorded as male; no pregnancy recorded)" : "no")) : get };
    }
    case "at-term":
      return { kind: "bool", get: traced(cx, "at term", (scope) => scope.record.atTerm ?? missing, (b) => (b ? "yes" : "no")) };
    case "breastfeeding":
      return { kind: "bool", get: traced(cx, "breastfeeding", (scope) => scope.record.breastfeeding ?? missing, (b) => (b ? "yes" : "no")) };
    case "trimester":
      return { kind: "number", unit: "", get: traced(cx, "trimester", (scope) => scope.record.trimester ?? missing, String) };
    case "gestation":
      return {
        kind: "elapsed",
        completed: true,
        get: traced(
          cx,
          "gestation",
          (scope) => {
            const weeks = scope.record.gestationWeeks;
            if (weeks === undefined) return missing;
            const from = scope.now - weeks * 7 * 86_400_000;
            return { from, fromLatest: from, to: scope.now };
          },
          (e) => `${Math.round((e.to - e.from) / (7 * 86_400_000))} weeks`,
        ),
      };
    case "setting":
      return { kind: "word", get: traced(cx, "setting", (scope) => scope.record.setting, (s) => s) };
  }
}

const ordersUnknown = unknownFor("list:orders");
const microbiologyUnknown = unknownFor("list:microbiology");

/**
 * A course or culture field, unknown when no course (culture) is bound: a `for each` rule is
 * checked once without one when the list is not sent, so that a condition false whatever the
 * course (the setting, say) still decides it.
 */
function whenBound(subject: "course" | "culture", value: CompiledValue): CompiledValue {
  const get = value.get as Getter<unknown>;
  const missing = subject === "course" ? ordersUnknown : microbiologyUnknown;
  return { ...value, get: (scope: Scope) => ((subject === "course" ? scope.course : scope.culture) === undefined ? missing : get(scope)) } as CompiledValue;
}

function courseValue(field: Extract<Value, { kind: "course" }>["field"], cx: CompileContext): CompiledValue {
  switch (field) {
    case "drug":
      return {
        kind: "drug",
        get: traced(cx, "course drug", (scope) => scope.course!.drug ?? unknownFor(`order:${scope.course!.id}:drug`), (d) => d),
      };
    case "route":
      return { kind: "word", get: traced(cx, "course route", (scope) => scope.course!.route, (r) => r) };
    case "status":
      return { kind: "word", get: traced(cx, "course status", (scope) => scope.course!.status, (w) => w) };
    case "start":
      return { kind: "instant", get: traced(cx, "course start", (scope) => scope.course!.start ?? unknownFor(`order:${scope.course!.id}:start`), (t) => formatDate(t)) };
    case "indication":
      return {
        kind: "codes",
        get: traced(cx, "course indication", (scope) => scope.course!.indications ?? unknownFor(`order:${scope.course!.id}:indications`), (codes) => (codes.length === 0 ? "none" : codes.map((c) => c.split("|")[1]).join(", "))),
      };
    case "indicated":
      return { kind: "bool", get: traced(cx, "course indicated", (scope) => (scope.course!.indications?.length ?? 0) > 0, (b) => (b ? "yes" : "no coded indication linked")) };
    case "aware":
      return {
        kind: "word",
        get: traced(cx, "course aware", (scope) => {
          const drug = scope.course!.drug;
          if (drug === undefined) return unknownFor(`order:${scope.course!.id}:drug`);
          return cx.lookups.drugs.get(drug)?.aware ?? unknownFor(`order:${scope.course!.id}:aware`);
        }, (w) => w),
      };
    case "oral-option":
      return {
        kind: "drug",
        get: traced(cx, "course oral-option", (scope) => {
          const id = scope.course!.drug;
          const drug = id === undefined ? undefined : cx.lookups.drugs.get(id);
          if (id === undefined || drug === undefined) return unknownFor(`order:${scope.course!.id}:drug`);
          return drug.routes.includes("oral") ? id : (drug.oralOption ?? unknownFor(`order:${scope.course!.id}:oral-option`));
        }, (d) => d),
      };
    case "review":
      return { kind: "word", get: traced(cx, "course review", (scope) => scope.course!.review?.outcome ?? unknownFor(`order:${scope.course!.id}:review`), (w) => w) };
    case "reviewed":
      return { kind: "instant", get: traced(cx, "course reviewed", (scope) => scope.course!.review?.at ?? unknownFor(`order:${scope.course!.id}:review`), (t) => formatInstant(t)) };
    case "next-review":
      return { kind: "instant", get: traced(cx, "course next-review", (scope) => scope.course!.review?.nextReview ?? unknownFor(`order:${scope.course!.id}:next-review`), (t) => formatInstant(t)) };
  }
}

function cultureValue(field: Extract<Value, { kind: "culture" }>["field"], cx: CompileContext): CompiledValue {
  switch (field) {
    case "specimen":
      return { kind: "word", get: traced(cx, "culture specimen", (scope) => scope.culture!.specimen, (s) => s) };
    case "organism":
      return {
        kind: "codes",
        get: traced(cx, "culture organism", (scope) => {
          const c = scope.culture!;
          if (c.noGrowth) return [];
          return c.organism === undefined ? unknownFor(`culture:${c.id}:organism`) : [c.organism];
        }, (codes) => (codes.length === 0 ? "no growth" : "recorded")),
      };
    case "reported":
      return { kind: "instant", get: traced(cx, "culture reported", (scope) => scope.culture!.reported ?? unknownFor(`culture:${scope.culture!.id}:reported`), (t) => formatInstant(t)) };
    case "collected":
      return { kind: "instant", get: traced(cx, "culture collected", (scope) => scope.culture!.collected ?? unknownFor(`culture:${scope.culture!.id}:collected`), (t) => formatInstant(t)) };
  }
}

// ---- comparisons ----------------------------------------------------------------------------

const ops: Record<CompareOp, (a: number, b: number) => boolean> = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "=": (a, b) => a === b,
  "!=": (a, b) => a !== b,
};

function compareValues(left: CompiledValue, right: CompiledValue, op: CompareOp, cx: CompileContext): Condition {
  void cx;
  const test = ops[op];
  if (left.kind === "score" || right.kind === "score") {
    const getLeft = boundsOf(left);
    const getRight = boundsOf(right);
    return (scope) => compareBounds(getLeft(scope), getRight(scope), op);
  }
  if (left.kind === "number" && right.kind === "number") {
    const factor = conversionFactor(right.unit, left.unit);
    const getLeft = left.get;
    if (right.constant !== undefined) {
      const threshold = right.constant * factor;
      return (scope) => {
        const a = getLeft(scope);
        return isUnknown(a) ? a : test(a, threshold);
      };
    }
    const getRight = right.get;
    return (scope) => {
      const a = getLeft(scope);
      const b = getRight(scope);
      if (isUnknown(a) || isUnknown(b)) return mergeUnknown([a, b].filter(isUnknown));
      return test(a, b * factor);
    };
  }
  if (left.kind === "instant" && right.kind === "instant") {
    const getLeft = left.get;
    const getRight = right.get;
    return (scope) => {
      const a = getLeft(scope);
      const b = getRight(scope);
      if (isUnknown(a) || isUnknown(b)) return mergeUnknown([a, b].filter(isUnknown));
      return test(a, b);
    };
  }
  if (left.kind === "number" && right.kind === "elapsed" && right.constant !== undefined) {
    // An observation measured in a time unit (days of symptoms) against a fixed duration.
    const threshold = right.constant.value * conversionFactor(right.constant.unit, left.unit);
    const getLeft = left.get;
    return (scope) => {
      const a = getLeft(scope);
      return isUnknown(a) ? a : test(a, threshold);
    };
  }
  if (left.kind === "elapsed" && right.kind === "elapsed" && right.constant !== undefined) {
    const { value, unit } = right.constant;
    const getLeft = left.get;
    // invariant: comparing elapsed time with a threshold is comparing the end with start + threshold
    const calendar = findUnit(unit)?.calendar;
    const monthsPer = calendar === "year" ? 12 : calendar === "month" ? 1 : undefined;
    const reached =
      monthsPer !== undefined && Number.isInteger(value)
        ? (e: Elapsed, from: number, amount: number): boolean => completedMonths(from, e.to) >= amount * monthsPer
        : (e: Elapsed, from: number, amount: number): boolean => e.to >= addTime(from, amount, unit);
    // An age counts completed units: `<= 64 years` holds until the 65th birthday, `> 64 years` from it.
    const decide =
      left.completed === true && Number.isInteger(value)
        ? ({
            "<": (e: Elapsed, from: number) => !reached(e, from, value),
            "<=": (e: Elapsed, from: number) => !reached(e, from, value + 1),
            ">": (e: Elapsed, from: number) => reached(e, from, value + 1),
            ">=": (e: Elapsed, from: number) => reached(e, from, value),
            "=": (e: Elapsed, from: number) => reached(e, from, value) && !reached(e, from, value + 1),
            "!=": (e: Elapsed, from: number) => !(reached(e, from, value) && !reached(e, from, value + 1)),
          } as const)[op]
        : (e: Elapsed, from: number) => test(e.to, addTime(from, value, unit));
    return (scope) => {
      const e = getLeft(scope);
      if (isUnknown(e)) return e;
      const early = decide(e, e.from);
      if (e.from === e.fromLatest) return early;
      const late = decide(e, e.fromLatest);
      return early === late ? early : unknownFor("patient:birthDate");
    };
  }
  throw new Error(`cannot compare ${left.kind} with ${right.kind}`);
}

/** A plain number or score as bounds: a known number is its own lowest and highest value. */
function boundsOf(v: CompiledValue): (scope: Scope) => ScoreBounds {
  if (v.kind === "score") return v.get;
  if (v.kind !== "number") throw new Error(`cannot compare a score with ${v.kind}`);
  const get = v.get;
  return (scope) => {
    const n = get(scope);
    return isUnknown(n) ? { low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY, missing: n } : { low: n, high: n, missing: undefined };
  };
}

/**
 * Compares two values known to lie within bounds: decided when every value in the bounds gives the
 * same answer (`feverpain >= 4` is false with two criteria known absent, whatever the other three),
 * unknown otherwise.
 */
function compareBounds(a: ScoreBounds, b: ScoreBounds, op: CompareOp): Tri {
  const undecided = (): Tri => mergeUnknown([a.missing, b.missing].filter((m): m is Unknown => m !== undefined));
  const always = ops[op];
  switch (op) {
    case "<":
    case "<=":
      if (always(a.high, b.low)) return true;
      if (!always(a.low, b.high)) return false;
      return undecided();
    case ">":
    case ">=":
      if (always(a.low, b.high)) return true;
      if (!always(a.high, b.low)) return false;
      return undecided();
    case "=":
    case "!=": {
      const equal = a.low === a.high && b.low === b.high && a.low === b.low ? true : a.high < b.low || a.low > b.high ? false : undefined;
      if (equal === undefined) return undecided();
      return op === "=" ? equal : !equal;
    }
  }
}

function conversionFactor(from: string, to: string): number {
  if (from === to) return 1;
  const f = findUnit(from);
  const t = findUnit(to);
  const factor = f && t ? convert(1, f, t) : undefined;
  if (factor === undefined) throw new Error(`cannot convert ${from} to ${to}`);
  return factor;
}
