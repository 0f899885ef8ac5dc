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
import { applyAlertPolicy, defaultAlertPolicy, type AlertPolicy } from "./alert-policy.js";
import { bindingLabel, concernsOf, fill, groupByCourse, type Binding } from "./binding.js";
import { fillCardText } from "./card-text.js";
import type { ConditionTrace, Scope, TraceFrame } from "./condition.js";
import { Instant, PatientContext } from "./context.js";
import { DecisionBuilder } from "./decision-builder.js";
import type { Decision, DecisionAction, DecisionCompanion, DecisionRegimen, EvaluatedGuideline } from "./decision-types.js";
import type { Diagnostic } from "./diagnostic.js";
import { checkDrug, type DrugProblem } from "./drug-checks.js";
import { checkDurations } from "./duration-check.js";
import { optionProblems, type EvaluateOptions } from "./evaluate-options.js";
import { explainResult } from "./explain-result.js";
import { defaultContextLimits, hostValueProblems, withLimits } from "./limits.js";
import { describeMissing } from "./missing-data.js";
import { checkOrders } from "./order-checks.js";
import { buildRecord, contextCodeKey, type CourseRecord, type CultureRecord, type PatientRecord } from "./patient-record.js";
import { implausibleValues } from "./plausibility.js";
import { integrityProblems, reportedContradictions } from "./record-integrity.js";
import { prepare, type Evaluator, type PreparedGuideline, type PreparedOption, type PreparedRule } from "./prepare.js";
import { decisionRegimens, type PreparedRegimens } from "./regimens.js";
import { schemaDiagnostics } from "./schema-diagnostics.js";
import { suggestion } from "./suggestions.js";
import { addTime, formatInstant, isCalendarDate, parseInstant } from "./time.js";
import { isUnknown, mergeUnknown, Unknown, unknownFor, type Tri } from "./tri.js";
import { unknownCodeSystems } from "./unknown-code-systems.js";

export type { EvaluateOptions } from "./evaluate-options.js";

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
  /** The traced conditions of the contraindications and resistances checked for it (when tracing). */
  readonly checks: readonly ConditionTrace[];
}

/** Per-guideline outcomes, for `explain`. */
export interface GuidelineOutcome {
  readonly guideline: PreparedGuideline;
  readonly applies: boolean;
  readonly rules: readonly RuleOutcome[];
  /** The contraindication and resistance conditions this guideline's order checks evaluated (when tracing). */
  readonly orderChecks: readonly ConditionTrace[];
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
  const invalidOptions = optionProblems(options);
  if (invalidOptions.length > 0) return left(invalidOptions);
  // invariant: nothing reads the context before this walk has bounded it and found it to be JSON data
  const invalidValues = hostValueProblems(context, withLimits(defaultContextLimits, options.limits), { invalid: "eval/invalid-context", limit: "eval/limit-exceeded" });
  if (invalidValues.length > 0) return left(invalidValues);
  const parsed = PatientContext.safeParse(context, { reportInput: true });
  if (!parsed.success) return left(schemaDiagnostics(parsed.error.issues, "eval/invalid-context"));
  const ctx = parsed.data;
  const referenceErrors = checkReferences(ctx, evaluator.right);
  if (referenceErrors.length > 0) return left(referenceErrors);
  const now = parseInstant(options.now);
  const policy: AlertPolicy = { ...defaultAlertPolicy, ...options.alertPolicy };

  const implausible = implausibleValues(ctx, evaluator.right.observationsByCode, now);
  if (implausible.length > 0) return left(implausible);
  const broken = integrityProblems(ctx, now);
  if (broken.length > 0) return left(broken);

