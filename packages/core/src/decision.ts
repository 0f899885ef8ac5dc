/**
 * The Decision `evaluate` returns: what to prescribe, what was ruled out and why, what data is
 * missing, alerts and actions. Every item carries its provenance. Plain JSON; the published JSON
 * Schema is generated from these zod schemas.
 */
import "./zod-config.js";
import * as z from "zod/mini";
import { Quantity, Regimen } from "./ir.js";
import { adviceKinds, alertPriorities, awareCategories, choiceRanks, referralTargets, referralUrgencies, reviewOutcomes, strategies } from "./vocabulary.js";

function wordEnum<const W extends string>(list: readonly { readonly word: W }[]) {
  return z.enum(list.map((w) => w.word) as [W, ...W[]]);
}

/** Where an item came from: the guideline (id, version, content hash), the rule and its citations. */
export const Provenance = z
  .strictObject({
    guideline: z.string(),
    version: z.string(),
    contentHash: z.string(),
    rule: z.string(),
    unverified: z.optional(z.string()).register(z.globalRegistry, { description: "what about the rule is not confirmed in a cited source" }),
    citations: z.array(
      z.strictObject({ source: z.string(), title: z.string(), url: z.optional(z.string()), section: z.optional(z.string()) }),
    ),
  })
  .register(z.globalRegistry, { id: "Provenance" });
/** Where an item came from. */
export type Provenance = z.infer<typeof Provenance>;

/** A culture an item is about. */
export const ConcernedCulture = z.strictObject({ id: z.string(), specimen: z.string(), organism: z.optional(z.string()) });
/** A culture an item is about. */
export type ConcernedCulture = z.infer<typeof ConcernedCulture>;

/**
 * The order (and culture) an item is about, for audit: every item a `for each` rule produces names
 * the order, its drug and route, and the coded indications linked to it.
 */
export const Concerns = z
  .strictObject({
    order: z.optional(z.strictObject({
        id: z.string(),
        drug: z.optional(z.string()).register(z.globalRegistry, { description: "formulary drug id, when the order's drug is in the formulary" }),
        name: z.string(),
        route: z.string(),
        indications: z.array(z.strictObject({ system: z.string(), code: z.string(), display: z.optional(z.string()) })),
      })),
    culture: z.optional(ConcernedCulture),
    otherCultures: z.optional(z.array(ConcernedCulture)).register(z.globalRegistry, { description: "when the same finding about the order holds for several cultures: up to 10 of the others, most recent first (`culture` is the most recent of all)" }),
    cultureCount: z.optional(z.int()).register(z.globalRegistry, { description: "when the same finding holds for several cultures: how many, in all" }),
  })
  .register(z.globalRegistry, { id: "Concerns" });
/** What an item is about. */
export type Concerns = z.infer<typeof Concerns>;

/** A drug as named in a decision. */
export const DecisionDrug = z.strictObject({ id: z.string(), name: z.string(), aware: z.optional(wordEnum(awareCategories)) });

/**
 * A dose worked out from the patient's weight (`4 mg/kg` for 12 kg is 48 mg), capped at the maximum;
 * `doseTo` is the upper end of a range. `option` is 0 for the step's own dose and n for its nth `or`.
 */
export const CalculatedDose = z.strictObject({
  step: z.int().check(z.minimum(0)),
  option: z.int().check(z.minimum(0)),
  dose: Quantity,
  doseTo: z.optional(Quantity),
  weight: Quantity,
  capped: z.boolean(),
});

/** A regimen with its text as a prescriber reads it. */
export const DecisionRegimen = z.strictObject({
  text: z.string(),
  note: z.optional(z.string()).register(z.globalRegistry, { description: "when to use this regimen rather than the first" }),
  regimen: Regimen,
  calculated: z.array(CalculatedDose),
});
/** A regimen with its text. */
export type DecisionRegimen = z.infer<typeof DecisionRegimen>;

