/**
 * The IR: a compiled guideline as plain JSON. Hosts can ship it without the parser; `evaluate`
 * reads only this. Everything a name referred to in the source is resolved here to an id.
 */
import "./zod-config.js";
import * as z from "zod";
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
  routes,
  strategies,
} from "./vocabulary.js";

/** The IR format version; bumped when a compiled guideline would be read differently. */
export const IR_VERSION = 3;

function wordEnum<const W extends string>(list: readonly { readonly word: W }[]) {
  return z.enum(list.map((w) => w.word) as [W, ...W[]]);
}

const Id = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/).meta({ id: "Id", description: "a lowercase name with hyphens" });

/** A number with a unit; `unit` is a canonical symbol from the unit table, or "" for a plain number. */
export const Quantity = z.strictObject({ value: z.number(), unit: z.string() }).meta({ id: "Quantity" });
/** A number with a unit. */
export type Quantity = z.infer<typeof Quantity>;

/** A code from a named code system, as written in the rule file. */
export const Coding = z.strictObject({
  system: z.enum(["snomed", "dmd", "loinc", "icd10"]),
  code: z.string().min(1),
  display: z.string(),
  /** Present when the code is not confirmed in a cited source; says what is uncertain. */
  unverified: z.string().optional(),
  /** Present on a code a code list holds because it is below `<< concept` in the list's expansion: that concept. */
  expandedFrom: z.string().optional(),
}).meta({ id: "Coding" });
/** A code from a named code system. */
export type Coding = z.infer<typeof Coding>;

/** A reference to a source, with the section that supports the rule. */
export const Citation = z.strictObject({ source: Id, section: z.string().optional() }).meta({ id: "Citation" });
/** A reference to a source. */
export type Citation = z.infer<typeof Citation>;

/** A cited document: a NICE guideline, a national criteria page, a formulary. */
export const Source = z.strictObject({
  id: Id,
  title: z.string(),
  url: z.string().optional(),
  publisher: z.string().optional(),
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
  version: z.string().optional(),
  timestamp: z.string(),
  contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  concepts: z.number().int().positive().describe("how many concepts the expansion held, the concept itself included"),
}).meta({ id: "CodeListExpansion" });
/** Where the codes below one `<<` entry came from. */
export type CodeListExpansion = z.infer<typeof CodeListExpansion>;

/** A named set of codes (diagnoses, organisms, lab tests); `expansions` says where codes below a `<<` concept came from. */
export const CodeList = z.strictObject({ id: Id, title: z.string().optional(), codes: z.array(Coding), expansions: z.array(CodeListExpansion).min(1).optional() });
/** A named set of codes. */
export type CodeList = z.infer<typeof CodeList>;

/**
 * A class whose members may cross-react: an allergy to the owning class also rules out drugs of
 * `classes`, always or only when the allergy is recorded as severe. `unverified` says what is not
 * confirmed in a cited source.
 */
export const CrossReactivity = z.strictObject({ classes: z.array(Id), when: z.enum(["always", "severe"]), unverified: z.string().optional() });
/** A cross-reactivity. */
export type CrossReactivity = z.infer<typeof CrossReactivity>;

/**
 * A drug class used for allergy cross-checks and lists; `within` names its broader classes,
 * `members` drugs the class lists itself (a list a trust can edit without touching the drugs).
 */
export const DrugClass = z.strictObject({
  id: Id,
  title: z.string(),
  within: z.array(Id),
  members: z.array(Id),
  crossReactivity: z.array(CrossReactivity),
  citations: z.array(Citation),
});
/** A drug class. */
export type DrugClass = z.infer<typeof DrugClass>;

/** A formulary drug: its codes, classes (direct and all broader ones), AWaRe category and routes. */
export const Drug = z.strictObject({
  id: Id,
  name: z.string(),
  codes: z.array(Coding),
  classes: z.array(Id),
  allClasses: z.array(Id),
  aware: wordEnum(awareCategories).optional(),
  routes: z.array(wordEnum(routes)),
  /** A different formulary drug to switch to when this one has no oral form. */
  oralOption: Id.optional(),
  citations: z.array(Citation),
});
/** A formulary drug. */
export type Drug = z.infer<typeof Drug>;

/** A lab test or clinical observation the rules read, with the unit its values are compared in. */
export const Observation = z.strictObject({ id: Id, title: z.string(), unit: z.string(), codes: z.array(Coding) });
/** A lab test or clinical observation. */
export type Observation = z.infer<typeof Observation>;

/** A clinical finding the host records as present or absent (for example, symptoms improving). */
export const Finding = z.strictObject({ id: Id, title: z.string(), codes: z.array(Coding) });
/** A clinical finding. */
export type Finding = z.infer<typeof Finding>;

/** A named threshold a local committee may change without editing rules. */
export const Parameter = z.strictObject({ id: Id, title: z.string().optional(), value: Quantity });
/** A named threshold. */
export type Parameter = z.infer<typeof Parameter>;

