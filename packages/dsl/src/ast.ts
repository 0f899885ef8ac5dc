/**
 * The syntax tree of a rule file, discriminated by `kind`. Nodes carry a `span` and the comments the
 * formatter must keep; equality helpers ignore both spans and nothing else.
 */
import type { Span } from "@steward/core";

/** A comment: its text (including the `#`) and whether a blank line comes before it. */
export interface CommentNode {
  readonly text: string;
  readonly blankLineBefore: boolean;
  readonly span: Span;
}

/** A node type without the given keys, distributed over each member of a union. */
export type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type { Span };

/** What every line-level node carries for the formatter: comments above it, one after it, a blank line before it. */
export interface Trivia {
  readonly leadingComments: readonly CommentNode[];
  readonly trailingComment?: CommentNode;
  readonly blankLineBefore: boolean;
}

/** A name as written, with where it was written. */
export interface Name {
  readonly kind: "name";
  readonly text: string;
  readonly span: Span;
}

/** A string literal, unescaped. */
export interface Text {
  readonly kind: "text";
  readonly value: string;
  readonly span: Span;
}

/** A number with an optional unit, as written (`45 mL/min/1.73m2`, `3 days`, `2`). */
export interface QuantityNode {
  readonly kind: "quantity";
  /**
   * The digits as written, so `1.50` formats back as `1.50`. In a dose or a duration, a range
   * written with a hyphen (`5-7`) is kept as written and reported by the checker.
   */
  readonly number: string;
  /** The unit as written (a canonical symbol or an alias), absent for a plain number. */
  readonly unit?: string;
  readonly span: Span;
}

/** A date, a date-time, a version, or a code token, kept as written. */
export interface Literal {
  readonly kind: "date" | "datetime" | "version" | "code";
  readonly text: string;
  readonly span: Span;
}

/** A value in a header or block field. */
export type FieldValue = Name | Text | QuantityNode | Literal;

/** `key value, value …` in a header, source, code or drug block. */
export interface Field extends Trivia {
  readonly kind: "field";
  readonly key: Name;
  readonly values: readonly FieldValue[];
  readonly span: Span;
}

/**
 * `snomed 38822007 "Cystitis"`, optionally `unverified "why"`; `snomed << 68566005 "…"` stands for
 * the concept and every concept below it (`descendants`).
 */
export interface CodeEntry extends Trivia {
  readonly kind: "code-entry";
  readonly system: Name;
  readonly descendants?: true;
  readonly code: Literal;
  readonly display: Text;
  readonly unverified?: Text;
  readonly span: Span;
}

/** `cite ng109 "recommendation 1.1.3"`. */
export interface CiteClause extends Trivia {
  readonly kind: "cite";
  readonly source: Name;
  readonly section?: Text;
  readonly span: Span;
}

/** `oral-dose <regimen> cite <source> "section"`: a dose stated in a drug's block, with its source. */
export interface DoseEntry extends Trivia {
  readonly kind: "dose-entry";
  readonly key: Name;
  readonly regimen: RegimenNode;
  readonly cite: CiteClause;
  readonly span: Span;
}

/** An entry inside a declaration block. */
export type BlockEntry = Field | CodeEntry | CiteClause | DoseEntry;

/** Comments left after the last entry of a block, printed before its `}`. */
export interface Block {
  readonly entries: readonly BlockEntry[];
  readonly closingComments: readonly CommentNode[];
}

/** `import "file.stw"` or `import a, b from "file.stw"`. */
export interface ImportDecl extends Trivia {
  readonly kind: "import";
  readonly names: readonly Name[];
  readonly path: Text;
  readonly span: Span;
}

/** `guideline id { … }`: the header that makes a file a guideline. */
export interface GuidelineDecl extends Trivia, Block {
  readonly kind: "guideline";
  readonly name: Name;
  readonly span: Span;
}

/** `source id { title … url … }`. */
export interface SourceDecl extends Trivia, Block {
  readonly kind: "source";
  readonly name: Name;
  readonly span: Span;
}

/** `codes id "Title" { system code "display" … }`. */
export interface CodesDecl extends Trivia, Block {
  readonly kind: "codes";
  readonly name: Name;
  readonly title?: Text;
  readonly span: Span;
}

/** `observation id "Title" { unit …; codes }`. */
export interface ObservationDecl extends Trivia, Block {
  readonly kind: "observation";
  readonly name: Name;
  readonly title?: Text;
  readonly span: Span;
}

