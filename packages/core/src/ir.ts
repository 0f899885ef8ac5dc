/**
 * The IR: a compiled guideline as plain JSON. Hosts can ship it without the parser; `evaluate`
 * reads only this. Everything a name referred to in the source is resolved here to an id.
 */
import "./zod-config.js";
import * as z from "zod/mini";
import {
  adviceKinds,
  alertPriorities,
  awareCategories,
  careSettings,
  choiceRanks,
  reviewOutcomes,
  suggestions,
  forms,
  guidelineStatuses,
  referralTargets,
  referralUrgencies,
  routes,
  specimens,
  strategies,
} from "./vocabulary.js";

/** The IR format version; bumped when a compiled guideline would be read differently. */
export const IR_VERSION = 3;

function wordEnum<const W extends string>(list: readonly { readonly word: W }[]) {
  return z.enum(list.map((w) => w.word) as [W, ...W[]]);
}

const Id = z.string().check(z.regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)).register(z.globalRegistry, { id: "Id", description: "a lowercase name with hyphens" });

/** A number with a unit; `unit` is a canonical symbol from the unit table, or "" for a plain number. */
export const Quantity = z.strictObject({ value: z.number(), unit: z.string() }).register(z.globalRegistry, { id: "Quantity" });
/** A number with a unit. */
export type Quantity = z.infer<typeof Quantity>;

/** A code from a named code system, as written in the rule file. */
export const Coding = z.strictObject({
  system: z.enum(["snomed", "dmd", "loinc", "icd10"]),
  code: z.string().check(z.minLength(1)),
  display: z.string(),
  /** Present when the code is not confirmed in a cited source; says what is uncertain. */
  unverified: z.optional(z.string()),
  /** Present on a code a code list holds because it is below `<< concept` in the list's expansion: that concept. */
  expandedFrom: z.optional(z.string()),
}).register(z.globalRegistry, { id: "Coding" });
/** A code from a named code system. */
export type Coding = z.infer<typeof Coding>;

/** A reference to a source, with the section that supports the rule. */
export const Citation = z.strictObject({ source: Id, section: z.optional(z.string()) }).register(z.globalRegistry, { id: "Citation" });
/** A reference to a source. */
export type Citation = z.infer<typeof Citation>;

/** A cited document: a NICE guideline, a national criteria page, a formulary. */
export const Source = z.strictObject({
  id: Id,
  title: z.string(),
  url: z.optional(z.string()),
  publisher: z.optional(z.string()),
});
/** A cited document. */
export type Source = z.infer<typeof Source>;

/**
 * Where the codes below one `snomed << concept` entry came from: the ValueSet a terminology server
 * expanded, the SNOMED CT version it used when it says, when it expanded it, and a hash of it.
 */
export const CodeListExpansion = z.strictObject({
  code: z.string(),
  display: z.string(),
  valueSet: z.string(),
  version: z.optional(z.string()),
  timestamp: z.string(),
  contentHash: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
  concepts: z.int().check(z.positive()).register(z.globalRegistry, { description: "how many concepts the expansion held, the concept itself included" }),
}).register(z.globalRegistry, { id: "CodeListExpansion" });
/** Where the codes below one `<<` entry came from. */
export type CodeListExpansion = z.infer<typeof CodeListExpansion>;

/** A named set of codes (diagnoses, organisms, lab tests); `expansions` says where codes below a `<<` concept came from. */
export const CodeList = z.strictObject({ id: Id, title: z.optional(z.string()), codes: z.array(Coding), expansions: z.optional(z.array(CodeListExpansion).check(z.minLength(1))) });
/** A named set of codes. */
export type CodeList = z.infer<typeof CodeList>;

/**
 * A class whose members may cross-react: an allergy to the owning class also rules out drugs of
 * `classes`, always, or only after an immediate-type reaction (BNF: anaphylaxis, angioedema,
 * urticaria or rash immediately after a dose). `unverified` says what is not confirmed in a cited source.
 */
export const CrossReactivity = z.strictObject({ classes: z.array(Id), when: z.enum(["always", "immediate"]), unverified: z.optional(z.string()) });
/** A cross-reactivity. */
export type CrossReactivity = z.infer<typeof CrossReactivity>;