/** A drug given together with a treatment option's drug; with `addIf`, only when those words hold. */
export const DecisionCompanion = z.strictObject({
  drug: DecisionDrug,
  regimens: z.array(DecisionRegimen).check(z.minLength(1)),
  addIf: z.optional(z.string()).register(z.globalRegistry, { description: "an add-on: give it too when this holds (for example, atypical pathogens are suspected)" }),
});
/** A drug given together with another. */
export type DecisionCompanion = z.infer<typeof DecisionCompanion>;

/** A treatment option the guideline offers this patient. */
export const Treatment = z.strictObject({
  rank: wordEnum(choiceRanks),
  drug: DecisionDrug,
  regimens: z.array(DecisionRegimen).check(z.minLength(1)),
  combinedWith: z.array(DecisionCompanion).register(z.globalRegistry, { description: "drugs given together with this one" }),
  notes: z.array(z.string()),
  cautions: z.array(z.string()).register(z.globalRegistry, { description: "offered although something is unknown; each says what to check" }),
  unverified: z.optional(z.string()).register(z.globalRegistry, { description: "what about this choice is not confirmed in a cited source" }),
  provenance: Provenance,
});
/** A treatment option offered. */
export type Treatment = z.infer<typeof Treatment>;

/** A treatment option the guideline has but this patient should not get, and why. */
export const ExcludedTreatment = z.strictObject({
  rank: wordEnum(choiceRanks),
  drug: DecisionDrug,
  because: z.enum(["condition", "allergy", "contraindication", "resistance", "unknown"]).register(z.globalRegistry, { description: "an `only if` that does not hold, an allergy, a contraindication, a culture showing resistance, or data not recorded" }),
  reason: z.string(),
  provenance: Provenance,
});
/** An excluded treatment option. */
export type ExcludedTreatment = z.infer<typeof ExcludedTreatment>;

/** A treatment option that depends on data the record lacks; offered or excluded once it is known. */
export const WithheldTreatment = z.strictObject({
  rank: wordEnum(choiceRanks),
  drug: DecisionDrug,
  reason: z.string(),
  needs: z.array(z.string()),
  provenance: Provenance,
});
/** A withheld treatment option. */
export type WithheldTreatment = z.infer<typeof WithheldTreatment>;

/** A prescribing strategy from a rule that applies. */
export const DecisionStrategy = z.strictObject({
  kind: wordEnum(strategies),
  delay: z.optional(Quantity).register(z.globalRegistry, { description: "for a back-up prescription: how long to wait before using it" }),
  advice: z.optional(z.string()),
  provenance: Provenance,
});
/** A prescribing strategy. */
export type DecisionStrategy = z.infer<typeof DecisionStrategy>;

/** A piece of advice, or a patient leaflet, from a rule that applies; `kind` marks self-care and safety-net advice. */
export const DecisionText = z.strictObject({ text: z.string(), kind: z.optional(wordEnum(adviceKinds)), concerns: z.optional(Concerns), provenance: Provenance });
/** Advice or a leaflet. */
export type DecisionText = z.infer<typeof DecisionText>;

/** A card's words for an alert or action, from its rule, placeholders filled. */
const cardText = { summary: z.optional(z.string()), detail: z.optional(z.string()) };

/** What an order check found: an allergy, a contraindication (its id) or a culture showing resistance (its row id). */
export const OrderCheck = z
  .strictObject({ kind: z.enum(["allergy", "contraindication", "resistance", "duration", "not-checked"]), id: z.optional(z.string()) })
  .register(z.globalRegistry, { id: "OrderCheck" });

/** An alert, ranked; at most a few are interruptive. */
export const DecisionAlert = z.strictObject({
  priority: wordEnum(alertPriorities),
  message: z.string(),
  ...cardText,
  overrideReasons: z.optional(z.array(z.strictObject({ code: z.string(), display: z.string() }))),
  key: z.string(),
  interruptive: z.boolean(),
  recommends: z.optional(wordEnum(reviewOutcomes)).register(z.globalRegistry, { description: "the review outcome the alert advises for the course it is about" }),
  check: z.optional(OrderCheck).register(z.globalRegistry, { description: "set on an order alert: what checking the order against the patient found" }),
  concerns: z.optional(Concerns),
  provenance: Provenance,
});
/** An alert. */
export type DecisionAlert = z.infer<typeof DecisionAlert>;

