/**
 * The IR (a compiled guideline) as documented interfaces, field by field: what `steward compile`
 * writes and `prepare` reads. The zod schema in `ir.ts` (published as JSON Schema) describes the
 * same values; `schema-types.ts` fails the build when they differ. Ids are lowercase words joined by
 * hyphens; everything a rule file named is resolved here to an id.
 */
import type { IR_VERSION } from "./ir.js";
import type {
  AdviceKind,
  AlertPriority,
  AwareCategory,
  CareSetting,
  ChoiceRank,
  Form,
  GuidelineStatus,
  ReferralTarget,
  ReferralUrgency,
  ReviewOutcome,
  Route,
  Specimen,
  Strategy,
  Suggestion,
} from "./vocabulary.js";

/** The IR format version this evaluator reads, `IR_VERSION` (see the IR version policy in the integration guide). */
export type IrVersion = typeof IR_VERSION;

/** A number with a unit: `unit` is a symbol from the unit table (`mg`, `mL/min/1.73m2`, `days`), or `""` for a plain number. */
export interface Quantity {
  /** The number. */
  value: number;
  /** The unit's symbol. */
  unit: string;
}

/** A code from a named code system, as written in the rule file. */
export interface Coding {
  /** The code system. */
  system: "snomed" | "dmd" | "loinc" | "icd10";
  /** The code. */
  code: string;
  /** The code's display text. */
  display: string;
  /** Present when the code is not confirmed in a cited source; says what is uncertain. */
  unverified?: string | undefined;
  /** Present on a code a code list holds because it is below `<< concept` in the list's expansion: that concept. */
  expandedFrom?: string | undefined;
}

/** A reference to a source, with the section that supports the rule. */
export interface Citation {
  /** The source's id. */
  source: string;
  /** The section, recommendation or table. */
  section?: string | undefined;
}

/** A cited document: a NICE guideline, a national criteria page, a formulary. */
export interface Source {
  /** The source's id. */
  id: string;
  /** Its title. */
  title: string;
  /** Where to read it. */
  url?: string | undefined;
  /** Who published it. */
  publisher?: string | undefined;
}

/** A named set of codes (diagnoses, organisms, lab tests). */
export interface CodeList {
  /** The list's id. */
  id: string;
  /** What the list holds, in words. */
  title?: string | undefined;
  /** The codes. */
  codes: Coding[];
  /** Where the codes below each `snomed << concept` entry came from; absent when the list has none. */
  expansions?: CodeListExpansion[] | undefined;
}

/**
 * Where the codes below one `snomed << concept` entry came from: the ValueSet a terminology server
 * expanded, the SNOMED CT version it used when it says, when it expanded it, and a hash of it.
 */
export interface CodeListExpansion {
  /** The concept written after `<<`. */
  code: string;
  /** The concept's display, as written in the rule file. */
  display: string;
  /** The value set the server expanded (`http://snomed.info/sct?fhir_vs=ecl/<<…`). */
  valueSet: string;
  /** The SNOMED CT version the server says it used, when it says. */
  version?: string | undefined;
  /** When the server made the expansion. */
  timestamp: string;
  /** `sha256:` of the whole ValueSet file's canonical JSON. */
  contentHash: string;
  /** How many concepts the expansion held, the concept itself included. */
  concepts: number;
}

/**
 * Classes whose members may cross-react with the owning class's, always or only after an
 * immediate-type reaction (BNF: anaphylaxis, angioedema, urticaria or rash immediately after a dose).
 */
export interface CrossReactivity {
  /** The classes an allergy to the owning class also rules out. */
  classes: string[];
  /** `always`, or only after an immediate-type reaction (read from the record's manifestations and `immediate`, never from severity alone). */
  when: "always" | "immediate";
  /** Present when this is not confirmed in a cited source; says what is uncertain. */
  unverified?: string | undefined;
}

