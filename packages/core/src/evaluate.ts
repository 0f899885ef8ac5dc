/**
 * `evaluate`: guidelines + patient context + `now` → Decision. Pure and total: it never reads the
 * clock, never mutates its input and never throws; bad input comes back as diagnostics.
 *
 * How it works: the context is validated and indexed once per guideline; the rules the patient's
 * diagnoses can trigger are evaluated in order; each rule that fires contributes its outcomes;
 * treatment options are checked against allergies and their own conditions; alerts go through the
 * host's alert policy; missing data is gathered from everything that came out unknown.
 */
import { isLeft, left, right, type Either } from "#fp-ts/either";
import { applyAlertPolicy, defaultAlertPolicy, type AlertPolicy, type RaisedAlert } from "./alert-policy.js";
import { PLACEHOLDER_LIMIT } from "./card-text.js";
import type { ConditionTrace, Scope, TraceFrame } from "./condition.js";
import { Instant, PatientContext } from "./context.js";
import type {
  Concerns,
  Decision,
  DecisionAction,
  DecisionCompanion,
  DecisionRegimen,
  DecisionStrategy,
  DecisionText,
  EvaluatedGuideline,
  DecisionScore,
  ExcludedTreatment,
  MissingData,
  Treatment,
  WithheldTreatment,
} from "./decision-types.js";
import type { Diagnostic } from "./diagnostic.js";
import type { GuidelineIR } from "./ir.js";
import type { CardText } from "./ir-types.js";
import { describeMissing } from "./missing-data.js";
import { buildRecord, contextCodeKey, type CourseRecord, type CultureRecord, type PatientRecord } from "./patient-record.js";
import { implausibleValues } from "./plausibility.js";
import { schemaDiagnostics } from "./schema-diagnostics.js";
import { prepare, type Evaluator, type PreparedGuideline, type PreparedOption, type PreparedRule } from "./prepare.js";
import { decisionRegimens, type PreparedRegimens } from "./regimens.js";
import { addTime, formatInstant, isCalendarDate, parseInstant } from "./time.js";
import { isUnknown, mergeUnknown, Unknown, unknownFor, type Tri } from "./tri.js";
import { unknownCodeSystems } from "./unknown-code-systems.js";

/** Options for one evaluation. */
export interface EvaluateOptions {
  /** The moment to evaluate at (ISO date-time with zone). Steward never reads the clock itself. */
  readonly now: string;
  /** Overrides of the default alert policy. */
  readonly alertPolicy?: Partial<AlertPolicy>;
}

/** How one rule came out, with its trace when tracing. */
export interface RuleOutcome {
  readonly rule: PreparedRule;
  readonly result: Tri;
  /** Not evaluated because the patient has none of the diagnoses the rule requires. */
  readonly skipped: boolean;
  readonly trace: ConditionTrace | undefined;
  readonly options: readonly OptionOutcome[];
}

/** How one treatment option came out. */
export interface OptionOutcome {
  readonly option: PreparedOption;
  readonly status: "offered" | "excluded" | "withheld";
  readonly reason: string | undefined;
  readonly trace: ConditionTrace | undefined;
}

/** Per-guideline outcomes, for `explain`. */
export interface GuidelineOutcome {
  readonly guideline: PreparedGuideline;
  readonly applies: boolean;
  readonly rules: readonly RuleOutcome[];
}

/** Evaluates guidelines (compiled IR, or an `Evaluator` from `prepare`) for one patient context. */
export function evaluate(guidelines: Evaluator | readonly unknown[], context: unknown, options: EvaluateOptions): Either<readonly Diagnostic[], Decision> {
  const result = guarded(() => runEvaluation(guidelines, context, options, false));
  return isLeft(result) ? result : right(result.right.decision);
}

/** Runs `body`, turning an exception (always a bug in Steward) into a diagnostic, so no error crosses the boundary. */
export function guarded<T>(body: () => Either<readonly Diagnostic[], T>): Either<readonly Diagnostic[], T> {
  try {
    return body();
  } catch (e) {
    return left([{ code: "eval/internal-error", severity: "error", message: `internal error: ${(e as Error).message}`, hint: "this is a bug in Steward; please report it with the guideline and the patient context" }]);
  }
}

