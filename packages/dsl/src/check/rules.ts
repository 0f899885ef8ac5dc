/**
 * Checks a rule: one `when`, at least one citation, something it does, and every outcome well
 * formed (treatments, strategies, alerts, reviews, referrals, requests for data).
 */
import { courseFields, cultureFields, findPatientBuiltin, findUnit, patientBuiltins, vocabulary, type ir } from "@steward/core";
import type * as ast from "../ast.js";
import { elaborateCondition } from "./conditions.js";
import { Deps, suggest, type Checker, type Elaborated, type Symbol } from "./context.js";
import { elaborateChoice, offeredChoices, unverifiedNote } from "./choices.js";
import { conditionEnv } from "./declarations.js";

/** Checks a rule and lowers it to IR; undefined when it has errors (all reported). */
export function elaborateRule(checker: Checker, sym: Symbol & { decl: ast.RuleDecl }): Elaborated<ir.Rule> | undefined {
  const rule = sym.decl;
  const deps = new Deps();
  const baseEnv = conditionEnv(checker, sym.file, deps);
  const complete = !checker.hasSyntaxErrorIn(rule.span);
  let ok = true;
  const fail = (): void => {
    ok = false;
  };

  const forEach = rule.clauses.filter((c): c is ast.ForEachClause => c.kind === "for-each");
  forEach.slice(1).forEach((c) => checker.report("check/conflicting-clauses", c.span, "a rule has one `for each`", "write `for each course and culture` to look at pairs"));
  const subjects = forEach[0]?.subjects ?? [];
  if (new Set(subjects).size !== subjects.length) {
    checker.report("check/conflicting-clauses", forEach[0]!.span, "`for each` names the same kind twice");
    ok = false;
  }
  const env = { ...baseEnv, subjects };
  const template = (text: ast.Text): string => {
    if (!checkTemplate(checker, text, subjects, "this rule is not")) ok = false;
    return text.value;
  };
  const citations: ir.Citation[] = [];
  let when: ir.Expr | undefined;
  let whenClause: ast.WhenClause | undefined;
  const strategies: ir.StrategyOption[] = [];
  const treatments: ir.TreatmentOption[] = [];
  const advice: ir.Advice[] = [];
  const leaflets: string[] = [];
  const alerts: ir.AlertTemplate[] = [];
  const actions: ir.ActionTemplate[] = [];
  let unverified: string | undefined;

  for (const clause of rule.clauses) {
    switch (clause.kind) {
      case "cite": {
        const source = checker.resolve(sym.file, clause.source, ["source"], "a source", "check/unknown-source");
        if (!source) fail();
        else {
          deps.add(source);
          citations.push({ source: source.decl.name.text, ...(clause.section ? { section: clause.section.value } : {}) });
        }
        break;
      }
      case "when":
        if (whenClause !== undefined) {
          checker.report("check/conflicting-clauses", clause.span, `rule \`${rule.name.text}\` already has a \`when\` on line ${whenClause.span.line}`, "join the conditions with `and` in one `when`");
          fail();
          break;
        }
        whenClause = clause;
        when = elaborateCondition(clause.expr, env);
        if (!when) fail();
        break;
      case "strategy": {
        const strategy = elaborateStrategy(checker, clause, strategies);
        if (strategy === undefined) fail();
        else strategies.push(strategy);
        break;
      }
      case "choice":
      case "offer": {
        if (subjects.length > 0) {
          // A treatment choice is for the patient, not for one course: the Decision could not say which course it answers.
          checker.report("check/conflicting-clauses", clause.span, "a `for each` rule cannot offer treatment choices", "offer choices in a rule without `for each`; about a course, use `suggest`, an alert or advice");
          fail();
          break;
        }
        const options = clause.kind === "choice" ? [elaborateChoice(checker, sym.file, clause, env, deps)] : offeredChoices(checker, sym.file, clause, deps);
        if (options === undefined || options.some((o) => o === undefined)) fail();
        else treatments.push(...(options as ir.TreatmentOption[]));
        break;
      }
      case "unverified": {
        const why = unverifiedNote(checker, clause, unverified, "rule");
        if (why === undefined) fail();
        else unverified = why;
        break;
      }
      case "advice": {
        const kinds = vocabulary.wordsOf(vocabulary.adviceKinds);
        const kind = clause.adviceKind?.text;
        if (kind !== undefined && !kinds.includes(kind)) {
          checker.report("check/unknown-word", clause.adviceKind!.span, `\`${kind}\` is not a kind of advice`, suggest(kind, kinds));
          fail();
        } else advice.push({ text: template(clause.text), ...(kind !== undefined ? { kind: kind as ir.Advice["kind"] & string } : {}) });
        break;
      }
      case "for-each":
        break;
      case "suggest": {
        const words = vocabulary.wordsOf(vocabulary.suggestions);
        if (!words.includes(clause.suggestion.text)) {
          checker.report("check/unknown-word", clause.suggestion.span, `\`${clause.suggestion.text}\` is not something a rule can suggest`, suggest(clause.suggestion.text, words));
          fail();
        } else if (!subjects.includes("course") || (clause.suggestion.text === "de-escalation" && !subjects.includes("culture"))) {
          const needed = clause.suggestion.text === "de-escalation" ? "for each course and culture" : "for each course";
          checker.report("check/subject-out-of-scope", clause.span, `\`suggest ${clause.suggestion.text}\` needs a rule that is \`${needed}\``);
          fail();
        } else if (clause.reason === undefined) {
          checker.report("check/missing-field", clause.span, "a suggestion needs its reason", `write \`suggest ${clause.suggestion.text} "why"\``);
          fail();
        } else {
          actions.push({ kind: "suggest", suggestion: clause.suggestion.text as "oral-switch", reason: template(clause.reason) });
        }
        break;
      }
      case "leaflet":
        if (clause.adviceKind !== undefined) {
          checker.report("check/unknown-word", clause.adviceKind.span, "a leaflet has no kind; only advice is `self-care` or `safety-net`", `write \`advice ${clause.adviceKind.text} "…"\` or \`leaflet "…"\``);
          fail();
        } else leaflets.push(clause.text.value);
        break;
      case "alert": {
        // invariant: a default key is the rule's own id, so one rule's alert de-duplicates with itself only
        const alert = checkAlert(checker, clause, rule.name.text, template);
        if (alert === undefined) fail();
        else alerts.push(alert);
        break;
      }
      case "if-unknown":
      case "window":
        checker.report("check/conflicting-clauses", clause.span, `a rule cannot hold \`${clauseWords[clause.kind]}\``, clauseHints[clause.kind]);
        fail();
        break;
      case "review": {
        const duration = (q: ast.QuantityNode): ir.Quantity | undefined => {
          const unit = q.unit === undefined ? undefined : findUnit(q.unit);
          if (unit?.dimension !== "time" || Number(q.number) < 0) {
            checker.report("check/unit-dimension", q.span, "a review needs a duration such as `48 hours`");
            return undefined;
          }
          return { value: Number(q.number), unit: unit.symbol };
        };
        let after = duration(clause.after);
        const overdue = clause.overdueAfter ? duration(clause.overdueAfter) : undefined;
        let from: Extract<ir.ActionTemplate, { kind: "review" }>["from"] = "now";
        if (clause.from !== undefined) {
          const timed = reviewTimedFrom[clause.from.text];
          if (timed === undefined) {
            checker.report("check/unknown-word", clause.from.span, `a review is timed from the course \`start\`, its last review (\`reviewed\`) or its \`next-review\`, not \`${clause.from.text}\``, suggest(clause.from.text, Object.keys(reviewTimedFrom)));
            fail();
          } else if (!subjects.includes("course")) {
            checker.report("check/subject-out-of-scope", clause.from.span, `\`from course ${clause.from.text}\` needs a rule that is \`for each course\``);
            fail();
          } else from = timed;
        }
        // Only the next review date set at the last review may be the due time itself (`after 0 hours`);
        // a `from` that is wrong is reported once, above.
        if (after !== undefined && after.value === 0 && from !== "course-next-review" && (clause.from === undefined || from !== "now")) {
          checker.report("check/invalid-value", clause.after.span, "a review must come some time after the moment it is counted from", "`after 0 hours` is only for `from course next-review`, the date the last review set");
          after = undefined;
        }
        const outcomeWords = vocabulary.wordsOf(vocabulary.reviewOutcomes);
        const outcomes: ir.ReviewOutcomeWord[] = [];
        for (const o of clause.outcomes) {
          if (!outcomeWords.includes(o.text)) {
            checker.report("check/unknown-word", o.span, `\`${o.text}\` is not a review outcome`, suggest(o.text, outcomeWords));
            fail();
          } else outcomes.push(o.text as ir.ReviewOutcomeWord);
        }
        if (after === undefined || (clause.overdueAfter !== undefined && overdue === undefined)) fail();
        else if (overdue !== undefined && lengthInHours(overdue) <= lengthInHours(after)) {
          checker.report("check/invalid-value", clause.overdueAfter!.span, "a review cannot be overdue before it is due");
          fail();
        } else actions.push({ kind: "review", after, from, ...(overdue ? { overdueAfter: overdue } : {}), outcomes });
        break;
      }
      case "refer": {
        const words = vocabulary.wordsOf(vocabulary.referralTargets);
        const urgencies = vocabulary.wordsOf(vocabulary.referralUrgencies);
        if (!words.includes(clause.target.text)) {
          checker.report("check/unknown-word", clause.target.span, `\`${clause.target.text}\` is not someone a rule can refer to`, suggest(clause.target.text, words));
          fail();
        } else if (clause.urgency === undefined) {
          checker.report("check/missing-field", clause.span, "a referral needs its urgency: `immediate`, `urgent` or `routine`", `write \`refer ${clause.target.text} routine "why"\``);
          fail();
        } else if (!urgencies.includes(clause.urgency.text)) {
          checker.report("check/unknown-word", clause.urgency.span, `\`${clause.urgency.text}\` is not a referral urgency`, suggest(clause.urgency.text, urgencies));
          fail();
        } else if (clause.reason === undefined) {
          checker.report("check/missing-field", clause.span, "a referral needs its reason", `write \`refer ${clause.target.text} ${clause.urgency.text} "why"\``);
          fail();
        } else {
          actions.push({
            kind: "refer",
            to: clause.target.text as Extract<ir.ActionTemplate, { kind: "refer" }>["to"],
            urgency: clause.urgency.text as Extract<ir.ActionTemplate, { kind: "refer" }>["urgency"],
            reason: template(clause.reason),
            ...(clause.unverified ? { unverified: clause.unverified.value } : {}),
          });
        }
        break;
      }
      case "request": {
        const data = requestTarget(checker, sym.file, clause.target, deps);
        if (data === undefined) fail();
        else if (clause.reason === undefined) {
          checker.report("check/missing-field", clause.span, "a request for data needs its reason", `write \`request ${clause.target.text} "what it is needed for"\``);
          fail();
        } else actions.push({ kind: "request", data, reason: template(clause.reason) });
        break;
      }
    }
  }

  if (complete) {
    if (whenClause === undefined) {
      checker.report("check/rule-without-condition", rule.name.span, `rule \`${rule.name.text}\` has no \`when\``, "say which patients it applies to: `when diagnosis in …`");
      fail();
    }
    if (rule.clauses.every((c) => c.kind !== "cite")) {
      checker.report("check/missing-citation", rule.name.span, `rule \`${rule.name.text}\` cites no source`, 'add `cite <source> "section"` naming the guideline text it encodes');
      fail();
    }
    const doesSomething = rule.clauses.some((c) => c.kind !== "cite" && c.kind !== "when" && c.kind !== "for-each" && c.kind !== "unverified");
    if (!doesSomething) {
      checker.report("check/rule-without-outcome", rule.name.span, `rule \`${rule.name.text}\` has no outcome`, "add a treatment choice, strategy, advice, alert or action");
      fail();
    }
  }
  if (!ok || when === undefined) return undefined;
  return {
    ir: { id: rule.name.text, ...(unverified !== undefined ? { unverified } : {}), forEach: [...subjects], citations, when, strategies, treatments, advice, leaflets, alerts, actions },
    deps: deps.all,
  };
}