/** A drug class, for allergy checks and lists. */
export interface DrugClass {
  /** The class's id, e.g. `penicillins`. */
  id: string;
  /** Its name. */
  title: string;
  /** The codes an allergy to the class is recorded with (a SNOMED CT substance, product or allergy-disorder concept such as 91936005). */
  codes: Coding[];
  /** The broader classes it belongs to. */
  within: string[];
  /** Drugs the class lists itself (a list a trust can edit without touching the drugs). */
  members: string[];
  /** Classes that may cross-react with this one. */
  crossReactivity: CrossReactivity[];
  /** The code list of reaction manifestations that make an allergy to the class immediate-type. */
  immediateReactions?: string | undefined;
  /** Where the class is defined. */
  citations: Citation[];
}

/** A formulary drug. */
export interface Drug {
  /** The drug's id, e.g. `nitrofurantoin`. */
  id: string;
  /** Its name as prescribers read it. */
  name: string;
  /** Its dm+d and SNOMED CT codes, matched against the codes hosts send. */
  codes: Coding[];
  /** The classes it is declared in. */
  classes: string[];
  /** Those classes and every broader class they are within. */
  allClasses: string[];
  /** Its UK-AWaRe category. */
  aware?: AwareCategory | undefined;
  /** The routes it can be given by. */
  routes: Route[];
  /** A different formulary drug to switch to when this one has no oral form. */
  oralOption?: string | undefined;
  /** The only infection sites it treats, by the specimen that samples them (empty: not limited), e.g. `urine` for nitrofurantoin. */
  sites: Specimen[];
  /** Present when the site limit is not confirmed in a cited source; says what is uncertain. */
  sitesUnverified?: string | undefined;
  /** The oral dose an IV-to-oral switch to this drug names, with the source that gives it. */
  oralDose?: { regimen: Regimen; citation: Citation } | undefined;
  /** Where its facts come from. */
  citations: Citation[];
}

/** A lab test or clinical observation the rules read, with the unit its values are compared in. */
export interface Observation {
  /** The observation's id, e.g. `egfr`. */
  id: string;
  /** Its name. */
  title: string;
  /** The unit values are converted to before comparison. */
  unit: string;
  /** The codes (LOINC, SNOMED CT) a host's observation may carry. */
  codes: Coding[];
}

/** A clinical finding a host records as present or absent (for example, symptoms improving). */
export interface Finding {
  /** The finding's id. */
  id: string;
  /** Its name. */
  title: string;
  /** The codes a host's finding may carry. */
  codes: Coding[];
  /** How long a record of it stays current (IVOS: 24 hours); an older record, or one with no time, counts as not recorded. */
  validFor?: Quantity | undefined;
}

/** A named threshold a local committee may change without editing rules. */
export interface Parameter {
  /** The parameter's id. */
  id: string;
  /** What it is, in words. */
  title?: string | undefined;
  /** Its value. */
  value: Quantity;
}

/** A drug or a drug class, by id. */
export type DrugOrClass = { kind: "drug"; id: string } | { kind: "class"; id: string };

/** A drug named directly, a drug class, or the drug of the course a `for each` rule is looking at. */
export type DrugRef = DrugOrClass | { kind: "course-drug" };

/** A patient fact a value can read. */
export type PatientField = "age" | "weight" | "sex" | "pregnant" | "trimester" | "gestation" | "at-term" | "breastfeeding" | "setting";

/** A field of a course (an antimicrobial order). */
export type CourseField = "drug" | "route" | "status" | "start" | "indication" | "indicated" | "aware" | "oral-option" | "review" | "reviewed" | "next-review";

/** A review outcome word. */
export type ReviewOutcomeWord = ReviewOutcome;

/** A constant with its unit. */
export interface QuantityValue {
  /** A constant. */
  kind: "quantity";
  /** The number. */
  value: number;
  /** The unit's symbol. */
  unit: string;
}