/** Validates the context and `now`, and returns the Decision with per-rule outcomes. */
export function runEvaluation(
  guidelines: Evaluator | readonly unknown[],
  context: unknown,
  options: EvaluateOptions,
  traced: boolean,
): Either<readonly Diagnostic[], { decision: Decision; outcomes: GuidelineOutcome[] }> {
  const evaluator = isEvaluator(guidelines) ? right(guidelines) : prepare(guidelines);
  if (isLeft(evaluator)) return evaluator;
  const nowText = Instant.safeParse(options?.now);
  if (!nowText.success || options.now.length === 10 || !isCalendarDate(options.now)) {
    return left([{ code: "eval/invalid-time", severity: "error", message: `\`now\` must be a date-time with a zone, like 2026-11-25T09:00:00Z; got ${JSON.stringify(options?.now)}` }]);
  }
  const parsed = PatientContext.safeParse(context, { reportInput: true });
  if (!parsed.success) return left(schemaDiagnostics(parsed.error.issues, "eval/invalid-context"));
  const ctx = parsed.data;
  const referenceErrors = checkReferences(ctx, evaluator.right);
  if (referenceErrors.length > 0) return left(referenceErrors);
  const now = parseInstant(options.now);
  const policy: AlertPolicy = { ...defaultAlertPolicy, ...options.alertPolicy };

  const implausible = implausibleValues(ctx, evaluator.right.observationsByCode, now);
  if (implausible.length > 0) return left(implausible);

  const builder = new DecisionBuilder(now, ctx);
  const outcomes: GuidelineOutcome[] = [];
  const prepared = evaluator.right.guidelines;
  const candidates = traced ? undefined : candidateGuidelines(evaluator.right, ctx);
  // Every guideline is listed; only those with a rule that can fire are looked at.
  const listed = (evaluator.right.listedBySetting.get(ctx.setting) ?? []).slice();
  for (const i of candidates ?? prepared.keys()) {
    const g = prepared[i]!;
    if (!g.settings.has(ctx.setting)) {
      if (traced) outcomes.push({ guideline: g, applies: false, rules: [] });
      continue;
    }
    const { outcome, info } = runGuideline(g, buildRecord(ctx, g.lookups, now), now, traced, builder);
    listed[i] = info;
    outcomes.push(outcome);
  }
  const { alerts, suppressed } = applyAlertPolicy(builder.alerts, ctx.acknowledgedAlerts ?? [], now, policy);
  const decision: Decision = {
    evaluatedAt: formatInstant(now),
    guidelines: listed,
    strategies: builder.strategies,
    treatments: builder.rankedTreatments(),
    excluded: builder.rankedExcluded(),
    withheld: builder.rankedWithheld(),
    advice: builder.advice,
    leaflets: builder.leaflets,
    alerts,
    suppressedAlerts: suppressed,
    actions: builder.actions,
    scores: builder.scores,
    missingData: builder.missingData(),
    unknownCodeSystems: unknownCodeSystems(ctx),
  };
  return right({ decision, outcomes });
}

function isEvaluator(value: unknown): value is Evaluator {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "steward-evaluator";
}

/** Drug and class ids in the context must name formulary entries: a typo must not hide an allergy. */
function checkReferences(ctx: PatientContext, evaluator: Evaluator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bad = (pointer: string, what: string, id: string, known: ReadonlySet<string>): void => {
    if (!known.has(id)) out.push({ code: "eval/unknown-reference", severity: "error", message: `${pointer}: \`${id}\` is not a ${what} in the formulary`, hint: `use a formulary id (${[...known].sort().slice(0, 8).join(", ")}…) or send a code instead` });
  };
  ctx.allergies?.forEach((a, i) => {
    if (a.drug !== undefined) bad(`/allergies/${i}/drug`, "drug", a.drug, evaluator.drugIds);
    if (a.class !== undefined) bad(`/allergies/${i}/class`, "drug class", a.class, evaluator.classIds);
  });
  ctx.orders?.forEach((o, i) => {
    if (o.drug.id !== undefined) bad(`/orders/${i}/drug/id`, "drug", o.drug.id, evaluator.drugIds);
  });
  ctx.microbiology?.forEach((c, i) =>
    c.susceptibilities.forEach((s, j) => {
      if (s.drug.id !== undefined) bad(`/microbiology/${i}/susceptibilities/${j}/drug/id`, "drug", s.drug.id, evaluator.drugIds);
    }),
  );
  return out;
}