/**
 * A drug class used for allergy cross-checks and lists; `within` names its broader classes,
 * `members` drugs the class lists itself (a list a trust can edit without touching the drugs),
 * `codes` the codes an allergy to the class is recorded with (a SNOMED CT substance, product or
 * allergy-disorder concept), and `immediateReactions` the code list of reaction manifestations
 * that make an allergy to it immediate-type.
 */
export const DrugClass = z.strictObject({
  id: Id,
  title: z.string(),
  codes: z.array(Coding),
  within: z.array(Id),
  members: z.array(Id),
  crossReactivity: z.array(CrossReactivity),
  immediateReactions: z.optional(Id),
  citations: z.array(Citation),
});
/** A drug class. */
export type DrugClass = z.infer<typeof DrugClass>;

/** A lab test or clinical observation the rules read, with the unit its values are compared in. */
export const Observation = z.strictObject({ id: Id, title: z.string(), unit: z.string(), codes: z.array(Coding) });
/** A lab test or clinical observation. */
export type Observation = z.infer<typeof Observation>;

/**
 * A clinical finding the host records as present or absent (for example, symptoms improving).
 * With `validFor`, a record counts only that long after it was made; an older one is unknown.
 */
export const Finding = z.strictObject({ id: Id, title: z.string(), codes: z.array(Coding), validFor: z.optional(Quantity) });
/** A clinical finding. */
export type Finding = z.infer<typeof Finding>;

/** A named threshold a local committee may change without editing rules. */
export const Parameter = z.strictObject({ id: Id, title: z.optional(z.string()), value: Quantity });
/** A named threshold. */
export type Parameter = z.infer<typeof Parameter>;

/** A drug or a drug class, by id. */
export const DrugOrClass = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("drug"), id: Id }),
  z.strictObject({ kind: z.literal("class"), id: Id }),
]).register(z.globalRegistry, { id: "DrugOrClass" });
/** A drug or a drug class. */
export type DrugOrClass = z.infer<typeof DrugOrClass>;

/** A drug named directly, or the drug of the course a rule is looking at. */
export const DrugRef = z.union([DrugOrClass, z.strictObject({ kind: z.literal("course-drug") })]).register(z.globalRegistry, { id: "DrugRef" });
/** A drug reference. */
export type DrugRef = z.infer<typeof DrugRef>;

/** Which patient facts a value can read. */
export const PatientField = z.enum([
  "age",
  "weight",
  "sex",
  "pregnant",
  "trimester",
  "gestation",
  "at-term",
  "breastfeeding",
  "setting",
]);
/** A patient field. */
export type PatientField = z.infer<typeof PatientField>;

/** A field of a course. */
export const CourseField = z.enum(["drug", "route", "status", "start", "indication", "indicated", "aware", "oral-option", "review", "reviewed", "next-review"]);
/** A field of a course. */
export type CourseField = z.infer<typeof CourseField>;

/** Something an expression reads: a constant, a patient fact, a lab, a field of a course or culture. */
export type Value =
  | { kind: "quantity"; value: number; unit: string }
  | { kind: "parameter"; id: string }
  | { kind: "patient"; field: PatientField }
  | { kind: "define"; id: string }
  | { kind: "finding"; id: string }
  | { kind: "diagnosis" }
  | { kind: "observation"; id: string; within?: Quantity | undefined; aggregate?: "highest" | "lowest" | undefined }
  | { kind: "trend"; id: string; within?: Quantity | undefined }
  | { kind: "course"; field: CourseField }
  | { kind: "culture"; field: "specimen" | "organism" | "reported" | "collected" }
  | { kind: "susceptibility"; drug: DrugRef }
  | { kind: "time-since"; of: Value }
  | { kind: "score"; id: string }
  | { kind: "onset"; of: { kind: "code-list" | "finding"; id: string } };