/** A named threshold's value. */
export interface ParameterValue {
  /** A parameter. */
  kind: "parameter";
  /** The parameter's id. */
  id: string;
}

/** A fact about the patient. */
export interface PatientValue {
  /** A patient fact. */
  kind: "patient";
  /** Which fact. */
  field: PatientField;
}

/** The truth of a named condition. */
export interface DefineValue {
  /** A define. */
  kind: "define";
  /** The define's id. */
  id: string;
}

/** Whether a finding is recorded as present. */
export interface FindingValue {
  /** A finding. */
  kind: "finding";
  /** The finding's id. */
  id: string;
}

/** The patient's active diagnoses. */
export interface DiagnosisValue {
  /** The diagnoses. */
  kind: "diagnosis";
}

/** The latest (or the highest or lowest) value of an observation, optionally only within a time. */
export interface ObservationValue {
  /** An observation. */
  kind: "observation";
  /** The observation's id. */
  id: string;
  /** Only values measured within this long before now. */
  within?: Quantity | undefined;
  /** The highest or lowest value in the window, instead of the latest. */
  aggregate?: "highest" | "lowest" | undefined;
}

/** Whether an observation's values are rising, falling or steady. */
export interface TrendValue {
  /** A trend. */
  kind: "trend";
  /** The observation's id. */
  id: string;
  /** Only values measured within this long before now. */
  within?: Quantity | undefined;
}

/** A field of the course a `for each course` rule is looking at. */
export interface CourseValue {
  /** A course field. */
  kind: "course";
  /** Which field. */
  field: CourseField;
}

/** A field of the culture a `for each culture` rule is looking at. */
export interface CultureValue {
  /** A culture field. */
  kind: "culture";
  /** Which field. */
  field: "specimen" | "organism" | "reported" | "collected";
}

/** The culture's susceptibility result for a drug. */
export interface SusceptibilityValue {
  /** A susceptibility. */
  kind: "susceptibility";
  /** The drug tested. */
  drug: DrugRef;
}

/** How long ago a time was. */
export interface TimeSinceValue {
  /** Time since. */
  kind: "time-since";
  /** The time. */
  of: Value;
}

/** A clinical score's value (or, while criteria are unknown, the range it can lie in). */
export interface ScoreValue {
  /** A score. */
  kind: "score";
  /** The score's id. */
  id: string;
}

/** When the patient's condition or symptom began: the onset of a diagnosis in a code list, or of a present finding. */
export interface OnsetValue {
  /** An onset. */
  kind: "onset";
  /** The code list the diagnosis is in, or the finding. */
  of: { kind: "code-list" | "finding"; id: string };
}

/** Something an expression reads: a constant, a patient fact, a lab, a score, an onset, a field of a course or culture. */
export type Value =
  | QuantityValue
  | ParameterValue
  | PatientValue
  | DefineValue
  | FindingValue
  | DiagnosisValue
  | ObservationValue
  | TrendValue
  | CourseValue
  | CultureValue
  | SusceptibilityValue
  | TimeSinceValue
  | ScoreValue
  | OnsetValue;

/** A comparison operator. */
export type CompareOp = "<" | "<=" | ">" | ">=" | "=" | "!=";

/** A set to test membership in: a code list or a drug class. */
export type MemberSet = { kind: "code-list"; id: string } | { kind: "class"; id: string };

/** True when every part is true; false when one is false; otherwise unknown. */
export interface AndExpr {
  /** And. */
  kind: "and";
  /** The parts. */
  args: Expr[];
}

/** True when one part is true; false when every part is false; otherwise unknown. */
export interface OrExpr {
  /** Or. */
  kind: "or";
  /** The parts. */
  args: Expr[];
}

/** The opposite; unknown stays unknown. */
export interface NotExpr {
  /** Not. */
  kind: "not";
  /** The condition negated. */
  arg: Expr;
}