function scopeFor(record: PatientRecord, now: number, defineCount: number, trace: TraceFrame | undefined): Scope {
  return { now, record, defines: new Array<Tri | undefined>(defineCount), course: undefined, culture: undefined, trace };
}

/**
 * The guidelines (by position) worth looking at: those with a rule that needs no diagnosis, and
 * those the patient's diagnoses can trigger. Undefined when the diagnoses are not recorded, since
 * then every rule that needs one is unknown rather than false.
 */
function candidateGuidelines(evaluator: Evaluator, ctx: PatientContext): readonly number[] | undefined {
  if (ctx.diagnoses === undefined) return undefined;
  const set = new Set(evaluator.alwaysEvaluated);
  for (const d of ctx.diagnoses) {
    if (d.status !== "active") continue;
    for (const i of evaluator.guidelinesByDiagnosis.get(contextCodeKey(d.code)) ?? []) set.add(i);
  }
  // invariant: guidelines are evaluated in id order, whichever diagnosis brought them in
  return [...set].sort((a, b) => a - b);
}

/** Evaluates one guideline that applies in the patient's setting. */
function runGuideline(g: PreparedGuideline, record: PatientRecord, now: number, traced: boolean, out: DecisionBuilder): { outcome: GuidelineOutcome; info: EvaluatedGuideline } {
  const ir = g.ir;
  const info: EvaluatedGuideline = { ...g.listedNoRules, rulesApplied: [] };

  const candidates = candidateRules(g, record);
  const scope = scopeFor(record, now, g.defineCount, undefined);
  const outcomes: RuleOutcome[] = [];
  for (const prepared of g.rules) {
    const isCandidate = candidates === undefined || candidates.has(prepared.order);
    if (!isCandidate && !traced) continue;
    const { result, fired, trace } = decideRule(prepared, record, now, g.defineCount, scope, traced);
    const options: OptionOutcome[] = [];
    if (result === true) {
      info.rulesApplied.push(prepared.rule.id);
      for (const binding of fired) applyRule(g, prepared, record, now, traced, out, options, binding, scope);
    } else if (isUnknown(result)) {
      out.needs(result, `to decide whether ${prepared.label} applies (rule ${prepared.rule.id})`, ir);
    }
    outcomes.push({ rule: prepared, result, skipped: !isCandidate, trace, options });
  }
  reportScores(g, outcomes, scope, out);
  return { outcome: { guideline: g, applies: true, rules: outcomes }, info };
}

/** The scores read by rules that fired or could not be decided (and by the options of those that fired), as far as the record decides them. */
function reportScores(g: PreparedGuideline, outcomes: readonly RuleOutcome[], scope: Scope, out: DecisionBuilder): void {
  const read = new Set<string>();
  for (const o of outcomes) {
    if (o.result === false) continue;
    o.rule.scores.forEach((id) => read.add(id));
    if (o.result === true) for (const option of o.rule.options) option.scores.forEach((id) => read.add(id));
  }
  for (const [id, p] of g.scores) {
    if (!read.has(id)) continue;
    const bounds = p.reading.bounds(scope);
    out.scores.push({
      guideline: g.ir.guideline.id,
      id,
      title: p.score.title,
      ...(bounds.missing === undefined ? { value: bounds.low } : {}),
      min: bounds.low,
      max: bounds.high,
      criteria: p.reading.criteria.map((criterion, i) => {
        const met = criterion(scope);
        return { text: p.texts[i]!, met: met === true ? ("yes" as const) : met === false ? ("no" as const) : ("unknown" as const) };
      }),
    });
  }
}

/** The course and culture a `for each` rule is looking at (both absent for an ordinary rule). */
interface Binding {
  readonly course?: CourseRecord;
  readonly culture?: CultureRecord;
}

/**
 * Every binding of a rule's `for each` over the lists that were sent, and the lists that were not
 * (their subjects are left unbound in each binding).
 */
