/**
 * Scenario tests as data: a patient context, a time, and what the guideline is expected to do.
 * `compileScenarios` produces these from a test file; `@steward/testing` runs them.
 */
import type { PatientContextInput, Span, vocabulary } from "@steward/core";


/** One thing a scenario expects of the decision. `span` is the line that says it. */
export type Expectation = { readonly span: Span; readonly text: string } & (
  | { readonly kind: "fires" | "does-not-fire" | "cannot-decide"; readonly rule: string }
  | {
      readonly kind: "offers";
      readonly rank?: vocabulary.ChoiceRank;
      readonly drug: string;
      readonly regimen?: string;
      /** A drug the option is given with (or may be, for an add-on), and one of its regimens. */
      readonly with?: { readonly drug: string; readonly regimen?: string };
    }
  | { readonly kind: "does-not-offer" | "withholds"; readonly drug: string }
  | { readonly kind: "excludes"; readonly drug: string; readonly because?: "allergy" | "condition" | "contraindication" | "resistance" | "unknown" }
  | { readonly kind: "strategy"; readonly strategy: string; readonly delay?: { readonly value: number; readonly unit: string } }
  | { readonly kind: "alert"; readonly priority: string; readonly key: string; readonly interruptive?: boolean; readonly recommends?: string }
  | { readonly kind: "no-alerts" | "no-missing-data" | "no-treatment" }
  | { readonly kind: "refers"; readonly to: string; readonly urgency?: string }
  | { readonly kind: "review"; readonly after: { readonly value: number; readonly unit: string } }
  | { readonly kind: "requests" | "missing"; readonly data: string }
  | { readonly kind: "dose"; readonly drug: string; readonly dose: { readonly value: number; readonly unit: string } }
  | { readonly kind: "advises"; readonly advice: string; readonly adviceKind?: vocabulary.AdviceKind }
  | { readonly kind: "score"; readonly score: string; readonly low: number; readonly high: number }
  | { readonly kind: "review-status"; readonly drug: string; readonly status: "upcoming" | "due" | "overdue" }
  | { readonly kind: "suggests"; readonly suggestion: "oral-switch" | "de-escalation"; readonly drug: string; readonly dose?: string }
  | { readonly kind: "unrecognised-diagnosis" | "unmatched-allergy"; readonly code: { readonly system: string; readonly code: string } }
  | { readonly kind: "no-unrecognised-diagnoses" | "no-unmatched-allergies" }
  | { readonly kind: "suppresses"; readonly key: string }
  | { readonly kind: "interruptive-alerts"; readonly count: number }
  | { readonly kind: "no-actions"; readonly actions: "suggestions" | "referrals" | "reviews" }
  | { readonly kind: "caution"; readonly drug: string; readonly caution: string }
);

/** A scenario: a named patient at a moment, and what should follow. */
export interface Scenario {
  readonly name: string;
  readonly span: Span;
  readonly at: string;
  readonly context: PatientContextInput;
  readonly expectations: readonly Expectation[];
}

/** The scenarios of one test file and the guideline file they test. */
export interface ScenarioSuite {
  readonly file: string;
  readonly guidelineFile: string;
  readonly scenarios: readonly Scenario[];
}