/** A comparison of two values, in the unit of the left one. */
export interface CompareExpr {
  /** A comparison. */
  kind: "compare";
  /** The operator. */
  op: CompareOp;
  /** The left value. */
  left: Value;
  /** The right value. */
  right: Value;
  /** The condition in canonical rule-language text, for traces. */
  text: string;
}

/** Whether a value lies between two others, both included. */
export interface BetweenExpr {
  /** Between. */
  kind: "between";
  /** The value tested. */
  value: Value;
  /** The lower bound. */
  low: Value;
  /** The upper bound. */
  high: Value;
  /** The condition in canonical text. */
  text: string;
}

/** Whether a value is a word (`sex is female`, `route is iv`). */
export interface IsExpr {
  /** Is. */
  kind: "is";
  /** The value tested. */
  value: Value;
  /** The word. */
  word: string;
  /** `is not`. */
  negated: boolean;
  /** The condition in canonical text. */
  text: string;
}

/** Whether a value is recorded at all. */
export interface KnownExpr {
  /** Known. */
  kind: "known";
  /** The value tested. */
  value: Value;
  /** `is not known`. */
  negated: boolean;
  /** The condition in canonical text. */
  text: string;
}

/** Whether a value is in a code list or a drug class. */
export interface InExpr {
  /** In. */
  kind: "in";
  /** The value tested. */
  value: Value;
  /** The set. */
  set: MemberSet;
  /** The condition in canonical text. */
  text: string;
}

/** Whether the patient is allergic to a drug or class (cross-reactivity included). */
export interface AllergicExpr {
  /** Allergic. */
  kind: "allergic";
  /** The drug or class. */
  target: DrugRef;
  /** The condition in canonical text. */
  text: string;
}

/** A true-or-false value used as a condition (a define, a finding). */
export interface TruthExpr {
  /** Truth. */
  kind: "truth";
  /** The value. */
  value: Value;
  /** The condition in canonical text. */
  text: string;
}

/** Whether some course or culture exists, optionally one meeting a condition. */
export interface ExistsExpr {
  /** Exists. */
  kind: "exists";
  /** What to look for. */
  subject: "course" | "culture";
  /** The condition it must meet. */
  where?: Expr | undefined;
  /** `no course …`. */
  negated: boolean;
  /** The condition in canonical text. */
  text: string;
}

/** A three-valued condition: true, false or unknown. */
export type Expr = AndExpr | OrExpr | NotExpr | CompareExpr | BetweenExpr | IsExpr | KnownExpr | InExpr | AllergicExpr | TruthExpr | ExistsExpr;

/** One criterion of a computed score: a point when its condition holds. */
export interface ScoreCriterion {
  /** The criterion in words, as the Decision names it. */
  text: string;
  /** When it holds. */
  condition: Expr;
}

/** A score counted from criteria, one point each: from 0 to the number of criteria. */
export interface ComputedScore {
  /** Counted from criteria. */
  kind: "computed";
  /** The score's id. */
  id: string;
  /** Its name, as the Decision shows it. */
  title: string;
  /** The lowest it can be: 0. */
  min: 0;
  /** The highest it can be: the number of criteria. */
  max: number;
  /** The criteria; at least one. */
  criteria: ScoreCriterion[];
  /** Where the score is defined. */
  citations: Citation[];
}

/** A score the host records and sends as an observation with one of its codes. */
export interface RecordedScore {
  /** Recorded by the host. */
  kind: "recorded";
  /** The score's id. */
  id: string;
  /** Its name, as the Decision shows it. */
  title: string;
  /** The lowest value it can have; a recorded value below it is an invalid context. */
  min: number;
  /** The highest value it can have; a recorded value above it is an invalid context. */
  max: number;
  /** The codes (LOINC, SNOMED CT) a host's observation of it may carry; at least one. */
  codes: Coding[];
  /** Where the score is defined. */
  citations: Citation[];
}

/**
 * A clinical score, a whole number from `min` to `max`: counted from criteria, or recorded by the
 * host. With some criteria unknown, a computed score is known only to lie between the points met and
 * those plus the unknown ones.
 */