function bindingsOf(forEach: readonly ("course" | "culture")[], record: PatientRecord): { bindings: Binding[]; unsent: Unknown | undefined } {
  let bindings: Binding[] = [{}];
  const unsent: string[] = [];
  for (const subject of forEach) {
    const items = subject === "course" ? record.courses : record.cultures;
    if (items === undefined) unsent.push(subject === "course" ? "list:orders" : "list:microbiology");
    else bindings = bindings.flatMap((b) => items.map((item) => (subject === "course" ? { ...b, course: item as CourseRecord } : { ...b, culture: item as CultureRecord })));
  }
  return { bindings, unsent: unsent.length > 0 ? new Unknown(unsent) : undefined };
}

function bindingLabel(b: Binding): string {
  return [b.course ? `order ${b.course.id} (${b.course.drugLabel})` : "", b.culture ? `culture ${b.culture.id} (${b.culture.specimen})` : ""].filter((x) => x !== "").join(", ");
}

/**
 * Decides a rule: for an ordinary rule its condition once; for a `for each` rule its condition for
 * each course (and culture), firing when it holds for any of them.
 */
function decideRule(prepared: PreparedRule, record: PatientRecord, now: number, defineCount: number, scope: Scope, traced: boolean): { result: Tri; fired: Binding[]; trace: ConditionTrace | undefined } {
  const forEach = prepared.rule.forEach;
  const evaluateAt = (b: Binding): { result: Tri; trace: ConditionTrace | undefined } => {
    if (!traced) return { result: prepared.when({ ...scope, course: b.course, culture: b.culture }), trace: undefined };
    const frame: TraceFrame = { children: [], seen: [] };
    const result = prepared.whenTraced({ ...scopeFor(record, now, defineCount, frame), course: b.course, culture: b.culture });
    return { result, trace: frame.children[0] };
  };
  if (forEach.length === 0) {
    const { result, trace } = evaluateAt({});
    return { result, fired: result === true ? [{}] : [], trace };
  }
  const { bindings, unsent } = bindingsOf(forEach, record);
  const fired: Binding[] = [];
  const unknowns: Unknown[] = [];
  const children: ConditionTrace[] = [];
  for (const b of bindings) {
    const { result, trace } = evaluateAt(b);
    if (result === true) fired.push(b);
    else if (isUnknown(result)) unknowns.push(result);
    if (trace !== undefined) children.push({ text: bindingLabel(b) || "with nothing recorded", result: trace.result, seen: [], missing: trace.missing, children: [trace] });
  }
  // With a list not sent, each binding has that subject unbound: the rule cannot fire, and is false
  // only if the condition is false whatever the missing items (a rule for inpatients, in primary care).
  const result: Tri =
    unsent === undefined
      ? fired.length > 0
        ? true
        : unknowns.length > 0
          ? mergeUnknown(unknowns)
          : false
      : fired.length === 0 && unknowns.length === 0
        ? false
        : mergeUnknown([unsent, ...unknowns]);
  const seen =
    bindings.length === 0
      ? [`no ${forEach.join(" or ")}s recorded`]
      : unsent !== undefined
        ? [`${unsent.missing.map((k) => (k === "list:orders" ? "orders" : "microbiology")).join(" and ")} not recorded`]
        : [];
  const trace = traced
    ? { text: `for each ${forEach.join(" and ")}`, result: isUnknown(result) ? ("unknown" as const) : result ? ("true" as const) : ("false" as const), seen, missing: isUnknown(result) ? result.missing : [], children }
    : undefined;
  return { result, fired: unsent === undefined ? fired : [], trace };
}

/** Fills `{course drug}`-style placeholders from the binding; with `limit`, a longer value is cut to it. */
function fill(text: string, b: Binding, lookups: PreparedGuideline["lookups"], limit = Infinity): string {
  if (!text.includes("{")) return text;
  return text.replace(/\{\s*(course|culture)\s+([a-z-]+)\s*\}/g, (whole, subject: string, field: string) => {
    const value = fillOne(whole, subject, field, b, lookups);
    return value.length > limit ? `${value.slice(0, limit - 1)}…` : value;
  });
}