/** Value schema. */
export const Value: z.ZodMiniType<Value> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("quantity"), value: z.number(), unit: z.string() }),
    z.strictObject({ kind: z.literal("parameter"), id: Id }),
    z.strictObject({ kind: z.literal("patient"), field: PatientField }),
    z.strictObject({ kind: z.literal("define"), id: Id }),
    z.strictObject({ kind: z.literal("finding"), id: Id }),
    z.strictObject({ kind: z.literal("diagnosis") }),
    z.strictObject({ kind: z.literal("observation"), id: Id, within: z.optional(Quantity), aggregate: z.optional(z.enum(["highest", "lowest"])) }),
    z.strictObject({ kind: z.literal("trend"), id: Id, within: z.optional(Quantity) }),
    z.strictObject({ kind: z.literal("course"), field: CourseField }),
    z.strictObject({ kind: z.literal("culture"), field: z.enum(["specimen", "organism", "reported", "collected"]) }),
    z.strictObject({ kind: z.literal("susceptibility"), drug: DrugRef }),
    z.strictObject({ kind: z.literal("time-since"), of: Value }),
    z.strictObject({ kind: z.literal("score"), id: Id }),
    z.strictObject({ kind: z.literal("onset"), of: z.strictObject({ kind: z.enum(["code-list", "finding"]), id: Id }) }),
  ]),
).register(z.globalRegistry, { id: "Value" });

/** A set to test membership in: a code list or a drug class. */
export const MemberSet = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("code-list"), id: Id }),
  z.strictObject({ kind: z.literal("class"), id: Id }),
]).register(z.globalRegistry, { id: "MemberSet" });
/** A set to test membership in. */
export type MemberSet = z.infer<typeof MemberSet>;

/** A comparison operator. */
export const CompareOp = z.enum(["<", "<=", ">", ">=", "=", "!="]);
/** A comparison operator. */
export type CompareOp = z.infer<typeof CompareOp>;

/** A three-valued condition. `text` is the condition in canonical form, for traces. */
export type Expr =
  | { kind: "and"; args: Expr[] }
  | { kind: "or"; args: Expr[] }
  | { kind: "not"; arg: Expr }
  | { kind: "compare"; op: CompareOp; left: Value; right: Value; text: string }
  | { kind: "between"; value: Value; low: Value; high: Value; text: string }
  | { kind: "is"; value: Value; word: string; negated: boolean; text: string }
  | { kind: "known"; value: Value; negated: boolean; text: string }
  | { kind: "in"; value: Value; set: MemberSet; text: string }
  | { kind: "allergic"; target: DrugRef; text: string }
  | { kind: "truth"; value: Value; text: string }
  | { kind: "exists"; subject: "course" | "culture"; where?: Expr | undefined; negated: boolean; text: string };

/** Expr schema. */
export const Expr: z.ZodMiniType<Expr> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("and"), args: z.array(Expr) }),
    z.strictObject({ kind: z.literal("or"), args: z.array(Expr) }),
    z.strictObject({ kind: z.literal("not"), arg: Expr }),
    z.strictObject({ kind: z.literal("compare"), op: CompareOp, left: Value, right: Value, text: z.string() }),
    z.strictObject({ kind: z.literal("between"), value: Value, low: Value, high: Value, text: z.string() }),
    z.strictObject({ kind: z.literal("is"), value: Value, word: z.string(), negated: z.boolean(), text: z.string() }),
    z.strictObject({ kind: z.literal("known"), value: Value, negated: z.boolean(), text: z.string() }),
    z.strictObject({ kind: z.literal("in"), value: Value, set: MemberSet, text: z.string() }),
    z.strictObject({ kind: z.literal("allergic"), target: DrugRef, text: z.string() }),
    z.strictObject({ kind: z.literal("truth"), value: Value, text: z.string() }),
    z.strictObject({
      kind: z.literal("exists"),
      subject: z.enum(["course", "culture"]),
      where: z.optional(Expr),
      negated: z.boolean(),
      text: z.string(),
    }),
  ]),
).register(z.globalRegistry, { id: "Expr" });

/**
 * A clinical score: a whole number from `min` to `max`. A `computed` score counts its criteria that
 * hold (one point each, so `max` is their number); a `recorded` score is sent by the host as an
 * observation with one of its codes. Computed from criteria some of which are unknown, a score is
 * known only to lie between the points already met and those plus the unknown ones.
 */