export type Score = ComputedScore | RecordedScore;

/** A named, reusable condition. */
export interface Define {
  /** The define's id. */
  id: string;
  /** The condition. */
  expr: Expr;
}

/** A number of doses a day, with the words the rule used (`twice daily`). */
export interface DailySchedule {
  /** Doses per day. */
  kind: "daily";
  /** How many. */
  perDay: number;
  /** The other number of doses a day, for `twice or three times daily`. */
  orPerDay?: number | undefined;
  /** The words, e.g. `twice daily`. */
  words: string;
}

/** A dose at a fixed interval (`every 8 hours`). */
export interface IntervalSchedule {
  /** An interval. */
  kind: "every";
  /** The interval. */
  interval: Quantity;
}

/** A single dose. */
export interface OnceSchedule {
  /** Once. */
  kind: "once";
  /** The words the rule used. */
  words: "once" | "single dose";
}

/** A single dose on one day of the course (`on day 1`). */
export interface OnDaySchedule {
  /** On one day. */
  kind: "on-day";
  /** The day, counted from 1. */
  day: number;
}

/** How often a dose is given. */
export type Schedule = DailySchedule | IntervalSchedule | OnceSchedule | OnDaySchedule;

/** A dose step lasting a time (`for 5 days`, `for 5 to 7 days`). */
export interface ForDuration {
  /** For a time. */
  kind: "for";
  /** How long (the lower end, for a range). */
  length: Quantity;
  /** The upper end, for a range. */
  lengthTo?: Quantity | undefined;
}

/** A dose step lasting until the whole regimen, counted from its start, reaches a length (`to complete 5 days`). */
export interface ToCompleteDuration {
  /** To complete a total. */
  kind: "to-complete";
  /** The regimen's total length (the lower end, for a range). */
  length: Quantity;
  /** The upper end, for a range. */
  lengthTo?: Quantity | undefined;
}

/** How long a dose step lasts: for a time, to complete a total counted from the regimen's start, or until review. */
export type StepDuration = ForDuration | ToCompleteDuration | { kind: "until-review" };

/** The product a dose measured by volume is of: its ingredients' amounts in a unit (`5 mL of 125/31 mg`). */
export interface ProductStrength {
  /** The amount of each ingredient; at least two. */
  amounts: number[];
  /** Their unit. */
  unit: string;
}

/** One dose and how often it is given. */
export interface DoseOption {
  /** The dose (the lower end, for a range); per kilogram when its unit is (`mg/kg`); a combination's first ingredient. */
  dose: Quantity;
  /** The upper end, for a range (`250 mg to 500 mg`). */
  doseTo?: Quantity | undefined;
  /** A combination product's strength, each ingredient in the dose's unit (`500/125 mg` is `[500, 125]`). */
  strength?: number[] | undefined;
  /** The product a dose by volume is measured in (`5 mL of 125/31`). */
  of?: ProductStrength | undefined;
  /** The largest dose, for per-kilogram doses. */
  max?: Quantity | undefined;
  /** How often. */
  schedule: Schedule;
}

/** One step of a regimen: a dose, its form and route, how often, and for how long. */
export interface DoseStep extends DoseOption {
  /** The form (modified-release, …). */
  form?: Form | undefined;
  /** The route. */
  route: Route;
  /** Other doses and frequencies for the same step, sharing its form, route and duration; the prescriber chooses one. */
  or?: DoseOption[] | undefined;
  /** For how long. */
  duration?: StepDuration | undefined;
}

/** A way of giving a drug: one or more steps, with a note saying when this regimen applies. */
export interface Regimen {
  /** The steps, in order; at least one. */
  steps: DoseStep[];
  /** When to use this regimen rather than the first. */
  note?: string | undefined;
}