  const builder = new DecisionBuilder(now, ctx);
  const outcomes: GuidelineOutcome[] = [];
  const prepared = evaluator.right.guidelines;
  const candidates = traced ? undefined : candidateGuidelines(evaluator.right, ctx);
  // Each guideline's view of the record is built at most once, when first needed.
  const records = new Map<number, PatientRecord>();
  const recordOf = (i: number): PatientRecord => {
    let r = records.get(i);
    if (r === undefined) records.set(i, (r = buildRecord(ctx, prepared[i]!.lookups, now)));
    return r;
  };
  // Every guideline is listed; only those with a rule that can fire are looked at.
  const listed = (evaluator.right.listedBySetting.get(ctx.setting) ?? []).slice();
  for (const i of candidates ?? prepared.keys()) {
    const g = prepared[i]!;
    if (!g.settings.has(ctx.setting)) {
      if (traced) outcomes.push({ guideline: g, applies: false, rules: [], orderChecks: [] });
      continue;
    }
    const { outcome, info } = runGuideline(g, recordOf(i), now, traced, builder);
    listed[i] = info;
    outcomes.push(outcome);
  }
  // Orders are checked by every guideline that applies here, whether or not any of its rules could fire.
  const applying = ctx.orders?.some((o) => o.status === "active" || o.status === "draft") ? [...prepared.keys()].filter((i) => prepared[i]!.settings.has(ctx.setting)) : [];
  const checking = applying.map((i) => ({ guideline: prepared[i]!, record: () => recordOf(i), scope: (r: PatientRecord) => scopeFor(r, now, prepared[i]!.defineCount, undefined) }));
  const orderTraces = checkOrders(checking, builder, traced);
  checkDurations(checking, builder);
  if (traced) for (const o of outcomes) (o.orderChecks as ConditionTrace[]).push(...(orderTraces.get(o.guideline.ir.guideline.id) ?? []));
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
    unrecognisedDiagnoses: unrecognisedDiagnoses(ctx, evaluator.right),
    unmatchedAllergies: unmatchedAllergies(ctx, evaluator.right),
    unknownCodeSystems: unknownCodeSystems(ctx),
    contradictions: reportedContradictions(ctx),
  };
  return right({ decision, outcomes });
}