export const Score = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("computed"),
    id: Id,
    title: z.string(),
    min: z.literal(0),
    max: z.int().check(z.positive()),
    /** One point for each criterion that holds; `text` names it for the Decision. */
    criteria: z.array(z.strictObject({ text: z.string(), condition: Expr })).check(z.minLength(1)),
    citations: z.array(Citation),
  }),
  z.strictObject({ kind: z.literal("recorded"), id: Id, title: z.string(), min: z.int(), max: z.int(), codes: z.array(Coding).check(z.minLength(1)), citations: z.array(Citation) }),
]).register(z.globalRegistry, { id: "Score" });
/** A clinical score. */
export type Score = z.infer<typeof Score>;

/** A named, reusable condition. */
export const Define = z.strictObject({ id: Id, expr: Expr });
/** A named condition. */
export type Define = z.infer<typeof Define>;

/** How often a dose is given. `orPerDay` is the other frequency of `twice or three times daily`. */
export const Schedule = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("daily"), perDay: z.int().check(z.positive()), orPerDay: z.optional(z.int().check(z.positive())), words: z.string() }),
  z.strictObject({ kind: z.literal("every"), interval: Quantity }),
  z.strictObject({ kind: z.literal("once"), words: z.enum(["once", "single dose"]) }),
  z.strictObject({ kind: z.literal("on-day"), day: z.int().check(z.positive()) }),
]).register(z.globalRegistry, { id: "Schedule" });
/** How often a dose is given. */
export type Schedule = z.infer<typeof Schedule>;

/**
 * How long a dose step lasts. `to-complete` counts from the start of the whole regimen; `lengthTo`
 * is the upper end of a range (`for 5 to 7 days`).
 */
export const StepDuration = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("for"), length: Quantity, lengthTo: z.optional(Quantity) }),
  z.strictObject({ kind: z.literal("to-complete"), length: Quantity, lengthTo: z.optional(Quantity) }),
  z.strictObject({ kind: z.literal("until-review") }),
]).register(z.globalRegistry, { id: "StepDuration" });
/** How long a dose step lasts. */
export type StepDuration = z.infer<typeof StepDuration>;

/**
 * One dose and how often it is given. `doseTo` is the upper end of a range (`250 mg to 500 mg`);
 * `strength` is a combination product's strength, every ingredient in the dose's unit (`500/125 mg`
 * is [500, 125], and `dose` is its first ingredient, 500 mg); `of` is the product a volume is
 * measured in (`5 mL of 125/31`); `max` caps a dose per kilogram.
 */
export const DoseOption = z.strictObject({
  dose: Quantity,
  doseTo: z.optional(Quantity),
  strength: z.optional(z.array(z.number().check(z.positive())).check(z.minLength(2))),
  of: z.optional(z.strictObject({ amounts: z.array(z.number().check(z.positive())).check(z.minLength(2)), unit: z.string() })),
  max: z.optional(Quantity),
  schedule: Schedule,
}).register(z.globalRegistry, { id: "DoseOption" });
/** One dose and how often it is given. */
export type DoseOption = z.infer<typeof DoseOption>;

/**
 * One step of a regimen: a dose, its form and route, how often, and for how long. `or` lists the
 * other doses and frequencies the guideline gives for the same step, sharing its form, route and
 * duration (`500 mg four times daily or 1000 mg twice daily`): the prescriber chooses one.
 */
export const DoseStep = z.extend(DoseOption, {
  form: z.optional(wordEnum(forms)),
  route: wordEnum(routes),
  or: z.optional(z.array(DoseOption).check(z.minLength(1))),
  duration: z.optional(StepDuration),
}).register(z.globalRegistry, { id: "DoseStep" });
/** One step of a regimen. */
export type DoseStep = z.infer<typeof DoseStep>;

/** A way of giving a drug: one or more steps, with a note saying when this regimen applies. */
export const Regimen = z.strictObject({ steps: z.array(DoseStep).check(z.minLength(1)), note: z.optional(z.string()) }).register(z.globalRegistry, { id: "Regimen" });
/** A way of giving a drug. */
export type Regimen = z.infer<typeof Regimen>;