function fillOne(whole: string, subject: string, field: string, b: Binding, lookups: PreparedGuideline["lookups"]): string {
  {
    if (subject === "course" && b.course) {
      const c = b.course;
      const drug = c.drug !== undefined ? lookups.drugs.get(c.drug) : undefined;
      switch (field) {
        case "drug":
          return drug?.name.toLowerCase() ?? c.drugLabel;
        case "route":
          return c.route;
        case "start":
          return c.start === undefined ? "(start not recorded)" : formatInstant(c.start);
        case "indication":
          return c.indicationCodes.length === 0 ? "(no coded indication)" : c.indicationCodes.map((i) => i.display ?? i.code).join(", ");
        case "aware":
          return drug?.aware ?? "(not recorded)";
        case "review":
          return c.review?.outcome ?? "(not reviewed)";
        case "reviewed":
          return c.review === undefined ? "(not reviewed)" : formatInstant(c.review.at);
        case "next-review":
          return c.review?.nextReview === undefined ? "(not set)" : formatInstant(c.review.nextReview);
        default:
          return whole;
      }
    }
    if (subject === "culture" && b.culture) {
      const c = b.culture;
      switch (field) {
        case "organism":
          return c.organismLabel ?? "(no organism reported)";
        case "specimen":
          return c.specimen;
        case "reported":
          return c.reported === undefined ? "(not reported)" : formatInstant(c.reported);
        case "collected":
          return c.collected === undefined ? "(collection time not recorded)" : formatInstant(c.collected);
        default:
          return whole;
      }
    }
    return whole;
  }
}

function concernsOf(b: Binding): Concerns | undefined {
  if (b.course === undefined && b.culture === undefined) return undefined;
  return {
    ...(b.course
      ? {
          order: {
            id: b.course.id,
            ...(b.course.drug !== undefined ? { drug: b.course.drug } : {}),
            name: b.course.drugLabel,
            route: b.course.route,
            indications: b.course.indicationCodes.map((i) => ({ system: i.system, code: i.code, ...(i.display !== undefined ? { display: i.display } : {}) })),
          },
        }
      : {}),
    ...(b.culture ? { culture: { id: b.culture.id, specimen: b.culture.specimen, ...(b.culture.organismLabel !== undefined ? { organism: b.culture.organismLabel } : {}) } } : {}),
  };
}

/** The rules worth evaluating: those with no required diagnosis, and those the patient's codes can trigger. */
function candidateRules(g: PreparedGuideline, record: PatientRecord): ReadonlySet<number> | undefined {
  if (record.diagnoses === undefined) return undefined;
  const set = new Set(g.unindexed);
  for (const code of record.diagnosisCodes) for (const i of g.byDiagnosis.get(code) ?? []) set.add(i);
  return set;
}