/** An alert not shown, and why: already acknowledged, or a repeat of a higher-ranked alert with the same key. */
export const SuppressedAlert = z.strictObject({
  key: z.string(),
  priority: wordEnum(alertPriorities),
  reason: z.enum(["acknowledged", "duplicate", "superseded"]).register(z.globalRegistry, { description: "acknowledged; a repeat of a higher-ranked alert with the same key; or general guidance superseded by condition-specific guidance with the same key" }),
  until: z.optional(z.string()),
  provenance: Provenance,
});

/** What a rule asks the clinician to do. */
export const DecisionAction = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("review"),
    due: z.string(),
    after: Quantity,
    status: z.enum(["upcoming", "due", "overdue"]).register(z.globalRegistry, { description: "upcoming before the due time, due from it, overdue after the overdue time" }),
    overdue: z.boolean().register(z.globalRegistry, { description: "true once the overdue time has passed" }),
    overdueAt: z.optional(z.string()),
    outcomes: z.array(wordEnum(reviewOutcomes)).register(z.globalRegistry, { description: "the decisions the review should end in" }),
    ...cardText,
    concerns: z.optional(Concerns),
    provenance: Provenance,
  }),
  z.strictObject({
    kind: z.literal("refer"),
    to: wordEnum(referralTargets),
    urgency: wordEnum(referralUrgencies).register(z.globalRegistry, { description: "immediate, urgent or routine" }),
    reason: z.string(),
    unverified: z.optional(z.string()).register(z.globalRegistry, { description: "what about the referral is not confirmed in a cited source" }),
    ...cardText,
    concerns: z.optional(Concerns),
    provenance: Provenance,
  }),
  z.strictObject({ kind: z.literal("request"), data: z.string(), description: z.string(), reason: z.string(), ...cardText, concerns: z.optional(Concerns), provenance: Provenance }),
  z.strictObject({
    kind: z.literal("switch-to-oral"),
    to: DecisionDrug.clone().register(z.globalRegistry, { description: "the formulary's oral option for the course's drug" }),
    dose: z.optional(z.strictObject({ text: z.string(), source: z.string() }))
      .register(z.globalRegistry, { description: "the oral dose, only when the formulary gives one with its source (otherwise choose it with the infection team)" }),
    reason: z.string(),
    ...cardText,
    concerns: z.optional(Concerns),
    provenance: Provenance,
  }),
  z.strictObject({
    kind: z.literal("de-escalate"),
    to: z.array(DecisionDrug).check(z.minLength(1)).register(z.globalRegistry, { description: "UK-AWaRe Access drugs the culture is susceptible to" }),
    reason: z.string(),
    ...cardText,
    concerns: z.optional(Concerns),
    provenance: Provenance,
  }),
]);
/** An action. */
export type DecisionAction = z.infer<typeof DecisionAction>;

/**
 * A clinical score a rule read, as far as the record decides it: `value` when every criterion is
 * known, otherwise the lowest and highest it can be. Each criterion of a computed score says
 * whether it is met.
 */
export const DecisionScore = z.strictObject({
  guideline: z.string(),
  id: z.string(),
  title: z.string(),
  value: z.optional(z.int()),
  min: z.int().register(z.globalRegistry, { description: "the lowest the score can be, given what is recorded" }),
  max: z.int().register(z.globalRegistry, { description: "the highest the score can be, given what is recorded" }),
  criteria: z.array(z.strictObject({ text: z.string(), met: z.enum(["yes", "no", "unknown"]) })),
});
/** A clinical score. */
export type DecisionScore = z.infer<typeof DecisionScore>;