/** What a review may be timed from, by the word after `from course`. */
const reviewTimedFrom: Readonly<Record<string, Extract<ir.ActionTemplate, { kind: "review" }>["from"]>> = {
  start: "course-start",
  reviewed: "course-reviewed",
  "next-review": "course-next-review",
};

/** Words and hints for the clauses only contraindications and resistances hold. */
const clauseWords = { "if-unknown": "if unknown", window: "window" } as const;
const clauseHints = {
  "if-unknown": "`if unknown` belongs inside a treatment choice, or in a contraindication",
  window: "`window` belongs in a resistance",
} as const;

/**
 * Checks the `{course …}` / `{culture …}` placeholders of a text against the subjects bound where
 * it is written; reports each bad one and returns false if there was any.
 */
export function checkTemplate(checker: Checker, text: ast.Text, subjects: readonly ("course" | "culture")[], notBound: string): boolean {
  let ok = true;
  for (const m of text.value.matchAll(/\{([^{}]*)\}/g)) {
    const [subject, field, ...extra] = m[1]!.trim().split(/\s+/);
    const fields = subject === "course" ? courseFields : subject === "culture" ? cultureFields : undefined;
    if (fields === undefined || field === undefined || extra.length > 0 || !fields.some((f) => f.name === field)) {
      checker.report("check/unresolved-name", text.span, `\`{${m[1]}}\` does not name a course or culture field`, "write, for example, `{course drug}` or `{culture organism}`");
      ok = false;
    } else if (!subjects.includes(subject as "course" | "culture")) {
      checker.report("check/subject-out-of-scope", text.span, `\`{${m[1]}}\` names a ${subject}, but ${notBound} \`for each ${subject}\``);
      ok = false;
    }
  }
  return ok;
}