function applyRule(
  g: PreparedGuideline,
  prepared: PreparedRule,
  record: PatientRecord,
  now: number,
  traced: boolean,
  out: DecisionBuilder,
  options: OptionOutcome[],
  binding: Binding,
  scope: Scope,
): void {
  const { rule, provenance } = prepared;
  const text = (t: string): string => fill(t, binding, g.lookups);
  // A card's summary and detail, when the rule gives them: each summary value cut to the limit the checker counted.
  const card = (a: CardText) => ({
    ...(a.summary !== undefined ? { summary: fill(a.summary, binding, g.lookups, PLACEHOLDER_LIMIT) } : {}),
    ...(a.detail !== undefined ? { detail: text(a.detail) } : {}),
  });
  const concerns = concernsOf(binding);
  const about = concerns !== undefined ? { concerns } : {};
  // invariant: one rule's alert about two different orders are two alerts, so the key names the order
  const keySuffix = [binding.course?.id, binding.culture?.id].filter((x) => x !== undefined).join("+");
  for (const s of rule.strategies) out.strategy({ kind: s.kind, ...(s.delay !== undefined ? { delay: s.delay } : {}), ...(s.advice !== undefined ? { advice: s.advice } : {}), provenance });
  for (const a of rule.advice) out.text(out.advice, text(a.text), provenance, concerns, a.kind);
  for (const t of rule.leaflets) out.text(out.leaflets, t, provenance, undefined);
  for (const a of rule.alerts) {
    const overrides = a.overrideReasons !== undefined ? { overrideReasons: a.overrideReasons } : {};
    out.alerts.push({ priority: a.priority, message: text(a.message), ...card(a), ...overrides, key: keySuffix ? `${a.key}@${keySuffix}` : a.key, order: out.alerts.length, provenance, ...about });
  }
  for (const a of rule.actions) {
    switch (a.kind) {
      case "review": {
        const start = a.from === "course-start" ? binding.course?.start : a.from === "course-next-review" ? binding.course?.review?.nextReview : now;
        if (start === undefined) {
          const field = a.from === "course-next-review" ? "next-review" : "start";
          out.needs(unknownFor(`order:${binding.course?.id ?? "?"}:${field}`), `to time the review of ${binding.course?.drugLabel ?? "the course"} (rule ${rule.id})`, g.ir);
          break;
        }
        const dueAt = addTime(start, a.after.value, a.after.unit);
        const overdueAt = a.overdueAfter ? addTime(start, a.overdueAfter.value, a.overdueAfter.unit) : undefined;
        // "Overdue after 72 hours": at exactly 72 hours the review is due, a moment later overdue.
        const overdue = overdueAt !== undefined && now > overdueAt;
        out.actions.push({
          kind: "review",
          due: formatInstant(dueAt),
          after: a.after,
          status: overdue ? "overdue" : now >= dueAt ? "due" : "upcoming",
          overdue,
          ...(overdueAt !== undefined ? { overdueAt: formatInstant(overdueAt) } : {}),
          outcomes: a.outcomes,
          ...card(a),
          ...about,
          provenance,
        });
        break;
      }
      case "refer":
        out.actions.push({ kind: "refer", to: a.to, reason: text(a.reason), ...card(a), ...about, provenance });
        break;
      case "request": {
        const key = a.data.kind === "patient" ? `patient:${a.data.field}` : `${a.data.kind}:${a.data.id}`;
        out.actions.push({ kind: "request", data: key, description: describeMissing(key, g.ir, out.context), reason: text(a.reason), ...card(a), ...about, provenance });
        break;
      }
      case "suggest": {
        const course = binding.course;
        const drug = course?.drug !== undefined ? g.lookups.drugs.get(course.drug) : undefined;
        if (course === undefined || drug === undefined) break;
        if (a.suggestion === "oral-switch") {
          const oralId = drug.routes.includes("oral") ? course.drug! : drug.oralOption;
          const oral = oralId !== undefined ? g.lookups.drugs.get(oralId) : undefined;
          if (oralId === undefined || oral === undefined) {
            out.text(out.advice, `No oral option for ${drug.name.toLowerCase()} is listed in the formulary: choose one with the infection team before switching (rule ${rule.id})`, provenance, concerns);
            break;
          }
          out.actions.push({ kind: "switch-to-oral", to: { id: oralId, name: oral.name, ...(oral.aware !== undefined ? { aware: oral.aware as "access" } : {}) }, reason: text(a.reason), ...card(a), ...about, provenance });
        } else {
          const culture = binding.culture;
          if (culture === undefined) break;
          const narrower = [...culture.susceptibility]
            .filter(([id, result]) => result === "susceptible" && id !== course.drug && g.lookups.drugs.get(id)?.aware === "access")
            .map(([id]) => id)
            .sort();
          if (narrower.length === 0) break;
          out.actions.push({
            kind: "de-escalate",
            to: narrower.map((id) => ({ id, name: g.lookups.drugs.get(id)!.name, aware: "access" as const })),
            reason: text(a.reason),
            ...card(a),
            ...about,
            provenance,
          });
        }
        break;
      }
    }
  }
  prepared.options.forEach((option) => options.push(evaluateOption(g, prepared, option, record, now, traced, out, scope)));
}