/** A piece of data the record lacks that would change the decision, and what it would decide. */
export const MissingData = z.strictObject({
  data: z.string().register(z.globalRegistry, { description: "a stable key, e.g. observation:egfr or patient:pregnant" }),
  description: z.string(),
  neededFor: z.array(z.string()),
});
/** Missing data. */
export type MissingData = z.infer<typeof MissingData>;

/** An active coded diagnosis that no guideline the evaluator holds recognises. */
export const UnrecognisedDiagnosis = z.strictObject({ system: z.string(), code: z.string(), display: z.optional(z.string()) });
/** An unrecognised diagnosis. */
export type UnrecognisedDiagnosis = z.infer<typeof UnrecognisedDiagnosis>;

/** An allergy record Steward cannot match to any formulary drug or class: every option carries a caution to check it. */
export const UnmatchedAllergy = z.strictObject({
  id: z.optional(z.string()),
  code: z.optional(z.strictObject({ system: z.string(), code: z.string(), display: z.optional(z.string()) })),
  reaction: z.optional(z.string()),
});
/** An unmatched allergy. */
export type UnmatchedAllergy = z.infer<typeof UnmatchedAllergy>;

/** A code system the patient record used that Steward does not know: its codes matched nothing. */
export const UnknownCodeSystem = z.strictObject({
  system: z.string().register(z.globalRegistry, { description: "the code system as sent" }),
  fields: z.array(z.string()).register(z.globalRegistry, { description: "JSON pointers of the `system` fields that named it" }),
});
/** An unknown code system. */
export type UnknownCodeSystem = z.infer<typeof UnknownCodeSystem>;

/** Two facts of the record that contradict each other, and what the evaluation took them to mean. */
export const Contradiction = z.strictObject({
  fields: z.array(z.string()).register(z.globalRegistry, { description: "JSON pointers of the fields that disagree" }),
  message: z.string().register(z.globalRegistry, { description: "the contradiction, and what was assumed" }),
});
/** A contradiction in the record. */
export type Contradiction = z.infer<typeof Contradiction>;

/** A guideline that was evaluated. */
export const EvaluatedGuideline = z.strictObject({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  status: z.string(),
  contentHash: z.string(),
  applies: z.boolean().register(z.globalRegistry, { description: "false when the care setting is not one the guideline covers" }),
  rulesApplied: z.array(z.string()),
});
/** A guideline that was evaluated. */
export type EvaluatedGuideline = z.infer<typeof EvaluatedGuideline>;

/** The result of evaluating guidelines for one patient at one moment. */
export const Decision = z
  .strictObject({
    evaluatedAt: z.string(),
    guidelines: z.array(EvaluatedGuideline),
    strategies: z.array(DecisionStrategy),
    treatments: z.array(Treatment),
    excluded: z.array(ExcludedTreatment),
    withheld: z.array(WithheldTreatment),
    advice: z.array(DecisionText),
    leaflets: z.array(DecisionText),
    alerts: z.array(DecisionAlert),
    suppressedAlerts: z.array(SuppressedAlert),
    actions: z.array(DecisionAction),
    scores: z.array(DecisionScore),
    missingData: z.array(MissingData),
    unrecognisedDiagnoses: z.array(UnrecognisedDiagnosis).register(z.globalRegistry, { description: "active coded diagnoses no guideline recognises: no rule looked at them" }),
    unmatchedAllergies: z.array(UnmatchedAllergy).register(z.globalRegistry, { description: "allergy records matched to no formulary drug or class" }),
    unknownCodeSystems: z.array(UnknownCodeSystem).register(z.globalRegistry, { description: "code systems in the record Steward does not know; codes sent with them matched nothing" }),
    contradictions: z.array(Contradiction).register(z.globalRegistry, { description: "facts of the record that contradict each other without stopping the evaluation, and what was assumed" }),
  })
  .register(z.globalRegistry, { id: "Decision" });
/** The result of evaluating guidelines for one patient. */
export type Decision = z.infer<typeof Decision>;
