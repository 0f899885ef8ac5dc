/**
 * Runs scenario tests: each scenario's patient is evaluated with `explain` at its time, and every
 * expectation is checked against the Decision and the rule trace. A failure says what was expected,
 * what happened instead, and carries the trace so the reader can see why.
 */
import { describeAction, explain, prepare, type ConditionTrace, type Decision, type Diagnostic, type Evaluator, type Explanation, type GuidelineIR } from "@steward/core";
import type { Expectation, Scenario, ScenarioSuite } from "@steward/dsl";
import { isLeft } from "fp-ts/lib/Either.js";

/** An expectation that did not hold: what was expected and what the decision showed. */
export interface Failure {
  readonly expectation: Expectation;
  readonly expected: string;
  readonly actual: string;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly passed: boolean;
  readonly failures: readonly Failure[];
  /** Why the scenario could not be evaluated at all (a bad patient record), if so. */
  readonly errors: readonly Diagnostic[];
  readonly explanation: Explanation | undefined;
}

/** The outcome of a test file. */
export interface SuiteResult {
  readonly suite: ScenarioSuite;
  readonly guideline: GuidelineIR;
  readonly results: readonly ScenarioResult[];
}

/** Runs every scenario of a suite against its compiled guideline. */
export function runSuite(suite: ScenarioSuite, guideline: GuidelineIR): SuiteResult {
  const prepared = prepare([guideline]);
  if (isLeft(prepared)) {
    return { suite, guideline, results: suite.scenarios.map((scenario) => ({ scenario, passed: false, failures: [], errors: prepared.left, explanation: undefined })) };
  }
  return { suite, guideline, results: suite.scenarios.map((s) => runScenario(s, prepared.right)) };
}

/** Runs one scenario against a prepared evaluator. */
export function runScenario(scenario: Scenario, evaluator: Evaluator): ScenarioResult {
  const result = explain(evaluator, scenario.context, { now: scenario.at });
  if (isLeft(result)) return { scenario, passed: false, failures: [], errors: result.left, explanation: undefined };
  const failures = scenario.expectations.flatMap((e) => {
    const f = check(e, result.right);
    return f === undefined ? [] : [f];
  });
  return { scenario, passed: failures.length === 0, failures, errors: [], explanation: result.right };
}

function treatmentText(d: Decision): string {
  if (d.treatments.length === 0) return "no treatment offered";
  return d.treatments.map((t) => `${t.rank} choice ${t.drug.id} "${t.regimens[0]!.text}"${t.combinedWith.map((c) => ` with ${c.drug.id} "${c.regimens[0]!.text}"`).join("")}`).join("; ");
}

function ruleStatus(x: Explanation, rule: string): string {
  for (const g of x.guidelines) {
    const r = g.rules.find((y) => y.rule === rule);
    if (r !== undefined) return r.status === "unknown" ? `could not be decided (needs ${r.missing.join(", ")})` : r.status === "fired" ? "fired" : "did not fire";
  }
  return "was not evaluated (the guideline does not apply in this setting)";
}

/** An expected key without an order id matches the alert about any order; with one, only that order's. */
function sameAlert(actual: string, expected: string): boolean {
  return actual === expected || (!expected.includes("@") && actual.startsWith(`${expected}@`));
}