/** A drug given together with a treatment option's drug: always, or with `addIf` as an add-on. */
export interface Companion {
  /** The drug's id. */
  drug: string;
  /** The ways to give it; at least one. */
  regimens: Regimen[];
  /** For an add-on: when to give it too, in words (`atypical pathogens are suspected`). */
  addIf?: string | undefined;
}

/** A ranked treatment option, gated by a condition. */
export interface TreatmentOption {
  /** First choice, second choice or alternative. */
  rank: ChoiceRank;
  /** The drug's id. */
  drug: string;
  /** The ways to give it; at least one. */
  regimens: Regimen[];
  /** The drugs given together with it; empty when it is given alone. */
  combinedWith: Companion[];
  /** The condition under which it is offered. */
  onlyIf?: Expr | undefined;
  /** What happens when `onlyIf` is unknown: withhold it (neither offer nor exclude, and list the missing data), offer it with a caution, or exclude it. */
  ifUnknown: "withhold" | "offer" | "exclude";
  /** Why, shown when the condition is unknown. */
  unknownNote?: string | undefined;
  /** Notes shown with the option. */
  notes: string[];
  /** What about the choice is not confirmed in a cited source. */
  unverified?: string | undefined;
}

/** A prescribing strategy with the advice that goes with it. */
export interface StrategyOption {
  /** Immediate, back-up or no antibiotic. */
  kind: Strategy;
  /** For a back-up prescription: how long it is held before it may be used. */
  delay?: Quantity | undefined;
  /** The advice. */
  advice?: string | undefined;
}

/** Advice for the treatment plan. */
export interface Advice {
  /** The text. */
  text: string;
  /** Self-care advice, or safety-net advice (when to seek help); absent for general advice. */
  kind?: AdviceKind | undefined;
}

/** An alert a rule raises. */
export interface AlertTemplate {
  /** Its priority. */
  priority: AlertPriority;
  /** Its message; may name the course or culture with placeholders. */
  message: string;
  /** Its dedupe and acknowledgement key. */
  key: string;
  /** The review outcome it advises for the course it is about. */
  recommends?: ReviewOutcome | undefined;
}

/** A review of the course, due a time after a starting point. */
export interface ReviewTemplate {
  /** A review. */
  kind: "review";
  /** How long after the starting point. */
  after: Quantity;
  /** The starting point: now, the course's start, its last recorded review, or the next review that review set. */
  from: "now" | "course-start" | "course-reviewed" | "course-next-review";
  /** How long after the starting point the review is overdue. */
  overdueAfter?: Quantity | undefined;
  /** The decisions the review should end in. */
  outcomes: ReviewOutcome[];
}

/** A suggestion: switch to oral, or de-escalate. */
export interface SuggestTemplate {
  /** A suggestion. */
  kind: "suggest";
  /** Which. */
  suggestion: Suggestion;
  /** Why. */
  reason: string;
}

/** A referral. */
export interface ReferTemplate {
  /** A referral. */
  kind: "refer";
  /** To whom. */
  to: ReferralTarget;
  /** How soon. */
  urgency: ReferralUrgency;
  /** Why. */
  reason: string;
  /** What about it (its urgency, say) is not confirmed in a cited source. */
  unverified?: string | undefined;
}

/** A request to record an observation, a finding or a patient fact. */
export interface RequestTemplate {
  /** A request. */
  kind: "request";
  /** The data wanted. */
  data: { kind: "observation"; id: string } | { kind: "finding"; id: string } | { kind: "patient"; field: PatientField };
  /** Why. */
  reason: string;
}

/**
 * Something a rule asks the clinician to do. Texts may name the course or culture a `for each`
 * rule looks at, with `{course drug}`, `{culture organism}` and the like.
 */
export type ActionTemplate = ReviewTemplate | SuggestTemplate | ReferTemplate | RequestTemplate;