/** Checks an `alert` clause and lowers it; `template` checks the message's placeholders. */
export function checkAlert(checker: Checker, clause: ast.AlertClause, defaultKey: string, template: (t: ast.Text) => string): ir.AlertTemplate | undefined {
  const words = vocabulary.wordsOf(vocabulary.alertPriorities);
  if (!words.includes(clause.priority.text)) {
    checker.report("check/unknown-word", clause.priority.span, `\`${clause.priority.text}\` is not an alert priority`, suggest(clause.priority.text, words));
    return undefined;
  }
  const outcomes = vocabulary.wordsOf(vocabulary.reviewOutcomes);
  if (clause.recommends !== undefined && !outcomes.includes(clause.recommends.text)) {
    checker.report("check/unknown-word", clause.recommends.span, `\`${clause.recommends.text}\` is not a review outcome`, suggest(clause.recommends.text, outcomes));
    return undefined;
  }
  return {
    priority: clause.priority.text as ir.AlertTemplate["priority"],
    message: template(clause.message),
    key: clause.key?.text ?? defaultKey,
    ...(clause.recommends ? { recommends: clause.recommends.text as ir.ReviewOutcomeWord } : {}),
  };
}

/** A rough length in hours, for ordering two durations (months and years by their average length). */
function lengthInHours(q: ir.Quantity): number {
  const unit = findUnit(q.unit)!;
  return unit.calendar === "month" ? q.value * 730.5 : unit.calendar === "year" ? q.value * 8766 : (q.value * unit.factor) / 3_600_000;
}