/** `finding id "Title"` with an optional block of codes. */
export interface FindingDecl extends Trivia, Block {
  readonly kind: "finding";
  readonly name: Name;
  readonly title?: Text;
  readonly hasBlock: boolean;
  readonly span: Span;
}

/** `class id "Title" within broader, …` with an optional block of citations. */
export interface ClassDecl extends Trivia, Block {
  readonly kind: "class";
  readonly name: Name;
  readonly title: Text;
  readonly within: readonly Name[];
  readonly hasBlock: boolean;
  readonly span: Span;
}

/** `drug id "Name" { codes, classes, aware, routes, oral-option, cite }`. */
export interface DrugDecl extends Trivia, Block {
  readonly kind: "drug";
  readonly name: Name;
  readonly title: Text;
  readonly span: Span;
}

/** `define id = condition`. */
export interface DefineDecl extends Trivia {
  readonly kind: "define";
  readonly name: Name;
  readonly expr: Expr;
  readonly span: Span;
}

/** `criterion <condition>`: one point of a computed score. */
export interface CriterionClause extends Trivia {
  readonly kind: "criterion";
  readonly expr: Expr;
  readonly span: Span;
}

/** `range 0 to 20`: the values a recorded score can take. */
export interface RangeClause extends Trivia {
  readonly kind: "range";
  readonly min: QuantityNode;
  readonly max: QuantityNode;
  readonly span: Span;
}

/** An entry of a score's block. */
export type ScoreEntry = CiteClause | CodeEntry | CriterionClause | RangeClause;

/** `score id "Title" { criterion …  |  range … and codes }`: a clinical score. */
export interface ScoreDecl extends Trivia {
  readonly kind: "score";
  readonly name: Name;
  readonly title?: Text;
  readonly entries: readonly ScoreEntry[];
  readonly closingComments: readonly CommentNode[];
  readonly span: Span;
}

/** `choices id { first choice … }`: a table of treatment choices rules offer with `offer id`. */
export interface ChoicesDecl extends Trivia {
  readonly kind: "choices";
  readonly name: Name;
  readonly choices: readonly ChoiceClause[];
  readonly closingComments: readonly CommentNode[];
  readonly span: Span;
}

/** `parameter id = 45 mL/min/1.73m2 "Title"`. */
export interface ParameterDecl extends Trivia {
  readonly kind: "parameter";
  readonly name: Name;
  readonly value: QuantityNode;
  readonly title?: Text;
  readonly span: Span;
}

/** `rule id { clauses }`. */
export interface RuleDecl extends Trivia {
  readonly kind: "rule";
  readonly name: Name;
  readonly clauses: readonly RuleClause[];
  readonly closingComments: readonly CommentNode[];
  readonly span: Span;
}

/** `contraindication id for drug-or-class { cite … when … alert … if unknown … }`. */
export interface ContraindicationDecl extends Trivia {
  readonly kind: "contraindication";
  readonly name: Name;
  readonly target: Name;
  readonly clauses: readonly RuleClause[];
  readonly closingComments: readonly CommentNode[];
  readonly span: Span;
}

/** `resistance id { cite … when <culture condition> … window … alert … }`. */
export interface ResistanceDecl extends Trivia {
  readonly kind: "resistance";
  readonly name: Name;
  readonly clauses: readonly RuleClause[];
  readonly closingComments: readonly CommentNode[];
  readonly span: Span;
}

/** Any top-level declaration. */
export type Item =
  | ImportDecl
  | GuidelineDecl
  | SourceDecl
  | CodesDecl
  | ObservationDecl
  | FindingDecl
  | ClassDecl
  | DrugDecl
  | DefineDecl
  | ParameterDecl
  | RuleDecl
  | ContraindicationDecl
  | ResistanceDecl
  | ScoreDecl
  | ChoicesDecl
  | TestsDecl
  | ScenarioDecl;

// ---- scenario tests ---------------------------------------------------------------------------

/** `tests "ng109.stw"`, optionally `at <date-time>`: the guideline a test file's scenarios test. */
export interface TestsDecl extends Trivia {
  readonly kind: "tests";
  readonly path: Text;
  readonly at?: Literal;
  readonly span: Span;
}

/** `scenario "title" { at …  given { … }  expect { … } }`. */
export interface ScenarioDecl extends Trivia {
  readonly kind: "scenario";
  readonly title: Text;
  readonly clauses: readonly ScenarioClause[];
  readonly closingComments: readonly CommentNode[];
  readonly span: Span;
}