/** Active coded diagnoses no guideline reads: said, so a diagnosis never passes without anyone having looked at it. */
function unrecognisedDiagnoses(ctx: PatientContext, evaluator: Evaluator): Decision["unrecognisedDiagnoses"] {
  const seen = new Set<string>();
  const out: Decision["unrecognisedDiagnoses"] = [];
  for (const d of ctx.diagnoses ?? []) {
    const key = contextCodeKey(d.code);
    if (d.status !== "active" || evaluator.recognisedDiagnoses.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push({ system: d.code.system, code: d.code.code, ...(d.code.display !== undefined ? { display: d.code.display } : {}) });
  }
  return out;
}

/** Allergy records that count (medication, not refuted) and that no formulary drug or class matches. */
function unmatchedAllergies(ctx: PatientContext, evaluator: Evaluator): Decision["unmatchedAllergies"] {
  return (ctx.allergies ?? [])
    .filter((a) => a.verification !== "refuted" && a.verification !== "entered-in-error" && a.category === "medication")
    .filter((a) => a.drug === undefined && a.class === undefined && (a.code === undefined || !evaluator.allergyCodes.has(contextCodeKey(a.code))))
    .map((a) => ({
      ...(a.id !== undefined ? { id: a.id } : {}),
      ...(a.code !== undefined ? { code: { system: a.code.system, code: a.code.code, ...(a.code.display !== undefined ? { display: a.code.display } : {}) } } : {}),
      ...(a.reaction !== undefined ? { reaction: a.reaction } : {}),
    }));
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
  return { outcome: { guideline: g, applies: true, rules: outcomes, orderChecks: [] }, info };
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

/**
 * What a rule's `for each` goes over: the courses and the cultures (a subject the rule does not name,
 * or whose list was not sent, is the one unbound value), and the lists that were not sent.
 */
function subjectsOf(forEach: readonly ("course" | "culture")[], record: PatientRecord): { courses: readonly (CourseRecord | undefined)[]; cultures: readonly (CultureRecord | undefined)[]; unsent: Unknown | undefined } {
  const unsent: string[] = [];
  const over = <T>(subject: "course" | "culture", items: readonly T[] | undefined): readonly (T | undefined)[] => {
    if (!forEach.includes(subject)) return [undefined];
    if (items === undefined) unsent.push(subject === "course" ? "list:orders" : "list:microbiology");
    return items ?? [undefined];
  };
  return { courses: over("course", record.courses), cultures: over("culture", record.cultures), unsent: unsent.length > 0 ? new Unknown(unsent) : undefined };
}

/**
 * Decides a rule: for an ordinary rule its condition once; for a `for each` rule its condition for
 * each course (and culture), firing when it holds for any of them.
 */
function decideRule(prepared: PreparedRule, record: PatientRecord, now: number, defineCount: number, scope: Scope, traced: boolean): { result: Tri; fired: Binding[]; trace: ConditionTrace | undefined } {
  const forEach = prepared.rule.forEach;
  // One scope for every binding: a rule over pairs is decided for each course and culture, and a
  // new object for each would be most of the work.
  const at: { -readonly [K in keyof Scope]: Scope[K] } = { ...scope };
  const evaluateAt = (course: CourseRecord | undefined, culture: CultureRecord | undefined): { result: Tri; trace: ConditionTrace | undefined } => {
    if (!traced) {
      at.course = course;
      at.culture = culture;
      return { result: prepared.when(at), trace: undefined };
    }
    const frame: TraceFrame = { children: [], seen: [] };
    const result = prepared.whenTraced({ ...scopeFor(record, now, defineCount, frame), course, culture });
    return { result, trace: frame.children[0] };
  };
  if (forEach.length === 0) {
    const { result, trace } = evaluateAt(undefined, undefined);
    return { result, fired: result === true ? [{}] : [], trace };
  }
  const { courses, cultures, unsent } = subjectsOf(forEach, record);
  const fired: Binding[] = [];
  // The data any binding needs, each key once (many bindings need the same).
  const missing = new Set<string>(unsent?.missing);
  let undecided = false;
  const children: ConditionTrace[] = [];
  const binding = (course: CourseRecord | undefined, culture: CultureRecord | undefined): Binding => ({ ...(course !== undefined ? { course } : {}), ...(culture !== undefined ? { culture } : {}) });
  for (const course of courses) {
    for (const culture of cultures) {
      const { result, trace } = evaluateAt(course, culture);
      if (result === true) fired.push(binding(course, culture));
      else if (isUnknown(result)) {
        undecided = true;
        for (const key of result.missing) missing.add(key);
      }
      if (trace !== undefined) children.push({ text: bindingLabel(binding(course, culture)) || "with nothing recorded", result: trace.result, seen: [], missing: trace.missing, children: [trace] });
    }
  }
  // With a list not sent, each binding has that subject unbound: the rule cannot fire, and is false
  // only if the condition is false whatever the missing items (a rule for inpatients, in primary care).
  const result: Tri = unsent === undefined && fired.length > 0 ? true : (unsent !== undefined && fired.length > 0) || undecided ? new Unknown([...missing]) : false;
  const seen =
    courses.length * cultures.length === 0
      ? [`no ${forEach.join(" or ")}s recorded`]
      : unsent !== undefined
        ? [`${unsent.missing.map((k) => (k === "list:orders" ? "orders" : "microbiology")).join(" and ")} not recorded`]
        : [];
  const trace = traced
    ? { text: `for each ${forEach.join(" and ")}`, result: isUnknown(result) ? ("unknown" as const) : result ? ("true" as const) : ("false" as const), seen, missing: isUnknown(result) ? result.missing : [], children }
    : undefined;
  // A rule over pairs fires once per course, for its most recent culture (binding.ts).
  return { result, fired: unsent !== undefined ? [] : forEach.length > 1 ? groupByCourse(fired) : fired, trace };
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
  const concerns = concernsOf(binding);
  const about = concerns !== undefined ? { concerns } : {};
  // invariant: one rule's alert about two different orders are two alerts, so the key names the order
  const keySuffix = [binding.course?.id, binding.culture?.id].filter((x) => x !== undefined).join("+");
  for (const s of rule.strategies) out.strategy({ kind: s.kind, ...(s.delay !== undefined ? { delay: s.delay } : {}), ...(s.advice !== undefined ? { advice: s.advice } : {}), provenance });
  for (const a of rule.advice) out.text(out.advice, text(a.text), provenance, concerns, a.kind);
  for (const t of rule.leaflets) out.text(out.leaflets, t, provenance, undefined);
  for (const a of rule.alerts) {
    out.alerts.push({
      priority: a.priority,
      message: text(a.message),
      ...fillCardText(a, binding, g.lookups),
      key: keySuffix ? `${a.key}@${keySuffix}` : a.key,
      order: out.alerts.length,
      specific: prepared.specific,
      ...(a.recommends !== undefined ? { recommends: a.recommends } : {}),
      provenance,
      ...about,
    });
  }
  for (const a of rule.actions) {
    switch (a.kind) {
      case "review": {
        const start = { now, "course-start": binding.course?.start, "course-reviewed": binding.course?.review?.at, "course-next-review": binding.course?.review?.nextReview }[a.from];
        if (start === undefined) {
          const field = { now: "start", "course-start": "start", "course-reviewed": "review", "course-next-review": "next-review" }[a.from];
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
          ...fillCardText(a, binding, g.lookups),
          ...about,
          provenance,
        });
        break;
      }
      case "refer":
        out.actions.push({ kind: "refer", to: a.to, urgency: a.urgency, reason: text(a.reason), ...(a.unverified !== undefined ? { unverified: a.unverified } : {}), ...fillCardText(a, binding, g.lookups), ...about, provenance });
        break;
      case "request": {
        const key = a.data.kind === "patient" ? `patient:${a.data.field}` : `${a.data.kind}:${a.data.id}`;
        out.actions.push({ kind: "request", data: key, description: describeMissing(key, g.ir, out.context), reason: text(a.reason), ...fillCardText(a, binding, g.lookups), ...about, provenance });
        break;
      }
      case "suggest": {
        const result = suggestion(g, a, binding, scope, rule.id);
        for (const n of result.needs) out.needs(n.unknown, `to suggest ${g.lookups.drugs.get(n.drug)?.name.toLowerCase() ?? n.drug} (rule ${rule.id})`, g.ir);
        if (result.kind === "action") out.actions.push({ ...result.action, reason: text(a.reason), ...fillCardText(a, binding, g.lookups), ...about, provenance } as DecisionAction);
        else if (result.kind === "advice") out.text(out.advice, result.text, provenance, concerns);
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
  const purpose = `to recommend ${lowerName} (${option.rank} choice, rule ${prepared.rule.id})`;

  // Allergy, contraindications and culture resistance first: they override whatever the rule says.
  const checks: ConditionTrace[] = [];
  const problems = checkDrug(g, drug.id, scope, { resistance: true, ...(traced ? { traces: checks } : {}) });
  for (const x of problems) if (x.needs !== undefined) out.needs(x.needs, x.kind === "allergy" ? `to rule out an allergy to ${lowerName}` : purpose, g.ir);
  const exclusions = problems.filter((x) => x.effect === "exclude");
  if (exclusions.length > 0) {
    const reason = exclusions.map((x) => x.reason).join("; ");
    out.excluded.push({ ...base, because: exclusions[0]!.because, reason });
    // `explain` still shows what the option's own condition came to.
    let trace: ConditionTrace | undefined;
    if (traced && p.onlyIfTraced !== undefined) {
      const frame: TraceFrame = { children: [], seen: [] };
      p.onlyIfTraced(scopeFor(record, now, g.defineCount, frame));
      trace = frame.children[0];
    }
    return { option: p, status: "excluded", reason, trace, checks };
  }
  const withholding = problems.filter((x) => x.effect === "withhold").map((x) => ({ reason: x.reason, needs: x.needs }));
  const cautions = problems.filter((x) => x.effect === "caution").map((x) => x.reason);

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
      return { option: p, status: "excluded", reason, trace, checks };
    }
    if (isUnknown(gate)) {
      out.needs(gate, purpose, g.ir);
      const note = option.unknownNote;
      switch (option.ifUnknown) {
        case "withhold":
          withholding.unshift({ reason: note ?? `needs data: ${explainResult(trace!, "unknown")}`, needs: gate });
          break;
        case "exclude": {
          const reason = note ?? `not known: ${explainResult(trace!, "unknown")}`;
          out.excluded.push({ ...base, because: "unknown", reason });
          return { option: p, status: "excluded", reason, trace, checks };
        }
        case "offer":
          cautions.push(note ?? `check: ${explainResult(trace!, "unknown")}`);
          break;
      }
    }
  }
  if (withholding.length > 0) {
    const reason = withholding.map((x) => x.reason).join("; ");
    const needs = mergeUnknown(withholding.flatMap((x) => (x.needs !== undefined ? [x.needs] : [])));
    out.withheld.push({ ...base, reason, needs: needs.missing.map((k) => describeMissing(k, g.ir, out.context)) });
    return { option: p, status: "withheld", reason, trace, checks };
  }

  const regimensOf = (regimens: PreparedRegimens, name: string): DecisionRegimen[] =>
    decisionRegimens(regimens, record.weightKg, (dose) => out.needs(unknownFor(record.weightMissing), `to calculate the ${dose} dose of ${name}`, g.ir));
  // A drug given with the option is checked as the option's own drug is: allergy, contraindications, resistance.
  const combinedWith: DecisionCompanion[] = [];
  for (const c of p.companions) {
    const companionProblems = checkDrug(g, c.drug.id, scope, { resistance: true, ...(traced ? { traces: checks } : {}) });
    for (const x of companionProblems) if (x.needs !== undefined) out.needs(x.needs, x.kind === "allergy" ? `to rule out an allergy to ${c.lowerName}` : `to recommend ${c.lowerName} with ${lowerName} (${option.rank} choice, rule ${prepared.rule.id})`, g.ir);
    const against = companionProblems.filter((x) => x.effect !== "caution");
    if (against.length > 0) {
      const why = against.map((x) => x.reason).join("; ");
      if (c.addIf === undefined) {
        // The combination is the option: without its companion the guideline does not offer the drug alone.
        const reason = `${lowerName} is given with ${c.lowerName}: ${why}`;
        const excluded = against.find((x) => x.effect === "exclude");
        if (excluded !== undefined) {
          out.excluded.push({ ...base, because: excluded.because, reason });
          return { option: p, status: "excluded", reason, trace, checks };
        }
        out.withheld.push({ ...base, reason, needs: mergeUnknown(neededBy(against)).missing.map((k) => describeMissing(k, g.ir, out.context)) });
        return { option: p, status: "withheld", reason, trace, checks };
      }
      cautions.push(`do not add ${c.lowerName}, even if ${c.addIf}: ${why}`);
      continue;
    }
    cautions.push(...companionProblems.map((x) => x.reason));
    combinedWith.push({ drug: c.drug, regimens: regimensOf(c.regimens, c.lowerName), ...(c.addIf !== undefined ? { addIf: c.addIf } : {}) });
  }
  out.treatments.push({ ...base, regimens: regimensOf(p.regimens, lowerName), combinedWith, notes: option.notes, cautions, ...(option.unverified !== undefined ? { unverified: option.unverified } : {}) });
  return { option: p, status: "offered", reason: cautions.length > 0 ? cautions.join("; ") : undefined, trace, checks };
}

/** The data whose absence is behind some problems. */
function neededBy(problems: readonly DrugProblem[]): Unknown[] {
  return problems.flatMap((x) => (x.needs !== undefined ? [x.needs] : []));
}