function check(e: Expectation, x: Explanation): Failure | undefined {
  const d = x.decision;
  const fail = (expected: string, actual: string): Failure => ({ expectation: e, expected, actual });
  switch (e.kind) {
    case "fires":
    case "does-not-fire":
    case "cannot-decide": {
      const want = { fires: "fired", "does-not-fire": "did not fire", "cannot-decide": "could not be decided" }[e.kind];
      const actual = ruleStatus(x, e.rule);
      return actual.startsWith(want) ? undefined : fail(`rule ${e.rule} ${want}`, `rule ${e.rule} ${actual}`);
    }
    case "offers": {
      const given = (regimens: readonly { text: string }[], text: string | undefined): boolean => text === undefined || regimens.some((r) => r.text === text);
      const ok = d.treatments.some(
        (t) =>
          t.drug.id === e.drug &&
          (e.rank === undefined || t.rank === e.rank) &&
          given(t.regimens, e.regimen) &&
          (e.with === undefined || t.combinedWith.some((c) => c.drug.id === e.with!.drug && given(c.regimens, e.with!.regimen))),
      );
      const companion = e.with !== undefined ? ` with ${e.with.drug}${e.with.regimen !== undefined ? ` "${e.with.regimen}"` : ""}` : "";
      const wanted = `${e.rank ? `${e.rank} choice ` : ""}${e.drug}${e.regimen !== undefined ? ` "${e.regimen}"` : ""}${companion}`;
      return ok ? undefined : fail(`offers ${wanted}`, treatmentText(d));
    }
    case "does-not-offer": {
      const offered = d.treatments.filter((t) => t.drug.id === e.drug);
      return offered.length === 0 ? undefined : fail(`${e.drug} not offered`, `offered as ${offered.map((t) => `${t.rank} choice`).join(" and ")}`);
    }
    case "withholds": {
      const w = d.withheld.some((t) => t.drug.id === e.drug);
      return w ? undefined : fail(`${e.drug} withheld for missing data`, statusOf(d, e.drug));
    }
    case "excludes": {
      const ex = d.excluded.filter((t) => t.drug.id === e.drug && (e.because === undefined || t.because === e.because));
      return ex.length > 0 ? undefined : fail(`${e.drug} excluded${e.because ? ` because of ${e.because}` : ""}`, statusOf(d, e.drug));
    }
    case "no-treatment":
      return d.treatments.length === 0 ? undefined : fail("no treatment offered", treatmentText(d));
    case "strategy": {
      const delayed = (s: Decision["strategies"][number]): string => (s.delay !== undefined ? ` after ${s.delay.value} ${s.delay.unit}` : "");
      const wanted = `${e.strategy}${e.delay !== undefined ? ` after ${e.delay.value} ${e.delay.unit}` : ""}`;
      const ok = d.strategies.some((s) => s.kind === e.strategy && (e.delay === undefined || (s.delay?.value === e.delay.value && s.delay.unit === e.delay.unit)));
      return ok ? undefined : fail(`strategy ${wanted}`, d.strategies.length === 0 ? "no strategy" : d.strategies.map((s) => `${s.kind}${delayed(s)}`).join(", "));
    }
    case "score": {
      const scores = d.scores.filter((s) => s.id === e.score);
      const wanted = e.low === e.high ? `${e.low}` : `${e.low} to ${e.high}`;
      const ok = scores.some((s) => s.min === e.low && s.max === e.high);
      return ok ? undefined : fail(`score ${e.score} ${wanted}`, scores.length === 0 ? `${e.score} was not read by any rule that fired or could not be decided` : scores.map((s) => `${s.id} ${s.min === s.max ? s.min : `${s.min} to ${s.max}`}`).join(", "));
    }
    case "alert": {
      // An alert from a `for each` rule has the order (and culture) id added to its key.
      const ok = d.alerts.some((a) => a.priority === e.priority && sameAlert(a.key, e.key) && (e.interruptive === undefined || a.interruptive === e.interruptive) && (e.recommends === undefined || a.recommends === e.recommends));
      return ok ? undefined : fail(`${e.priority} alert ${e.key}${e.interruptive === undefined ? "" : e.interruptive ? " (interruptive)" : " (passive)"}${e.recommends ? ` recommending ${e.recommends}` : ""}`, alertsText(d));
    }
    case "no-alerts":
      return d.alerts.length === 0 ? undefined : fail("no alerts", alertsText(d));
    case "refers":
      return d.actions.some((a) => a.kind === "refer" && a.to === e.to && (e.urgency === undefined || a.urgency === e.urgency)) ? undefined : fail(`a${e.urgency ? `n ${e.urgency}` : ""} referral to ${e.to}`, actionsText(d));
    case "unrecognised-diagnosis":
    case "unmatched-allergy": {
      const listed = e.kind === "unrecognised-diagnosis" ? d.unrecognisedDiagnoses : d.unmatchedAllergies.flatMap((a) => (a.code ? [a.code] : []));
      const same = (c: { system: string; code: string }): boolean => c.code === e.code.code && c.system.replace(/\/$/, "") === e.code.system.replace(/\/$/, "");
      const what = e.kind === "unrecognised-diagnosis" ? "diagnosis not recognised by any guideline" : "allergy not matched to the formulary";
      return listed.some(same) ? undefined : fail(`${what}: ${e.code.code}`, listed.length === 0 ? "none listed" : listed.map((c) => c.code).join(", "));
    }
    case "no-unrecognised-diagnoses":
      return d.unrecognisedDiagnoses.length === 0 ? undefined : fail("every diagnosis recognised", d.unrecognisedDiagnoses.map((c) => c.code).join(", "));
    case "no-unmatched-allergies":
      return d.unmatchedAllergies.length === 0 ? undefined : fail("every allergy matched", d.unmatchedAllergies.map((a) => a.code?.code ?? a.id ?? "an allergy").join(", "));
    case "review":
      return d.actions.some((a) => a.kind === "review" && a.after.value === e.after.value && a.after.unit === e.after.unit) ? undefined : fail(`a review after ${e.after.value} ${e.after.unit}`, actionsText(d));
    case "requests":
      return d.actions.some((a) => a.kind === "request" && a.data === e.data) ? undefined : fail(`a request for ${e.data}`, actionsText(d));
    case "missing":
      return d.missingData.some((m) => m.data === e.data) ? undefined : fail(`${e.data} listed as missing`, missingText(d));
    case "no-missing-data":
      return d.missingData.length === 0 ? undefined : fail("no missing data", missingText(d));
    case "dose": {
      const doses = d.treatments.filter((t) => t.drug.id === e.drug).flatMap((t) => t.regimens.flatMap((r) => r.calculated.map((c) => c.dose)));
      const ok = doses.some((q) => q.value === e.dose.value && q.unit === e.dose.unit);
      return ok ? undefined : fail(`a calculated dose of ${e.drug} of ${e.dose.value} ${e.dose.unit}`, doses.length === 0 ? "no calculated dose" : doses.map((q) => `${q.value} ${q.unit}`).join(", "));
    }
    case "review-status": {
      const reviews = d.actions.filter((a): a is Extract<Decision["actions"][number], { kind: "review" }> => a.kind === "review" && a.concerns?.order?.drug === e.drug);
      return reviews.some((a) => a.status === e.status) ? undefined : fail(`a review of ${e.drug} that is ${e.status}`, reviews.length === 0 ? `no review of ${e.drug}` : reviews.map((a) => `review ${a.status} (due ${a.due})`).join(", "));
    }
    case "suggests": {
      const kind = e.suggestion === "oral-switch" ? "switch-to-oral" : "de-escalate";
      const ok = d.actions.some((a) => (a.kind === "switch-to-oral" && kind === a.kind && a.to.id === e.drug && (e.dose === undefined || a.dose?.text === e.dose)) || (a.kind === "de-escalate" && kind === a.kind && a.to.some((t) => t.id === e.drug)));
      return ok ? undefined : fail(`a suggestion of ${e.suggestion} to ${e.drug}${e.dose !== undefined ? ` "${e.dose}"` : ""}`, actionsText(d));
    }
    case "suppresses":
      return d.suppressedAlerts.some((a) => sameAlert(a.key, e.key)) ? undefined : fail(`alert ${e.key} suppressed`, d.suppressedAlerts.length === 0 ? "nothing suppressed" : d.suppressedAlerts.map((a) => `${a.key} (${a.reason})`).join(", "));
    case "interruptive-alerts": {
      const n = d.alerts.filter((a) => a.interruptive).length;
      return n === e.count ? undefined : fail(`${e.count} interruptive alert${e.count === 1 ? "" : "s"}`, `${n}: ${alertsText(d)}`);
    }
    case "no-actions": {
      const kinds = { suggestions: ["switch-to-oral", "de-escalate"], referrals: ["refer"], reviews: ["review"] }[e.actions];
      const found = d.actions.filter((a) => kinds.includes(a.kind));
      return found.length === 0 ? undefined : fail(`no ${e.actions}`, actionsText(d));
    }
    case "caution": {
      const offered = d.treatments.filter((t) => t.drug.id === e.drug);
      const cautions = offered.flatMap((t) => t.cautions);
      return cautions.some((c) => c.includes(e.caution)) ? undefined : fail(`${e.drug} offered with a caution containing "${e.caution}"`, offered.length === 0 ? `${e.drug} not offered` : cautions.length === 0 ? "no cautions" : cautions.map((c) => `"${c}"`).join("; "));
    }
    case "advises": {
      const ok = d.advice.some((a) => a.text.includes(e.advice) && (e.adviceKind === undefined || a.kind === e.adviceKind));
      const wanted = `${e.adviceKind !== undefined ? `${e.adviceKind} ` : ""}advice containing "${e.advice}"`;
      return ok ? undefined : fail(wanted, d.advice.length === 0 ? "no advice" : d.advice.map((a) => `${a.kind !== undefined ? `${a.kind} ` : ""}"${a.text}"`).join("; "));
    }
  }
}