function evaluateOption(g: PreparedGuideline, prepared: PreparedRule, p: PreparedOption, record: PatientRecord, now: number, traced: boolean, out: DecisionBuilder, scope: Scope): OptionOutcome {
  const { option, drug, lowerName } = p;
  const provenance = prepared.provenance;
  const base = { rank: option.rank, drug, provenance };
  const cautions: string[] = [];

  const allergy = p.allergy(scope);
  if (allergy === true) {
    const frame: TraceFrame = { children: [], seen: [] };
    p.allergyTraced(scopeFor(record, now, g.defineCount, frame));
    const reason = frame.children[0]?.seen.join("; ") || `allergy to ${lowerName} recorded`;
    out.excluded.push({ ...base, because: "allergy", reason });
    return { option: p, status: "excluded", reason, trace: frame.children[0] };
  }
  if (isUnknown(allergy)) {
    cautions.push(`check for allergy to ${lowerName}: ${allergyDoubt(allergy, lowerName, g)}`);
    out.needs(allergy, `to rule out an allergy to ${lowerName}`, g.ir);
  }

  let trace: ConditionTrace | undefined;
  if (p.onlyIf !== undefined) {
    const gate = p.onlyIf(scope);
    // The trace is only needed to explain an exclusion or a withholding without a note of its own.
    if (traced || gate === false || (isUnknown(gate) && option.unknownNote === undefined)) {
      const frame: TraceFrame = { children: [], seen: [] };
      p.onlyIfTraced!(scopeFor(record, now, g.defineCount, frame));
      trace = frame.children[0];
    }
    if (gate === false) {
      const reason = `not met: ${explainResult(trace!, "false")}`;
      out.excluded.push({ ...base, because: "condition", reason });
      return { option: p, status: "excluded", reason, trace };
    }
    if (isUnknown(gate)) {
      out.needs(gate, `to recommend ${lowerName} (${option.rank} choice, rule ${prepared.rule.id})`, g.ir);
      const note = option.unknownNote;
      switch (option.ifUnknown) {
        case "withhold": {
          const reason = note ?? `needs data: ${explainResult(trace!, "unknown")}`;
          out.withheld.push({ ...base, reason, needs: gate.missing.map((k) => describeMissing(k, g.ir, out.context)) });
          return { option: p, status: "withheld", reason, trace };
        }
        case "exclude": {
          const reason = note ?? `not known: ${explainResult(trace!, "unknown")}`;
          out.excluded.push({ ...base, because: "unknown", reason });
          return { option: p, status: "excluded", reason, trace };
        }
        case "offer":
          cautions.push(note ?? `check: ${explainResult(trace!, "unknown")}`);
          break;
      }
    }
  }

  const regimensOf = (regimens: PreparedRegimens, name: string): DecisionRegimen[] =>
    decisionRegimens(regimens, record.weightKg, (dose) => out.needs(unknownFor(record.weightMissing), `to calculate the ${dose} dose of ${name}`, g.ir));
  const combinedWith: DecisionCompanion[] = [];
  for (const c of p.companions) {
    const companion = { drug: c.drug, regimens: regimensOf(c.regimens, c.lowerName), ...(c.addIf !== undefined ? { addIf: c.addIf } : {}) };
    const allergic = c.allergy(scope);
    if (allergic === true) {
      const frame: TraceFrame = { children: [], seen: [] };
      c.allergyTraced(scopeFor(record, now, g.defineCount, frame));
      const why = frame.children[0]?.seen.join("; ") || `allergy to ${c.lowerName} recorded`;
      if (c.addIf === undefined) {
        // The combination is the option: without its companion the guideline does not offer the drug alone.
        const reason = `${lowerName} is given with ${c.lowerName}: ${why}`;
        out.excluded.push({ ...base, because: "allergy", reason });
        return { option: p, status: "excluded", reason, trace: frame.children[0] };
      }
      cautions.push(`do not add ${c.lowerName}, even if ${c.addIf}: ${why}`);
      continue;
    }
    if (isUnknown(allergic)) {
      cautions.push(`check for allergy to ${c.lowerName}: ${allergyDoubt(allergic, c.lowerName, g)}`);
      out.needs(allergic, `to rule out an allergy to ${c.lowerName}`, g.ir);
    }
    combinedWith.push(companion);
  }
  out.treatments.push({ ...base, regimens: regimensOf(p.regimens, lowerName), combinedWith, notes: option.notes, cautions, ...(option.unverified !== undefined ? { unverified: option.unverified } : {}) });
  return { option: p, status: "offered", reason: cautions.length > 0 ? cautions.join("; ") : undefined, trace };
}