/** A formulary drug: its codes, classes (direct and all broader ones), AWaRe category and routes. */
export const Drug = z.strictObject({
  id: Id,
  name: z.string(),
  codes: z.array(Coding),
  classes: z.array(Id),
  allClasses: z.array(Id),
  aware: z.optional(wordEnum(awareCategories)),
  routes: z.array(wordEnum(routes)),
  /** A different formulary drug to switch to when this one has no oral form. */
  oralOption: z.optional(Id),
  /** The only infection sites it treats, by the specimen that samples them (empty: not limited). */
  sites: z.array(wordEnum(specimens)),
  /** Present when the site limit is not confirmed in a cited source; says what is uncertain. */
  sitesUnverified: z.optional(z.string()),
  /** The oral dose an IV-to-oral switch to this drug names, with the source that gives it. */
  oralDose: z.optional(z.strictObject({ regimen: Regimen, citation: Citation })),
  citations: z.array(Citation),
});
/** A formulary drug. */
export type Drug = z.infer<typeof Drug>;

/**
 * A drug given together with a treatment option's drug. With `addIf` it is an add-on the
 * prescriber gives when the words hold ("atypical pathogens are suspected"); without, it is always
 * part of the combination.
 */
export const Companion = z.strictObject({
  drug: Id,
  regimens: z.array(Regimen).check(z.minLength(1)),
  addIf: z.optional(z.string()),
}).register(z.globalRegistry, { id: "Companion" });
/** A drug given together with another. */
export type Companion = z.infer<typeof Companion>;

/**
 * A ranked treatment option. `onlyIf` gates it; `ifUnknown` says what happens when the gate is
 * unknown: `withhold` (the default) neither offers nor excludes it and lists the missing data.
 * `combinedWith` lists the drugs given together with it.
 */
export const TreatmentOption = z.strictObject({
  rank: wordEnum(choiceRanks),
  drug: Id,
  regimens: z.array(Regimen).check(z.minLength(1)),
  combinedWith: z.array(Companion),
  onlyIf: z.optional(Expr),
  ifUnknown: z.enum(["withhold", "offer", "exclude"]),
  unknownNote: z.optional(z.string()),
  notes: z.array(z.string()),
  /** What about the choice is not confirmed in a cited source. */
  unverified: z.optional(z.string()),
}).register(z.globalRegistry, { id: "TreatmentOption" });
/** A ranked treatment option. */
export type TreatmentOption = z.infer<typeof TreatmentOption>;

/**
 * A prescribing strategy with the advice that goes with it. `delay` is how long a back-up
 * prescription is held before it may be used (NICE NG79: delayed for 7 days).
 */
export const StrategyOption = z.strictObject({ kind: wordEnum(strategies), delay: z.optional(Quantity), advice: z.optional(z.string()) });
/** A prescribing strategy. */
export type StrategyOption = z.infer<typeof StrategyOption>;

/** Advice for the treatment plan; `kind` marks self-care advice and safety-net advice (when to seek help). */
export const Advice = z.strictObject({ text: z.string(), kind: z.optional(wordEnum(adviceKinds)) }).register(z.globalRegistry, { id: "Advice" });
/** Advice for the treatment plan. */
export type Advice = z.infer<typeof Advice>;

/** An alert a rule raises; `recommends` is the review outcome it advises for the course it is about. */
export const AlertTemplate = z.strictObject({ priority: wordEnum(alertPriorities), message: z.string(), key: z.string(), recommends: z.optional(wordEnum(reviewOutcomes)) });
/** An alert a rule raises. */
export type AlertTemplate = z.infer<typeof AlertTemplate>;

/** A review outcome word. */
export type ReviewOutcomeWord = (typeof reviewOutcomes)[number]["word"];

/**
 * Something a rule asks the clinician to do. Texts may name the course or culture a `for each`
 * rule looks at, with `{course drug}`, `{culture organism}` and the like.
 */