function statusOf(d: Decision, drug: string): string {
  const parts = [
    ...d.treatments.filter((t) => t.drug.id === drug).map((t) => `offered as ${t.rank} choice`),
    ...d.excluded.filter((t) => t.drug.id === drug).map((t) => `excluded (${t.because}: ${t.reason})`),
    ...d.withheld.filter((t) => t.drug.id === drug).map((t) => `withheld (${t.reason})`),
  ];
  return parts.length === 0 ? `${drug} is not an option here` : parts.join("; ");
}

function alertsText(d: Decision): string {
  return d.alerts.length === 0 ? "no alerts" : d.alerts.map((a) => `${a.priority} ${a.key}${a.interruptive ? " (interruptive)" : ""}${a.recommends ? ` recommending ${a.recommends}` : ""}`).join(", ");
}

function actionsText(d: Decision): string {
  if (d.actions.length === 0) return "no actions";
  return d.actions.map((a) => describeAction(a)).join(", ");
}

function missingText(d: Decision): string {
  return d.missingData.length === 0 ? "nothing missing" : d.missingData.map((m) => m.data).join(", ");
}

/** Every trace node of an explanation, depth first. */
export function traceNodes(x: Explanation): ConditionTrace[] {
  const out: ConditionTrace[] = [];
  const walk = (t: ConditionTrace): void => {
    out.push(t);
    t.children.forEach(walk);
  };
  for (const g of x.guidelines) {
    g.orderChecks.forEach(walk);
    for (const r of g.rules) {
      if (r.condition) walk(r.condition);
      for (const o of r.options) {
        if (o.condition) walk(o.condition);
        o.checks?.forEach(walk);
      }
    }
  }
  return out;
}