function requestTarget(checker: Checker, file: string, name: ast.Name, deps: Deps): Extract<ir.ActionTemplate, { kind: "request" }>["data"] | undefined {
  const sym = checker.lookup(file, name.text);
  if (sym?.decl.kind === "observation" || sym?.decl.kind === "finding") {
    deps.add(sym);
    return { kind: sym.decl.kind, id: name.text };
  }
  const builtin = findPatientBuiltin(name.text);
  if (sym === undefined && builtin !== undefined && name.text !== "diagnosis") return { kind: "patient", field: name.text as ir.PatientField };
  const candidates = [...checker.namesOfKind(file, ["observation", "finding"]), ...patientBuiltins.map((b) => b.name).filter((n) => n !== "diagnosis")];
  checker.report(
    sym === undefined ? "check/unresolved-name" : "check/wrong-kind-of-name",
    name.span,
    sym === undefined ? `\`${name.text}\` is not an observation, finding or patient fact` : `only observations, findings and patient facts can be requested; \`${name.text}\` is not one`,
    sym === undefined ? suggest(name.text, candidates) : undefined,
  );
  return undefined;
}

/** A `strategy` clause: a known strategy, given once; a back-up prescription with its advice, and a delay only for back-up. */
function elaborateStrategy(checker: Checker, clause: ast.StrategyClause, given: readonly ir.StrategyOption[]): ir.StrategyOption | undefined {
  const words = vocabulary.wordsOf(vocabulary.strategies);
  const kind = clause.strategy.text;
  if (!words.includes(kind)) {
    checker.report("check/unknown-word", clause.strategy.span, `\`${kind}\` is not a prescribing strategy`, suggest(kind, words));
    return undefined;
  }
  if (given.some((s) => s.kind === kind)) {
    checker.report("check/conflicting-clauses", clause.strategy.span, `the \`${kind}\` strategy is already given`);
    return undefined;
  }
  let ok = true;
  if (kind === "back-up" && clause.advice === undefined) {
    checker.report("check/missing-field", clause.span, "a back-up prescription needs advice on when to use it", 'add it: `strategy back-up "Use if symptoms do not improve within 48 hours …"`');
    ok = false;
  }
  let delay: ir.Quantity | undefined;
  if (clause.delay !== undefined) {
    const unit = clause.delay.unit === undefined ? undefined : findUnit(clause.delay.unit);
    if (kind !== "back-up") {
      checker.report("check/conflicting-clauses", clause.delay.span, `only a back-up prescription is delayed; \`${kind}\` is not`, "remove `after …`");
      ok = false;
    } else if (unit?.dimension !== "time") {
      checker.report("check/unit-dimension", clause.delay.span, "a back-up prescription is delayed by a duration, such as `7 days`");
      ok = false;
    } else if (!(Number(clause.delay.number) > 0)) {
      checker.report("check/invalid-quantity", clause.delay.span, "the delay must be more than zero");
      ok = false;
    } else delay = { value: Number(clause.delay.number), unit: unit.symbol };
  }
  if (!ok) return undefined;
  return { kind: kind as ir.StrategyOption["kind"], ...(delay ? { delay } : {}), ...(clause.advice ? { advice: clause.advice.value } : {}) };
}
