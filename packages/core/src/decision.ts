/**
 * The Decision `evaluate` returns: what to prescribe, what was ruled out and why, what data is
 * missing, alerts and actions. Every item carries its provenance. Plain JSON; the published JSON
 * Schema is generated from these zod schemas.
 */
import "./zod-config.js";
import * as z from "zod";
import { Quantity, Regimen } from "./ir.js";
import { adviceKinds, alertPriorities, awareCategories, choiceRanks, referralTargets, reviewOutcomes, strategies } from "./vocabulary.js";

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
    unverified: z.string().optional().describe("what about the rule is not confirmed in a cited source"),
    citations: z.array(
      z.strictObject({ source: z.string(), title: z.string(), url: z.string().optional(), section: z.string().optional() }),
    ),
  })
  .meta({ id: "Provenance" });
/** Where an item came from. */
export type Provenance = z.infer<typeof Provenance>;

/**
 * The order (and culture) an item is about, for audit: every item a `for each` rule produces names
 * the order, its drug and route, and the coded indications linked to it.
 */
export const Concerns = z
  .strictObject({
    order: z
      .strictObject({
        id: z.string(),
        drug: z.string().optional().describe("formulary drug id, when the order's drug is in the formulary"),
        name: z.string(),
        route: z.string(),
        indications: z.array(z.strictObject({ system: z.string(), code: z.string(), display: z.string().optional() })),
      })
      .optional(),
    culture: z.strictObject({ id: z.string(), specimen: z.string(), organism: z.string().optional() }).optional(),
  })
  .meta({ id: "Concerns" });
/** What an item is about. */
export type Concerns = z.infer<typeof Concerns>;

/** A drug as named in a decision. */
export const DecisionDrug = z.strictObject({ id: z.string(), name: z.string(), aware: wordEnum(awareCategories).optional() });

/**
 * A dose worked out from the patient's weight (`4 mg/kg` for 12 kg is 48 mg), capped at the maximum;
 * `doseTo` is the upper end of a range. `option` is 0 for the step's own dose and n for its nth `or`.
 */
export const CalculatedDose = z.strictObject({
  step: z.number().int().min(0),
  option: z.number().int().min(0),
  dose: Quantity,
  doseTo: Quantity.optional(),
  weight: Quantity,
  capped: z.boolean(),
});

/** A regimen with its text as a prescriber reads it. */
export const DecisionRegimen = z.strictObject({
  text: z.string(),
  note: z.string().optional().describe("when to use this regimen rather than the first"),
  regimen: Regimen,
  calculated: z.array(CalculatedDose),
});
/** A regimen with its text. */
export type DecisionRegimen = z.infer<typeof DecisionRegimen>;

/** A drug given together with a treatment option's drug; with `addIf`, only when those words hold. */
export const DecisionCompanion = z.strictObject({
  drug: DecisionDrug,
  regimens: z.array(DecisionRegimen).min(1),
  addIf: z.string().optional().describe("an add-on: give it too when this holds (for example, atypical pathogens are suspected)"),
});
/** A drug given together with another. */
export type DecisionCompanion = z.infer<typeof DecisionCompanion>;

/** A treatment option the guideline offers this patient. */
export const Treatment = z.strictObject({
  rank: wordEnum(choiceRanks),
  drug: DecisionDrug,
  regimens: z.array(DecisionRegimen).min(1),
  combinedWith: z.array(DecisionCompanion).describe("drugs given together with this one"),
  notes: z.array(z.string()),
  cautions: z.array(z.string()).describe("offered although something is unknown; each says what to check"),
  unverified: z.string().optional().describe("what about this choice is not confirmed in a cited source"),
  provenance: Provenance,
});
/** A treatment option offered. */
export type Treatment = z.infer<typeof Treatment>;

/** A treatment option the guideline has but this patient should not get, and why. */
export const ExcludedTreatment = z.strictObject({
  rank: wordEnum(choiceRanks),
  drug: DecisionDrug,
  because: z.enum(["condition", "allergy", "unknown"]),
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
  delay: Quantity.optional().describe("for a back-up prescription: how long to wait before using it"),
  advice: z.string().optional(),
  provenance: Provenance,
});
/** A prescribing strategy. */
export type DecisionStrategy = z.infer<typeof DecisionStrategy>;