/** A drug or a drug class, by id. */
export const DrugOrClass = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("drug"), id: Id }),
  z.strictObject({ kind: z.literal("class"), id: Id }),
]).meta({ id: "DrugOrClass" });
/** A drug or a drug class. */
export type DrugOrClass = z.infer<typeof DrugOrClass>;

/** A drug named directly, or the drug of the course a rule is looking at. */
export const DrugRef = z.union([DrugOrClass, z.strictObject({ kind: z.literal("course-drug") })]).meta({ id: "DrugRef" });
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
export const CourseField = z.enum(["drug", "route", "start", "indication", "indicated", "aware", "oral-option", "review", "reviewed", "next-review"]);
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
export const Value: z.ZodType<Value> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("quantity"), value: z.number(), unit: z.string() }),
    z.strictObject({ kind: z.literal("parameter"), id: Id }),
    z.strictObject({ kind: z.literal("patient"), field: PatientField }),
    z.strictObject({ kind: z.literal("define"), id: Id }),
    z.strictObject({ kind: z.literal("finding"), id: Id }),
    z.strictObject({ kind: z.literal("diagnosis") }),
    z.strictObject({ kind: z.literal("observation"), id: Id, within: Quantity.optional(), aggregate: z.enum(["highest", "lowest"]).optional() }),
    z.strictObject({ kind: z.literal("trend"), id: Id, within: Quantity.optional() }),
    z.strictObject({ kind: z.literal("course"), field: CourseField }),
    z.strictObject({ kind: z.literal("culture"), field: z.enum(["specimen", "organism", "reported", "collected"]) }),
    z.strictObject({ kind: z.literal("susceptibility"), drug: DrugRef }),
    z.strictObject({ kind: z.literal("time-since"), of: Value }),
    z.strictObject({ kind: z.literal("score"), id: Id }),
    z.strictObject({ kind: z.literal("onset"), of: z.strictObject({ kind: z.enum(["code-list", "finding"]), id: Id }) }),
  ]),
).meta({ id: "Value" });

/** A set to test membership in: a code list or a drug class. */
export const MemberSet = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("code-list"), id: Id }),
  z.strictObject({ kind: z.literal("class"), id: Id }),
]).meta({ id: "MemberSet" });
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
export const Expr: z.ZodType<Expr> = z.lazy(() =>
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
      where: Expr.optional(),
      negated: z.boolean(),
      text: z.string(),
    }),
  ]),
).meta({ id: "Expr" });

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
    max: z.number().int().positive(),
    /** One point for each criterion that holds; `text` names it for the Decision. */
    criteria: z.array(z.strictObject({ text: z.string(), condition: Expr })).min(1),
    citations: z.array(Citation),
  }),
  z.strictObject({ kind: z.literal("recorded"), id: Id, title: z.string(), min: z.number().int(), max: z.number().int(), codes: z.array(Coding).min(1), citations: z.array(Citation) }),
]).meta({ id: "Score" });
/** A clinical score. */
export type Score = z.infer<typeof Score>;

/** A named, reusable condition. */
export const Define = z.strictObject({ id: Id, expr: Expr });
/** A named condition. */
export type Define = z.infer<typeof Define>;

/** How often a dose is given. `orPerDay` is the other frequency of `twice or three times daily`. */
export const Schedule = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("daily"), perDay: z.number().int().positive(), orPerDay: z.number().int().positive().optional(), words: z.string() }),
  z.strictObject({ kind: z.literal("every"), interval: Quantity }),
  z.strictObject({ kind: z.literal("once"), words: z.enum(["once", "single dose"]) }),
  z.strictObject({ kind: z.literal("on-day"), day: z.number().int().positive() }),
]).meta({ id: "Schedule" });
/** How often a dose is given. */
export type Schedule = z.infer<typeof Schedule>;

/**
 * How long a dose step lasts. `to-complete` counts from the start of the whole regimen; `lengthTo`
 * is the upper end of a range (`for 5 to 7 days`).
 */
export const StepDuration = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("for"), length: Quantity, lengthTo: Quantity.optional() }),
  z.strictObject({ kind: z.literal("to-complete"), length: Quantity, lengthTo: Quantity.optional() }),
  z.strictObject({ kind: z.literal("until-review") }),
]).meta({ id: "StepDuration" });
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
  doseTo: Quantity.optional(),
  strength: z.array(z.number().positive()).min(2).optional(),
  of: z.strictObject({ amounts: z.array(z.number().positive()).min(2), unit: z.string() }).optional(),
  max: Quantity.optional(),
  schedule: Schedule,
}).meta({ id: "DoseOption" });
/** One dose and how often it is given. */
export type DoseOption = z.infer<typeof DoseOption>;

/**
 * One step of a regimen: a dose, its form and route, how often, and for how long. `or` lists the
 * other doses and frequencies the guideline gives for the same step, sharing its form, route and
 * duration (`500 mg four times daily or 1000 mg twice daily`): the prescriber chooses one.
 */
export const DoseStep = DoseOption.extend({
  form: wordEnum(forms).optional(),
  route: wordEnum(routes),
  or: z.array(DoseOption).min(1).optional(),
  duration: StepDuration.optional(),
}).meta({ id: "DoseStep" });
/** One step of a regimen. */
export type DoseStep = z.infer<typeof DoseStep>;