/** `at 2026-11-25T09:00:00Z`: when the scenario is evaluated. */
export interface AtClause extends Trivia {
  readonly kind: "at";
  readonly time: Literal;
  readonly span: Span;
}

/** `given { lines }` or `expect { lines }`. */
export interface LinesClause extends Trivia {
  readonly kind: "given" | "expect";
  readonly lines: readonly LineNode[];
  readonly closingComments: readonly CommentNode[];
  readonly span: Span;
}

/** A clause of a scenario. */
export type ScenarioClause = AtClause | LinesClause;

/** One word of a line: a name, string, number, unit, date, code, keyword or symbol, as written. */
export interface WordNode {
  readonly kind: "word";
  readonly token: "name" | "text" | "number" | "unit" | "date" | "datetime" | "code" | "version" | "keyword" | "symbol";
  /** The word as written; for `text`, the unescaped string. */
  readonly text: string;
  readonly span: Span;
}

/** One statement of a `given` or `expect` block: the words on one line. */
export interface LineNode extends Trivia {
  readonly kind: "line";
  readonly words: readonly WordNode[];
  readonly span: Span;
}

/** A whole rule file. */
export interface FileNode {
  readonly kind: "file";
  readonly items: readonly Item[];
  /** Comments after the last item. */
  readonly closingComments: readonly CommentNode[];
  readonly span: Span;
}

// ---- rule clauses ---------------------------------------------------------------------------

/** `when condition`. */
export interface WhenClause extends Trivia {
  readonly kind: "when";
  readonly expr: Expr;
  readonly span: Span;
}

/** `strategy back-up after 7 days "advice"`. */
export interface StrategyClause extends Trivia {
  readonly kind: "strategy";
  readonly strategy: Name;
  /** How long a back-up prescription is held before it may be used. */
  readonly delay?: QuantityNode;
  readonly advice?: Text;
  readonly span: Span;
}

/** `first choice drug regimen { option clauses }`. */
export interface ChoiceClause extends Trivia {
  readonly kind: "choice";
  readonly rank: "first" | "second" | "alternative";
  readonly drug: Name;
  readonly regimen?: RegimenNode;
  readonly options: readonly OptionClause[];
  readonly hasBlock: boolean;
  readonly closingComments: readonly CommentNode[];
  readonly span: Span;
}

/** `advice "text"`, `advice safety-net "text"` or `leaflet "title"`. */
export interface TextClause extends Trivia {
  readonly kind: "advice" | "leaflet";
  /** The kind of advice (`self-care`, `safety-net`), when given. */
  readonly adviceKind?: Name;
  readonly text: Text;
  readonly span: Span;
}

/** `unverified "why"` in a rule, a treatment choice or a contraindication: what is not confirmed in a cited source. */
export interface UnverifiedClause extends Trivia {
  readonly kind: "unverified";
  readonly why: Text;
  readonly span: Span;
}

/** `offer sore-throat-adults`: the choices of a `choices` block. */
export interface OfferClause extends Trivia {
  readonly kind: "offer";
  readonly choices: Name;
  readonly span: Span;
}

/** `alert high "message" key dedupe-key recommends change`. */
export interface AlertClause extends Trivia {
  readonly kind: "alert";
  readonly priority: Name;
  readonly message: Text;
  readonly key?: Name;
  /** The review outcome the alert advises for the course it is about. */
  readonly recommends?: Name;
  readonly span: Span;
}

/** `review after 48 hours [from course start] [overdue after 72 hours] [offering stop, continue …]`. */
export interface ReviewClause extends Trivia {
  readonly kind: "review";
  readonly after: QuantityNode;
  /** The word after `from course` (must be `start`), when the review is timed from the course start. */
  readonly from?: Name;
  readonly overdueAfter?: QuantityNode;
  readonly outcomes: readonly Name[];
  readonly span: Span;
}

/** `for each course`, `for each culture`, `for each course and culture`. */
export interface ForEachClause extends Trivia {
  readonly kind: "for-each";
  readonly subjects: readonly ("course" | "culture")[];
  readonly span: Span;
}

/** `suggest oral-switch "reason"`, `suggest de-escalation "reason"`. */
export interface SuggestClause extends Trivia {
  readonly kind: "suggest";
  readonly suggestion: Name;
  readonly reason?: Text;
  readonly span: Span;
}

/** `refer ams-team routine "reason"`; `refer … immediate unverified "why" "reason"` marks an urgency not confirmed in a source. */
export interface ReferClause extends Trivia {
  readonly kind: "refer";
  readonly target: Name;
  readonly urgency?: Name;
  readonly reason?: Text;
  readonly unverified?: Text;
  readonly span: Span;
}


