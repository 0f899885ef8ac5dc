/**
 * The Decision as documented interfaces: what `evaluate` returns, field by field. The zod schema in
 * `decision.ts` (published as JSON Schema) describes the same values; `schema-types.ts` fails the
 * build when they differ. Every item carries its provenance. Times are UTC instants such as
 * `2026-11-27T09:00:00Z`.
 */
import type { Quantity, Regimen } from "./ir-types.js";
import type { AdviceKind, AlertPriority, AwareCategory, ChoiceRank, ReferralTarget, ReferralUrgency, ReviewOutcome, Strategy } from "./vocabulary.js";

/** A cited document and the part of it that supports an item. */
export interface ProvenanceCitation {
  /** The source's id in the guideline files, e.g. `ng109`. */
  source: string;
  /** The source's title. */
  title: string;
  /** Where to read it. */
  url?: string | undefined;
  /** The section, recommendation or table cited. */
  section?: string | undefined;
}

/** Where an item came from: the guideline (id, version, content hash), the rule and its citations. */
export interface Provenance {
  /** The guideline's id. */
  guideline: string;
  /** The guideline's version (semantic versioning). */
  version: string;
  /** The content hash of the compiled guideline (`sha256:…`); store it for audit. */
  contentHash: string;
  /** The id of the rule that produced the item. */
  rule: string;
  /** What about the rule is not confirmed in a cited source; absent when all of it is. */
  unverified?: string | undefined;
  /** The rule's citations. */
  citations: ProvenanceCitation[];
}

/** The order an item is about, for audit and to attach it to the right line of the drug chart. */
export interface ConcernedOrder {
  /** The host's order id. */
  id: string;
  /** The formulary drug id, when the order's drug is in the formulary. */
  drug?: string | undefined;
  /** The drug's name. */
  name: string;
  /** The order's route. */
  route: string;
  /** The coded indications linked to the order. */
  indications: { system: string; code: string; display?: string | undefined }[];
}

/** The culture an item is about. */
export interface ConcernedCulture {
  /** The host's culture id. */
  id: string;
  /** The specimen. */
  specimen: string;
  /** The organism grown, in words, when known. */
  organism?: string | undefined;
}

/** The order (and culture) an item is about: every item a `for each` rule produces names them. */
export interface Concerns {
  /** The order. */
  order?: ConcernedOrder | undefined;
  /** The culture (the most recent, when the finding holds for several). */
  culture?: ConcernedCulture | undefined;
  /** When the same finding about the order holds for several cultures: up to 10 of the others, most recent first. */
  otherCultures?: ConcernedCulture[] | undefined;
  /** When the same finding holds for several cultures: how many, in all. */
  cultureCount?: number | undefined;
}

/** A drug as named in a decision. */
export interface DecisionDrug {
  /** The formulary drug id. */
  id: string;
  /** The drug's name. */
  name: string;
  /** Its UK-AWaRe category. */
  aware?: AwareCategory | undefined;
}

/** A dose worked out from the patient's weight (`4 mg/kg` for 12 kg is 48 mg), capped at the maximum. */
export interface CalculatedDose {
  /** Which step of the regimen (from 0) the dose is for. */
  step: number;
  /** Which of the step's doses it is for: 0 for the step's own dose, n for its nth `or` alternative. */
  option: number;
  /** The dose per administration (the lower end, for a range). */
  dose: Quantity;
  /** The upper end, when the regimen gives a range (`10 mg/kg to 15 mg/kg`). */
  doseTo?: Quantity | undefined;
  /** The weight it was worked out from, in kg. */
  weight: Quantity;
  /** True when the calculated dose was above the regimen's maximum and the maximum is given instead. */
  capped: boolean;
}

/** A regimen with its text as a prescriber reads it. */
export interface DecisionRegimen {
  /** The regimen in words: `100 mg modified-release oral twice daily for 3 days`. */
  text: string;
  /** When to use this regimen rather than the first. */
  note?: string | undefined;
  /** The regimen as data. */
  regimen: Regimen;
  /** Doses worked out from the patient's weight, one per step with a per-kilogram dose. */
  calculated: CalculatedDose[];
}