/** A rule: when its condition holds, its outcomes apply. Every rule cites its source. */
export interface Rule {
  /** The rule's id; items it produces name it. */
  id: string;
  /** What about the rule is not confirmed in a cited source; every item it produces carries it. */
  unverified?: string | undefined;
  /** What the rule is applied to, once each: every course, every culture, or every pair of them (empty: once). */
  forEach: ("course" | "culture")[];
  /** Its sources; at least one. */
  citations: Citation[];
  /** Its condition. */
  when: Expr;
  /** Prescribing strategies. */
  strategies: StrategyOption[];
  /** Treatment options. */
  treatments: TreatmentOption[];
  /** Advice for the prescriber. */
  advice: Advice[];
  /** Patient leaflets. */
  leaflets: string[];
  /** Alerts. */
  alerts: AlertTemplate[];
  /** Actions. */
  actions: ActionTemplate[];
}

/**
 * A contraindication: when its condition holds, the drug (or every drug of the class) is neither
 * offered nor ordered without an alert. One row serves option filtering and order checks alike.
 */
export interface Contraindication {
  /** The row's id; an order alert is keyed `<id>@<order id>`. */
  id: string;
  /** The drug or class it is for. */
  target: DrugOrClass;
  /** When the drug must not be given. */
  when: Expr;
  /** The alert an order of the drug raises when the condition holds. */
  alert: AlertTemplate;
  /** What to do with an option (and an order) when the condition is unknown. */
  ifUnknown: "withhold" | "offer" | "exclude";
  /** The reason given when the condition is unknown. */
  unknownNote?: string | undefined;
  /** Its sources; at least one. */
  citations: Citation[];
  /** What about it is not confirmed in a cited source. */
  unverified?: string | undefined;
}

/**
 * Which culture results rule out a drug they show resistant: cultures for which `when` holds,
 * reported within `window`, or, when the source states no time limit, `unstated` with why.
 */
export interface Resistance {
  /** The row's id. */
  id: string;
  /** Which cultures count (it may read `culture …` fields). */
  when: Expr;
  /** How long a result counts. */
  window: { kind: "within"; length: Quantity } | { kind: "unstated"; note: string };
  /** The alert a draft order of the drug raises. */
  alert: AlertTemplate;
  /** Its sources; at least one. */
  citations: Citation[];
}

/** The guideline's header: who owns it, which version, where it applies, when it must be reviewed. */
export interface GuidelineHeader {
  /** The guideline's id. */
  id: string;
  /** Its title. */
  title: string;
  /** Its version, semantic versioning (`1.0.0`, `1.1.0-draft.2`). */
  version: string;
  /** Its lifecycle status. */
  status: GuidelineStatus;
  /** The care settings it applies in; at least one. */
  settings: CareSetting[];
  /** Who owns it. */
  owner: string;
  /** When it was approved, `YYYY-MM-DD`. */
  approved: string;
  /** When it must be reviewed by, `YYYY-MM-DD`. */
  reviewBy: string;
}

/** A compiled guideline. */
export interface GuidelineIR {
  /** The IR format version; an evaluator reads only its own. */
  irVersion: IrVersion;
  /** `sha256:` and the SHA-256 of the RFC 8785 canonical JSON of everything else (see `@steward/core/content-hash`). */
  contentHash: string;
  /** The header. */
  guideline: GuidelineHeader;
  /** The sources cited. */
  sources: Source[];
  /** The code lists. */
  codeLists: CodeList[];
  /** The drug classes. */
  classes: DrugClass[];
  /** The formulary drugs. */
  drugs: Drug[];
  /** The observations read. */
  observations: Observation[];
  /** The findings read. */
  findings: Finding[];
  /** The named thresholds. */
  parameters: Parameter[];
  /** The clinical scores. */
  scores: Score[];
  /** The named conditions. */
  defines: Define[];
  /** What rules each drug out for a patient, for options and order checks alike. */
  contraindications: Contraindication[];
  /** Which culture results rule a drug out. */
  resistances: Resistance[];
  /** The rules, in order. */
  rules: Rule[];
}