/** `window 3 months` or `window unstated "why"`: how long a culture result counts for. */
export interface WindowClause extends Trivia {
  readonly kind: "window";
  readonly length?: QuantityNode;
  /** The word after `window` when it is not a duration (must be `unstated`). */
  readonly word?: Name;
  readonly note?: Text;
  readonly span: Span;
}

/** `request egfr "reason"`. */
export interface RequestClause extends Trivia {
  readonly kind: "request";
  readonly target: Name;
  readonly reason?: Text;
  readonly span: Span;
}

/** A clause inside a rule. */
export type RuleClause =
  | CiteClause
  | WhenClause
  | StrategyClause
  | ChoiceClause
  | TextClause
  | AlertClause
  | ReviewClause
  | ReferClause
  | RequestClause
  | ForEachClause
  | SuggestClause
  | OfferClause
  | UnverifiedClause
  | IfUnknownClause
  | WindowClause;

// ---- treatment options ----------------------------------------------------------------------

/** A frequency word of a daily schedule. */
export type FrequencyWord = "once" | "twice" | "three" | "four";

/**
 * How often: `twice daily`, `twice or three times daily`, `every 8 hours`, `once`, `single dose`,
 * `on day 1`. A daily schedule keeps its words as written (`three daily` is reported by the checker).
 */
export type ScheduleNode =
  | { readonly kind: "daily"; readonly frequencies: readonly FrequencyWord[]; readonly times: boolean; readonly span: Span }
  | { readonly kind: "every"; readonly interval: QuantityNode; readonly span: Span }
  | { readonly kind: "once"; readonly words: "once" | "single dose"; readonly span: Span }
  /** `on day 1`: `day` is the unit word as written. */
  | { readonly kind: "on-day"; readonly dayWord: string; readonly day: string; readonly span: Span };

/** How long: `for 3 days`, `for 5 to 7 days`, `to complete 3 days`, `until review`. */
export type StepDurationNode =
  | { readonly kind: "for" | "to-complete"; readonly length: QuantityNode; readonly lengthTo?: QuantityNode; readonly span: Span }
  | { readonly kind: "until-review"; readonly span: Span };

/** A combination product's strength as written, `500/125` (with a unit when one follows: `500/125 mg`). */
export interface StrengthNode {
  readonly kind: "strength";
  readonly amounts: string;
  readonly unit?: string;
  readonly span: Span;
}

/** One dose: `500 mg`, `500/125 mg`, `250 mg to 500 mg`, `4 mg/kg max 200 mg`, `5 mL of 125/31`. */
export interface DoseNode {
  readonly kind: "dose";
  readonly amount: QuantityNode | StrengthNode;
  readonly to?: QuantityNode | StrengthNode;
  readonly max?: QuantityNode;
  readonly of?: StrengthNode;
  readonly span: Span;
}

/** Doses that share a frequency, and the frequency: `12.5 mg/kg or 125 mg … twice daily`. */
export interface DoseGroupNode {
  readonly doses: readonly DoseNode[];
  readonly schedule: ScheduleNode;
}

/**
 * `100 mg modified-release oral twice daily for 3 days`: the first dose group, its forms and routes,
 * its schedule, then any further `or` dose groups (`or 1000 mg twice daily`), then the duration.
 */
export interface DoseStepNode {
  readonly kind: "dose-step";
  readonly doses: readonly DoseNode[];
  /** Forms and routes, in the order written. */
  readonly descriptors: readonly Name[];
  readonly schedule: ScheduleNode;
  readonly or: readonly DoseGroupNode[];
  readonly duration?: StepDurationNode;
  readonly span: Span;
}

/** One or more steps joined by `then`. */
export interface RegimenNode {
  readonly kind: "regimen";
  readonly steps: readonly DoseStepNode[];
  readonly span: Span;
}

/** `or regimen "when to use it"`. */
export interface OrRegimenClause extends Trivia {
  readonly kind: "or-regimen";
  readonly regimen: RegimenNode;
  readonly note?: Text;
  readonly span: Span;
}

/** `only if condition`. */
export interface OnlyIfClause extends Trivia {
  readonly kind: "only-if";
  readonly expr: Expr;
  readonly span: Span;
}

/** `if unknown offer|exclude|withhold "note"`: what to do with the option when its condition is unknown. */
export interface IfUnknownClause extends Trivia {
  readonly kind: "if-unknown";
  readonly action: "offer" | "exclude" | "withhold";
  readonly note?: Text;
  readonly span: Span;
}