/** A drug given together with a treatment option's drug; with `addIf`, an add-on given only when those words hold. */
export interface DecisionCompanion {
  /** The drug given with it. */
  drug: DecisionDrug;
  /** The ways to give it, the first preferred; at least one. */
  regimens: DecisionRegimen[];
  /** For an add-on: when to give it too, in the guideline's words (for example, atypical pathogens are suspected). */
  addIf?: string | undefined;
}

/** A treatment option the guideline offers this patient. */
export interface Treatment {
  /** First choice, second choice or alternative. */
  rank: ChoiceRank;
  /** The drug. */
  drug: DecisionDrug;
  /** The ways to give it, the first preferred; at least one. */
  regimens: DecisionRegimen[];
  /** The drugs given together with this one (a combination, or add-ons); empty when it is given alone. */
  combinedWith: DecisionCompanion[];
  /** Notes from the guideline. */
  notes: string[];
  /** Offered although something is unknown; each says what to check. */
  cautions: string[];
  /** What about this choice is not confirmed in a cited source; absent when all of it is. */
  unverified?: string | undefined;
  /** Where it came from. */
  provenance: Provenance;
}

/** A treatment option the guideline has but this patient should not get, and why. */
export interface ExcludedTreatment {
  /** The rank it would have had. */
  rank: ChoiceRank;
  /** The drug. */
  drug: DecisionDrug;
  /** Why: its condition is false, the patient is allergic, a contraindication holds, a culture shows resistance, or the guideline excludes it while its condition is unknown. */
  because: "condition" | "allergy" | "contraindication" | "resistance" | "unknown";
  /** The reason in words, with the values that decided it. */
  reason: string;
  /** Where it came from. */
  provenance: Provenance;
}

/** A treatment option that depends on data the record lacks; offered or excluded once it is known. */
export interface WithheldTreatment {
  /** The rank it would have. */
  rank: ChoiceRank;
  /** The drug. */
  drug: DecisionDrug;
  /** Why it is withheld, in words. */
  reason: string;
  /** The data that would decide it, in words. */
  needs: string[];
  /** Where it came from. */
  provenance: Provenance;
}

/** A prescribing strategy from a rule that applies. */
export interface DecisionStrategy {
  /** Immediate antibiotic, back-up (delayed) prescription, or no antibiotic. */
  kind: Strategy;
  /** For a back-up prescription: how long to wait before using it. */
  delay?: Quantity | undefined;
  /** The advice that goes with it, e.g. when to use a back-up prescription. */
  advice?: string | undefined;
  /** Where it came from. */
  provenance: Provenance;
}

/** A piece of advice, or a patient leaflet, from a rule that applies. */
export interface DecisionText {
  /** The text. */
  text: string;
  /** For advice: self-care advice or safety-net advice (when to seek help); absent for general advice and leaflets. */
  kind?: AdviceKind | undefined;
  /** The order (and culture) it is about. */
  concerns?: Concerns | undefined;
  /** Where it came from. */
  provenance: Provenance;
}

/** A card's words for an alert or action, from its rule, placeholders filled (each value at most 40 characters in a summary). */
export interface DecisionCardText {
  /** The card's summary, under 140 characters. */
  summary?: string | undefined;
  /** More, in Markdown. */
  detail?: string | undefined;
}

/** An alert, ranked; at most a few are interruptive. */
export interface DecisionAlert extends DecisionCardText {
  /** Critical, high, medium, low or info. */
  priority: AlertPriority;
  /** What the clinician reads. */
  message: string;
  /** Reasons the clinician can give for overriding it, from its rule. */
  overrideReasons?: { code: string; display: string }[] | undefined;
  /** The key to acknowledge it by (`key@orderId` when it is about one order); repeats with one key collapse into one. */
  key: string;
  /** True for the few alerts that should interrupt, as the alert policy allows. */
  interruptive: boolean;
  /** The review outcome the alert advises for the course it is about. */
  recommends?: ReviewOutcome | undefined;
  /** Set on an order alert: what checking the order against the patient found. */
  check?: OrderCheck | undefined;
  /** The order (and culture) it is about. */
  concerns?: Concerns | undefined;
  /** Where it came from. */
  provenance: Provenance;
}

/** What an order check found: an allergy, a contraindication (its id), a culture showing resistance (its row id), a course length outside the guideline's, or a drug no formulary knows. */
export interface OrderCheck {
  /** What was found. */
  kind: "allergy" | "contraindication" | "resistance" | "duration" | "not-checked";
  /** The contraindication or resistance row, by id. */
  id?: string | undefined;
}