/** Why an allergy could not be ruled out, in words: no history, an entry not matched, or a severity not recorded. */
function allergyDoubt(unknown: Unknown, drugName: string, g: PreparedGuideline): string {
  if (unknown.missing.includes("list:allergies")) return "the allergy history is not recorded";
  const reasons: string[] = [];
  if (unknown.missing.some((k) => k.startsWith("allergy:"))) reasons.push("an allergy is not matched to the formulary");
  for (const k of unknown.missing) {
    if (!k.startsWith("allergy-severity:")) continue;
    const c = k.slice("allergy-severity:".length);
    reasons.push(`the severity of the allergy to ${g.lookups.classes.get(c)?.title.toLowerCase() ?? c} is not recorded, and ${drugName} may cross-react after a severe reaction`);
  }
  return reasons.length > 0 ? reasons.join("; ") : "the allergy history is not fully matched to the formulary";
}

/** The parts of a trace that made it come out `wanted`, as `condition (what it saw)` text. */
export function explainResult(trace: ConditionTrace, wanted: "false" | "unknown"): string {
  const leaves: ConditionTrace[] = [];
  const walk = (node: ConditionTrace, want: "true" | "false" | "unknown"): void => {
    if (node.text === "not") {
      const child = node.children[0];
      if (child !== undefined && child.children.length === 0) leaves.push({ ...child, text: `not ${child.text}` });
      else if (child !== undefined) walk(child, want === "true" ? "false" : want === "false" ? "true" : "unknown");
      return;
    }
    const matching = node.children.filter((c) => c.result === want);
    if (matching.length === 0 || (node.text !== "all of" && node.text !== "any of" && node.seen.length > 0 && node.children.length === 0)) {
      leaves.push(node);
      return;
    }
    matching.forEach((c) => walk(c, want));
  };
  walk(trace, wanted);
  return leaves.map((l) => (l.seen.length > 0 ? `${l.text} (${l.seen.join("; ")})` : l.text)).join("; ");
}

const rankOrder = { first: 0, second: 1, alternative: 2 } as const;

/** Collects a Decision's parts in rule order. */
class DecisionBuilder {
  readonly strategies: DecisionStrategy[] = [];
  readonly treatments: Omit<Treatment, never>[] = [];
  readonly excluded: ExcludedTreatment[] = [];
  readonly withheld: WithheldTreatment[] = [];
  readonly advice: DecisionText[] = [];
  readonly leaflets: DecisionText[] = [];
  readonly alerts: RaisedAlert[] = [];
  readonly actions: DecisionAction[] = [];
  readonly scores: DecisionScore[] = [];
  private readonly missing = new Map<string, { description: string; neededFor: string[] }>();

  constructor(
    readonly now: number,
    readonly context: PatientContext,
  ) {}

  strategy(s: DecisionStrategy): void {
    if (!this.strategies.some((x) => x.kind === s.kind && x.advice === s.advice)) this.strategies.push(s);
  }

  text(list: DecisionText[], text: string, provenance: DecisionText["provenance"], concerns: Concerns | undefined, kind?: DecisionText["kind"]): void {
    if (!list.some((x) => x.text === text && x.kind === kind)) list.push({ text, ...(kind !== undefined ? { kind } : {}), ...(concerns !== undefined ? { concerns } : {}), provenance });
  }

  needs(unknown: Unknown, purpose: string, ir: GuidelineIR): void {
    for (const key of unknown.missing) {
      const entry = this.missing.get(key) ?? { description: describeMissing(key, ir, this.context), neededFor: [] };
      if (!entry.neededFor.includes(purpose)) entry.neededFor.push(purpose);
      this.missing.set(key, entry);
    }
  }

  missingData(): MissingData[] {
    return [...this.missing].map(([data, v]) => ({ data, description: v.description, neededFor: v.neededFor }));
  }

  rankedTreatments(): Treatment[] {
    return stableRank(this.treatments);
  }
  rankedExcluded(): ExcludedTreatment[] {
    return stableRank(this.excluded);
  }
  rankedWithheld(): WithheldTreatment[] {
    return stableRank(this.withheld);
  }
}

function stableRank<T extends { rank: keyof typeof rankOrder }>(items: readonly T[]): T[] {
  return items.map((item, i) => ({ item, i })).sort((a, b) => rankOrder[a.item.rank] - rankOrder[b.item.rank] || a.i - b.i).map((x) => x.item);
}