/** `note "text"`. */
export interface NoteClause extends Trivia {
  readonly kind: "note";
  readonly text: Text;
  readonly span: Span;
}

/**
 * `with clarithromycin 500 mg oral twice daily for 5 days [if "…"] [{ or … }]`: a drug given
 * together with the choice's drug; with `if`, an add-on the prescriber gives when the words hold.
 */
export interface WithClause extends Trivia {
  readonly kind: "with";
  readonly drug: Name;
  readonly regimen: RegimenNode;
  readonly addIf?: Text;
  readonly options: readonly OrRegimenClause[];
  readonly hasBlock: boolean;
  readonly closingComments: readonly CommentNode[];
  readonly span: Span;
}

/** A clause inside a treatment option's block. */
export type OptionClause = OrRegimenClause | OnlyIfClause | IfUnknownClause | NoteClause | WithClause | UnverifiedClause;

// ---- conditions -----------------------------------------------------------------------------

/** `a and b and c`, `a or b` (n-ary; a nested `and` inside `and` was written in parentheses). */
export interface LogicalExpr {
  readonly kind: "and" | "or";
  readonly args: readonly Expr[];
  readonly span: Span;
}

/** `not a`. */
export interface NotExpr {
  readonly kind: "not";
  readonly arg: Expr;
  readonly span: Span;
}

/** `value >= 45 mL/min/1.73m2`. */
export interface CompareExpr {
  readonly kind: "compare";
  readonly op: "<" | "<=" | ">" | ">=" | "=" | "!=";
  readonly left: ValueNode;
  readonly right: ValueNode;
  readonly span: Span;
}

/** `value between low and high` (both ends included). */
export interface BetweenExpr {
  readonly kind: "between";
  readonly value: ValueNode;
  readonly low: ValueNode;
  readonly high: ValueNode;
  readonly span: Span;
}

/** `value is word`, `value is not word`. */
export interface IsExpr {
  readonly kind: "is";
  readonly value: ValueNode;
  readonly word: Name;
  readonly negated: boolean;
  readonly span: Span;
}

/** `value is known`, `value is unknown`. */
export interface KnownExpr {
  readonly kind: "known";
  readonly value: ValueNode;
  readonly negated: boolean;
  readonly span: Span;
}

/** `value in code-list-or-class`. */
export interface InExpr {
  readonly kind: "in";
  readonly value: ValueNode;
  readonly set: Name;
  readonly span: Span;
}

/** `allergic to drug-or-class`. */
export interface AllergicExpr {
  readonly kind: "allergic";
  readonly target: DrugRefNode;
  readonly span: Span;
}

/** `any course where …`, `no culture where …`. */
export interface ExistsExpr {
  readonly kind: "exists";
  readonly quantifier: "any" | "no";
  readonly subject: "course" | "culture";
  readonly where?: Expr;
  readonly span: Span;
}

/** A value used as a condition on its own (`pregnant`, `symptoms-improving`, a define). */
export interface TruthExpr {
  readonly kind: "truth";
  readonly value: ValueNode;
  readonly span: Span;
}

/** A condition. */
export type Expr =
  | LogicalExpr
  | NotExpr
  | CompareExpr
  | BetweenExpr
  | IsExpr
  | KnownExpr
  | InExpr
  | AllergicExpr
  | ExistsExpr
  | TruthExpr;

/** A drug or class by name, or `course drug`. */
export type DrugRefNode = Name | { readonly kind: "course-drug"; readonly span: Span };

/** Something a condition reads. */
export type ValueNode =
  | QuantityNode
  /** A name: a define, observation, finding, parameter or patient fact. */
  | { readonly kind: "ref"; readonly name: Name; readonly within?: QuantityNode; readonly span: Span }
  | { readonly kind: "field"; readonly subject: "course" | "culture"; readonly field: Name; readonly span: Span }
  | { readonly kind: "susceptibility"; readonly drug: DrugRefNode; readonly span: Span }
  | { readonly kind: "time-since"; readonly of: ValueNode; readonly span: Span }
  /** `onset of sinusitis`: when a diagnosis in a code list, or a finding, began. */
  | { readonly kind: "onset"; readonly of: Name; readonly span: Span }
  /** `highest egfr measured within 24 hours`, `lowest …`, `trend of news2 …`. */
  | { readonly kind: "aggregate"; readonly aggregate: "highest" | "lowest" | "trend"; readonly name: Name; readonly within?: QuantityNode; readonly span: Span };