/** An alert not shown, and why: already acknowledged, a repeat of a higher-ranked alert with the same key, or general guidance superseded by guidance for the patient's condition. */
export interface SuppressedAlert {
  /** The alert's key. */
  key: string;
  /** Its priority. */
  priority: AlertPriority;
  /** Acknowledged by the clinician; a duplicate of an alert shown; or general guidance superseded by condition-specific guidance with the same key. */
  reason: "acknowledged" | "duplicate" | "superseded";
  /** For an acknowledged alert: until when it stays hidden. */
  until?: string | undefined;
  /** Where it came from. */
  provenance: Provenance;
}

/** A review of the course is due (Start Smart then Focus). */
export interface ReviewAction extends DecisionCardText {
  /** A review. */
  kind: "review";
  /** When the review is due. */
  due: string;
  /** How long after its starting point the review falls due. */
  after: Quantity;
  /** Upcoming before the due time, due from it, overdue after the overdue time. */
  status: "upcoming" | "due" | "overdue";
  /** True once the overdue time has passed. */
  overdue: boolean;
  /** When the review becomes overdue, if the rule sets a time. */
  overdueAt?: string | undefined;
  /** The decisions the review should end in. */
  outcomes: ReviewOutcome[];
  /** The order (and culture) it is about. */
  concerns?: Concerns | undefined;
  /** Where it came from. */
  provenance: Provenance;
}

/** Refer to the antimicrobial stewardship team or a specialist. */
export interface ReferAction extends DecisionCardText {
  /** A referral. */
  kind: "refer";
  /** To whom. */
  to: ReferralTarget;
  /** How soon: immediate, urgent or routine. */
  urgency: ReferralUrgency;
  /** Why. */
  reason: string;
  /** What about the referral (its urgency, say) is not confirmed in a cited source. */
  unverified?: string | undefined;
  /** The order (and culture) it is about. */
  concerns?: Concerns | undefined;
  /** Where it came from. */
  provenance: Provenance;
}

/** Record a piece of data the guideline needs. */
export interface RequestAction extends DecisionCardText {
  /** A request for data. */
  kind: "request";
  /** The data's stable key, e.g. `observation:egfr`. */
  data: string;
  /** The data in words. */
  description: string;
  /** Why it is needed. */
  reason: string;
  /** The order (and culture) it is about. */
  concerns?: Concerns | undefined;
  /** Where it came from. */
  provenance: Provenance;
}

/** Consider switching an intravenous course to the oral option. */
export interface SwitchToOralAction extends DecisionCardText {
  /** An IV-to-oral switch. */
  kind: "switch-to-oral";
  /** The formulary's oral option for the course's drug. */
  to: DecisionDrug;
  /** The oral dose, only when the formulary gives one with its source (otherwise choose it with the infection team). */
  dose?: OralDose | undefined;
  /** Why. */
  reason: string;
  /** The order (and culture) it is about. */
  concerns?: Concerns | undefined;
  /** Where it came from. */
  provenance: Provenance;
}

/** The oral dose an IV-to-oral switch names, and the source that gives it. */
export interface OralDose {
  /** The regimen as prescribers write it. */
  text: string;
  /** The cited source, in words. */
  source: string;
}

/** Consider changing to a narrower drug the culture is susceptible to. */
export interface DeEscalateAction extends DecisionCardText {
  /** A de-escalation. */
  kind: "de-escalate";
  /** UK-AWaRe Access drugs the culture is susceptible to that this patient can have; at least one. */
  to: DecisionDrug[];
  /** Why. */
  reason: string;
  /** The order (and culture) it is about. */
  concerns?: Concerns | undefined;
  /** Where it came from. */
  provenance: Provenance;
}

/** What a rule asks the clinician to do, by `kind`. */
export type DecisionAction = ReviewAction | ReferAction | RequestAction | SwitchToOralAction | DeEscalateAction;

/** An active coded diagnosis that no guideline the evaluator holds recognises. */
export interface UnrecognisedDiagnosis {
  /** The code system as sent. */
  system: string;
  /** The code. */
  code: string;
  /** Its display text, as sent. */
  display?: string | undefined;
}