export const ActionTemplate = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("review"),
    after: Quantity,
    from: z.enum(["now", "course-start", "course-reviewed", "course-next-review"]),
    overdueAfter: z.optional(Quantity),
    outcomes: z.array(wordEnum(reviewOutcomes)),
  }),
  z.strictObject({ kind: z.literal("suggest"), suggestion: wordEnum(suggestions), reason: z.string() }),
  z.strictObject({ kind: z.literal("refer"), to: wordEnum(referralTargets), urgency: wordEnum(referralUrgencies), reason: z.string(), unverified: z.optional(z.string()) }),
  z.strictObject({
    kind: z.literal("request"),
    data: z.discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("observation"), id: Id }),
      z.strictObject({ kind: z.literal("finding"), id: Id }),
      z.strictObject({ kind: z.literal("patient"), field: PatientField }),
    ]),
    reason: z.string(),
  }),
]);
/** Something a rule asks the clinician to do. */
export type ActionTemplate = z.infer<typeof ActionTemplate>;

/** A rule: when its condition holds, its outcomes apply. Every rule cites its source. */
export const Rule = z.strictObject({
  id: Id,
  /** What about the rule is not confirmed in a cited source; every item it produces carries it. */
  unverified: z.optional(z.string()),
  /** What the rule is applied to, once each: every course, every culture, or every pair of them. */
  forEach: z.array(z.enum(["course", "culture"])),
  citations: z.array(Citation).check(z.minLength(1)),
  when: Expr,
  strategies: z.array(StrategyOption),
  treatments: z.array(TreatmentOption),
  advice: z.array(Advice),
  leaflets: z.array(z.string()),
  alerts: z.array(AlertTemplate),
  actions: z.array(ActionTemplate),
}).register(z.globalRegistry, { id: "Rule" });
/** A rule. */
export type Rule = z.infer<typeof Rule>;

/**
 * A contraindication: when its condition holds, the drug (or every drug of the class) is neither
 * offered nor ordered without an alert. One row serves option filtering and order checks alike.
 */
export const Contraindication = z.strictObject({
  id: Id,
  target: DrugOrClass,
  when: Expr,
  /** The alert an order of the drug raises when the condition holds. */
  alert: AlertTemplate,
  /** What to do with an option (and an order) when the condition is unknown. */
  ifUnknown: z.enum(["withhold", "offer", "exclude"]),
  unknownNote: z.optional(z.string()),
  citations: z.array(Citation).check(z.minLength(1)),
  unverified: z.optional(z.string()),
}).register(z.globalRegistry, { id: "Contraindication" });
/** A contraindication. */
export type Contraindication = z.infer<typeof Contraindication>;

/**
 * Which culture results exclude a drug they show resistant: cultures for which `when` holds,
 * reported within `window` (or, when the source states no window, `unstated` with why).
 */
export const Resistance = z.strictObject({
  id: Id,
  when: Expr,
  window: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("within"), length: Quantity }),
    z.strictObject({ kind: z.literal("unstated"), note: z.string() }),
  ]),
  alert: AlertTemplate,
  citations: z.array(Citation).check(z.minLength(1)),
}).register(z.globalRegistry, { id: "Resistance" });
/** A resistance exclusion. */
export type Resistance = z.infer<typeof Resistance>;

/** The guideline's header: who owns it, which version, where it applies, when it must be reviewed. */
export const GuidelineHeader = z.strictObject({
  id: Id,
  title: z.string(),
  version: z.string().check(z.regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/)),
  status: wordEnum(guidelineStatuses),
  settings: z.array(wordEnum(careSettings)).check(z.minLength(1)),
  owner: z.string(),
  approved: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  reviewBy: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
});
/** The guideline's header. */
export type GuidelineHeader = z.infer<typeof GuidelineHeader>;

/** A compiled guideline. `contentHash` is the SHA-256 of the canonical JSON of everything else. */
export const GuidelineIR = z.strictObject({
  irVersion: z.literal(IR_VERSION),
  contentHash: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
  guideline: GuidelineHeader,
  sources: z.array(Source),
  codeLists: z.array(CodeList),
  classes: z.array(DrugClass),
  drugs: z.array(Drug),
  observations: z.array(Observation),
  findings: z.array(Finding),
  parameters: z.array(Parameter),
  scores: z.array(Score),
  defines: z.array(Define),
  contraindications: z.array(Contraindication),
  resistances: z.array(Resistance),
  rules: z.array(Rule),
});
/** A compiled guideline. */
export type GuidelineIR = z.infer<typeof GuidelineIR>;