/** A piece of advice, or a patient leaflet, from a rule that applies; `kind` marks self-care and safety-net advice. */
export const DecisionText = z.strictObject({ text: z.string(), kind: wordEnum(adviceKinds).optional(), concerns: Concerns.optional(), provenance: Provenance });
/** Advice or a leaflet. */
export type DecisionText = z.infer<typeof DecisionText>;

/** A card's words for an alert or action, from its rule, placeholders filled. */
const cardText = { summary: z.string().optional(), detail: z.string().optional() };

/** An alert, ranked; at most a few are interruptive. */
export const DecisionAlert = z.strictObject({
  priority: wordEnum(alertPriorities),
  message: z.string(),
  ...cardText,
  overrideReasons: z.array(z.strictObject({ code: z.string(), display: z.string() })).optional(),
  key: z.string(),
  interruptive: z.boolean(),
  concerns: Concerns.optional(),
  provenance: Provenance,
});
/** An alert. */
export type DecisionAlert = z.infer<typeof DecisionAlert>;

/** An alert not shown, and why: already acknowledged, or a repeat of a higher-ranked alert with the same key. */
export const SuppressedAlert = z.strictObject({
  key: z.string(),
  priority: wordEnum(alertPriorities),
  reason: z.enum(["acknowledged", "duplicate"]),
  until: z.string().optional(),
  provenance: Provenance,
});

/** What a rule asks the clinician to do. */
export const DecisionAction = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("review"),
    due: z.string(),
    after: Quantity,
    status: z.enum(["upcoming", "due", "overdue"]).describe("upcoming before the due time, due from it, overdue after the overdue time"),
    overdue: z.boolean().describe("true once the overdue time has passed"),
    overdueAt: z.string().optional(),
    outcomes: z.array(wordEnum(reviewOutcomes)).describe("the decisions the review should end in"),
    ...cardText,
    concerns: Concerns.optional(),
    provenance: Provenance,
  }),
  z.strictObject({ kind: z.literal("refer"), to: wordEnum(referralTargets), reason: z.string(), ...cardText, concerns: Concerns.optional(), provenance: Provenance }),
  z.strictObject({ kind: z.literal("request"), data: z.string(), description: z.string(), reason: z.string(), ...cardText, concerns: Concerns.optional(), provenance: Provenance }),
  z.strictObject({
    kind: z.literal("switch-to-oral"),
    to: DecisionDrug.describe("the formulary's oral option for the course's drug"),
    reason: z.string(),
    ...cardText,
    concerns: Concerns.optional(),
    provenance: Provenance,
  }),
  z.strictObject({
    kind: z.literal("de-escalate"),
    to: z.array(DecisionDrug).min(1).describe("UK-AWaRe Access drugs the culture is susceptible to"),
    reason: z.string(),
    ...cardText,
    concerns: Concerns.optional(),
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
  value: z.number().int().optional(),
  min: z.number().int().describe("the lowest the score can be, given what is recorded"),
  max: z.number().int().describe("the highest the score can be, given what is recorded"),
  criteria: z.array(z.strictObject({ text: z.string(), met: z.enum(["yes", "no", "unknown"]) })),
});
/** A clinical score. */
export type DecisionScore = z.infer<typeof DecisionScore>;

/** A piece of data the record lacks that would change the decision, and what it would decide. */
export const MissingData = z.strictObject({
  data: z.string().describe("a stable key, e.g. observation:egfr or patient:pregnant"),
  description: z.string(),
  neededFor: z.array(z.string()),
});
/** Missing data. */
export type MissingData = z.infer<typeof MissingData>;

/** A code system the patient record used that Steward does not know: its codes matched nothing. */
export const UnknownCodeSystem = z.strictObject({
  system: z.string().describe("the code system as sent"),
  fields: z.array(z.string()).describe("JSON pointers of the `system` fields that named it"),
});
/** An unknown code system. */
export type UnknownCodeSystem = z.infer<typeof UnknownCodeSystem>;

/** A guideline that was evaluated. */
export const EvaluatedGuideline = z.strictObject({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  status: z.string(),
  contentHash: z.string(),
  applies: z.boolean().describe("false when the care setting is not one the guideline covers"),
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
    unknownCodeSystems: z.array(UnknownCodeSystem).describe("code systems in the record Steward does not know; codes sent with them matched nothing"),
  })
  .meta({ id: "Decision" });
/** The result of evaluating guidelines for one patient. */
export type Decision = z.infer<typeof Decision>;