/** An allergy record Steward cannot match to any formulary drug or class: every option carries a caution to check it. */
export interface UnmatchedAllergy {
  /** The record's id, as sent. */
  id?: string | undefined;
  /** Its code, as sent. */
  code?: { system: string; code: string; display?: string | undefined } | undefined;
  /** The reaction in words, as recorded. */
  reaction?: string | undefined;
}

/** A code system the patient record used that Steward does not know: its codes matched nothing. */
export interface UnknownCodeSystem {
  /** The code system as sent. */
  system: string;
  /** JSON pointers of the `system` fields that named it. */
  fields: string[];
}

/** Two facts of the record that contradict each other, and what the evaluation took them to mean. */
export interface Contradiction {
  /** JSON pointers of the fields that disagree. */
  fields: string[];
  /** The contradiction, and what was assumed. */
  message: string;
}

/** One criterion of a computed score, and whether the record meets it. */
export interface DecisionScoreCriterion {
  /** The criterion in the guideline's words. */
  text: string;
  /** Whether it is met: `unknown` when the record does not say. */
  met: "yes" | "no" | "unknown";
}

/**
 * A clinical score a rule read, as far as the record decides it: `value` when it is known,
 * otherwise only the lowest and highest it can be.
 */
export interface DecisionScore {
  /** The id of the guideline that defines the score. */
  guideline: string;
  /** The score's id. */
  id: string;
  /** Its name, e.g. `FeverPAIN`. */
  title: string;
  /** The score, when every criterion is known (or it is recorded). */
  value?: number | undefined;
  /** The lowest the score can be, given what is recorded. */
  min: number;
  /** The highest the score can be, given what is recorded. */
  max: number;
  /** For a computed score, each criterion and whether it is met; empty for a recorded score. */
  criteria: DecisionScoreCriterion[];
}

/** A piece of data the record lacks that would change the decision, and what it would decide. */
export interface MissingData {
  /** A stable key, e.g. `observation:egfr` or `patient:pregnant`. */
  data: string;
  /** The data in words. */
  description: string;
  /** What it would decide, in words. */
  neededFor: string[];
}

/** A guideline the evaluator holds, and how it applied. */
export interface EvaluatedGuideline {
  /** The guideline's id. */
  id: string;
  /** Its title. */
  title: string;
  /** Its version. */
  version: string;
  /** Its status (draft, approved, …). */
  status: string;
  /** The content hash of the compiled guideline. */
  contentHash: string;
  /** False when the care setting is not one the guideline covers. */
  applies: boolean;
  /** The ids of the rules that fired. */
  rulesApplied: string[];
}

/** The result of evaluating guidelines for one patient at one moment. */
export interface Decision {
  /** The moment evaluated at (the `now` the host passed). */
  evaluatedAt: string;
  /** Every guideline the evaluator holds, whether it applies and which rules fired. */
  guidelines: EvaluatedGuideline[];
  /** Prescribing strategies. */
  strategies: DecisionStrategy[];
  /** Options to offer, ranked. */
  treatments: Treatment[];
  /** Options ruled out for this patient, and why. */
  excluded: ExcludedTreatment[];
  /** Options that depend on data the record lacks. */
  withheld: WithheldTreatment[];
  /** Advice for the prescriber. */
  advice: DecisionText[];
  /** Patient leaflets. */
  leaflets: DecisionText[];
  /** Alerts, ranked; `interruptive` marks the few that should interrupt. */
  alerts: DecisionAlert[];
  /** Alerts not shown: acknowledged, duplicates, or superseded by guidance for the patient's condition. */
  suppressedAlerts: SuppressedAlert[];
  /** What the rules ask the clinician to do. */
  actions: DecisionAction[];
  /** The clinical scores read by rules that applied or could not be decided, each with its value or the range it can lie in. */
  scores: DecisionScore[];
  /** Data that would change the decision. */
  missingData: MissingData[];
  /** Active coded diagnoses no guideline recognises: no rule looked at them. */
  unrecognisedDiagnoses: UnrecognisedDiagnosis[];
  /** Allergy records matched to no formulary drug or class. */
  unmatchedAllergies: UnmatchedAllergy[];
  /** Code systems in the record Steward does not know; codes sent with them matched nothing. */
  unknownCodeSystems: UnknownCodeSystem[];
  /** Facts of the record that contradict each other without stopping the evaluation, and what was assumed. */
  contradictions: Contradiction[];
}