/** A way of giving a drug: one or more steps, with a note saying when this regimen applies. */
export const Regimen = z.strictObject({ steps: z.array(DoseStep).min(1), note: z.string().optional() }).meta({ id: "Regimen" });
/** A way of giving a drug. */
export type Regimen = z.infer<typeof Regimen>;

/**
 * A drug given together with a treatment option's drug. With `addIf` it is an add-on the
 * prescriber gives when the words hold ("atypical pathogens are suspected"); without, it is always
 * part of the combination.
 */
export const Companion = z.strictObject({
  drug: Id,
  regimens: z.array(Regimen).min(1),
  addIf: z.string().optional(),
}).meta({ id: "Companion" });
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
  regimens: z.array(Regimen).min(1),
  combinedWith: z.array(Companion),
  onlyIf: Expr.optional(),
  ifUnknown: z.enum(["withhold", "offer", "exclude"]),
  unknownNote: z.string().optional(),
  notes: z.array(z.string()),
  /** What about the choice is not confirmed in a cited source. */
  unverified: z.string().optional(),
}).meta({ id: "TreatmentOption" });
/** A ranked treatment option. */
export type TreatmentOption = z.infer<typeof TreatmentOption>;

/**
 * A prescribing strategy with the advice that goes with it. `delay` is how long a back-up
 * prescription is held before it may be used (NICE NG79: delayed for 7 days).
 */
export const StrategyOption = z.strictObject({ kind: wordEnum(strategies), delay: Quantity.optional(), advice: z.string().optional() });
/** A prescribing strategy. */
export type StrategyOption = z.infer<typeof StrategyOption>;

/** Advice for the treatment plan; `kind` marks self-care advice and safety-net advice (when to seek help). */
export const Advice = z.strictObject({ text: z.string(), kind: wordEnum(adviceKinds).optional() }).meta({ id: "Advice" });
/** Advice for the treatment plan. */
export type Advice = z.infer<typeof Advice>;

/** The words of a card for an alert or an action: a summary (under 140 characters with the longest values its placeholders take) and a Markdown detail. */
const cardText = { summary: z.string().optional(), detail: z.string().optional() };

/** A reason a clinician can give for overriding an alert: a code and the words shown. */
export const OverrideReason = z.strictObject({ code: Id, display: z.string() }).meta({ id: "OverrideReason" });

/** An alert a rule raises. */
export const AlertTemplate = z.strictObject({ priority: wordEnum(alertPriorities), message: z.string(), key: z.string(), ...cardText, overrideReasons: z.array(OverrideReason).optional() });
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
    from: z.enum(["now", "course-start", "course-next-review"]),
    overdueAfter: Quantity.optional(),
    outcomes: z.array(wordEnum(reviewOutcomes)),
    ...cardText,
  }),
  z.strictObject({ kind: z.literal("suggest"), suggestion: wordEnum(suggestions), reason: z.string(), ...cardText }),
  z.strictObject({ kind: z.literal("refer"), to: wordEnum(referralTargets), reason: z.string(), ...cardText }),
  z.strictObject({
    kind: z.literal("request"),
    data: z.discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("observation"), id: Id }),
      z.strictObject({ kind: z.literal("finding"), id: Id }),
      z.strictObject({ kind: z.literal("patient"), field: PatientField }),
    ]),
    reason: z.string(),
    ...cardText,
  }),
]);
/** Something a rule asks the clinician to do. */
export type ActionTemplate = z.infer<typeof ActionTemplate>;

/** A rule: when its condition holds, its outcomes apply. Every rule cites its source. */
export const Rule = z.strictObject({
  id: Id,
  /** What about the rule is not confirmed in a cited source; every item it produces carries it. */
  unverified: z.string().optional(),
  /** What the rule is applied to, once each: every course, every culture, or every pair of them. */
  forEach: z.array(z.enum(["course", "culture"])),
  citations: z.array(Citation).min(1),
  when: Expr,
  strategies: z.array(StrategyOption),
  treatments: z.array(TreatmentOption),
  advice: z.array(Advice),
  leaflets: z.array(z.string()),
  alerts: z.array(AlertTemplate),
  actions: z.array(ActionTemplate),
}).meta({ id: "Rule" });
/** A rule. */
export type Rule = z.infer<typeof Rule>;

/** The guideline's header: who owns it, which version, where it applies, when it must be reviewed. */
export const GuidelineHeader = z.strictObject({
  id: Id,
  title: z.string(),
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/),
  status: wordEnum(guidelineStatuses),
  settings: z.array(wordEnum(careSettings)).min(1),
  owner: z.string(),
  approved: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  reviewBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
/** The guideline's header. */
export type GuidelineHeader = z.infer<typeof GuidelineHeader>;

/** A compiled guideline. `contentHash` is the SHA-256 of the canonical JSON of everything else. */
export const GuidelineIR = z.strictObject({
  irVersion: z.literal(IR_VERSION),
  contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
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
  rules: z.array(Rule),
});
/** A compiled guideline. */
export type GuidelineIR = z.infer<typeof GuidelineIR>;
