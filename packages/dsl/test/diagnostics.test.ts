/**
 * Every diagnostic the parser and checker can produce, one malformed file per case. Each file is a
 * small prelude (imported from `prelude.stw`) plus a guideline with exactly one mistake; the test
 * asserts the code, severity and position of every diagnostic, so a cascade fails it too.
 */
import { describe, expect, test } from "vitest";
import { diagnosticCodes, type Diagnostic, type DiagnosticCode } from "@steward/core";
import { check, loadProgram, type LoadOptions } from "@steward/dsl";

/** Declarations the cases refer to, served as `prelude.stw`. */
const PRELUDE = `source ng109 {
  title "NICE NG109"
  url "https://www.nice.org.uk/guidance/ng109"
}

class beta-lactams "Beta-lactams"
class penicillins "Penicillins" within beta-lactams

drug nitrofurantoin "Nitrofurantoin" {
  routes oral
}

drug amoxicillin "Amoxicillin" {
  classes penicillins
  routes oral, iv
}

observation egfr "eGFR" {
  unit mL/min/1.73m2
  loinc 33914-3 "eGFR (MDRD)"
}

codes lower-uti "Lower UTI" {
  snomed 38822007 "Cystitis"
}
`;

/** Lines 1–2 of most cases: the prelude and a valid one-line header. A case's own text starts on line 3. */
const HEAD = `import "prelude.stw"
guideline uti { title "Lower UTI" version 1.0.0 status draft settings primary-care owner "AMS" approved 2025-01-31 review-by 2027-01-31 }`;

/** Lines 1–2 of cases that write their own header (or none), so their own text also starts on line 3. */
const IMPORT = `import "prelude.stw"
# this case writes its own header`;

/** A header with one field replaced, for the header cases. */
function header(fields: Partial<Record<"version" | "status" | "approved" | "review-by", string>>): string {
  const f = { version: "1.0.0", status: "draft", approved: "2025-01-31", "review-by": "2027-01-31", ...fields };
  return `guideline uti { title "Lower UTI" version ${f.version} status ${f.status} settings primary-care owner "AMS" approved ${f.approved} review-by ${f["review-by"]} }`;
}

/** What a test asserts about a diagnostic: never its prose. */
interface Found {
  readonly file: string;
  readonly code: DiagnosticCode;
  readonly severity: Diagnostic["severity"];
  readonly line: number;
  readonly column: number;
}

function found(d: Diagnostic): Found {
  return { file: d.span?.file ?? "", code: d.code, severity: d.severity, line: d.span?.line ?? 0, column: d.span?.column ?? 0 };
}

/** Checks `main.stw` (with the prelude and any `extra` files beside it); returns every diagnostic. */
function diagnose(main: string, extra: Readonly<Record<string, string>> = {}, options: LoadOptions = {}): readonly Diagnostic[] {
  const files: Record<string, string> = { "prelude.stw": PRELUDE, ...extra, "main.stw": main };
  return check(loadProgram(["main.stw"], { read: (path) => files[path] }, options));
}

function error(code: DiagnosticCode, line: number, column: number, file = "main.stw"): Found {
  return { file, code, severity: "error", line, column };
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly extra?: Readonly<Record<string, string>>;
  /** Limits or a root folder other than the defaults. */
  readonly options?: LoadOptions;
  readonly expected: readonly Found[];
  /** A word the hint must mention, where the suggestion is the point of the diagnostic. */
  readonly hint?: string;
}

const cases: readonly Case[] = [
  // ---- lexing and parsing ---------------------------------------------------------------------
  {
    name: "a stray `@` after a condition is an unexpected character",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2 @
  strategy immediate
}`,
    expected: [error("parse/unexpected-character", 5, 33)],
  },
  {
    name: "an uppercase letter in a rule name is an unexpected character with a hint about lowercase names",
    text: `${HEAD}
rule Renal {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  strategy immediate
}`,
    expected: [error("parse/unexpected-character", 3, 6)],
    hint: "lowercase",
  },
  {
    name: "a string without its closing quote is reported where it starts",
    text: `${HEAD}
rule r {
  cite ng109 "1.1
  when egfr >= 45 mL/min/1.73m2
  strategy immediate
}`,
    expected: [error("parse/unterminated-string", 4, 14)],
  },
  {
    name: "a repeated comparison operator is an unexpected token at the second operator",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= >= 45 mL/min/1.73m2
  strategy immediate
}`,
    expected: [error("parse/unexpected-token", 5, 16)],
  },
  {
    name: "a stray word on its own line inside a rule is an unexpected token at that word",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  strategy immediate
  treat
}`,
    expected: [error("parse/unexpected-token", 7, 3)],
  },
  {
    name: "an extra closing brace between declarations is an unexpected token at that brace",
    text: `${HEAD}
finding fever "Fever"
}
finding chills "Chills"`,
    expected: [error("parse/unexpected-token", 4, 1)],
  },
  {
    name: "an extra closing brace at the end of the file is an unexpected token at that brace",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  strategy immediate
}
}`,
    expected: [error("parse/unexpected-token", 8, 1)],
  },
  {
    name: "a comparison with nothing after the operator is a missing token just after the operator",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >=
  strategy immediate
}`,
    expected: [error("parse/missing-token", 5, 15)],
  },
  {
    name: "a rule without its opening brace is a missing token just after the rule name",
    text: `${HEAD}
rule r
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  strategy immediate
}`,
    expected: [error("parse/missing-token", 3, 7)],
  },
  {
    name: "a rule whose closing brace is missing before the next rule is a missing token at the end of its last line",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  strategy immediate

rule s {
  cite ng109 "1.1"
  when pregnant
  strategy immediate
}`,
    expected: [error("parse/missing-token", 6, 21)],
  },
  {
    name: "a file that ends inside a rule is a missing token at the end of the last line",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  strategy immediate`,
    expected: [error("parse/missing-token", 6, 21)],
  },
  {
    name: "a misspelt unit in a condition is an unknown unit with the nearest unit as a hint",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mgs
  strategy immediate
}`,
    expected: [error("parse/unknown-unit", 5, 19)],
    hint: "did you mean `mg`?",
  },
  {
    name: "a misspelt unit in a dose is an unknown unit with the nearest unit as a hint",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  first choice nitrofurantoin 100 mgs oral twice daily for 3 days
}`,
    expected: [error("parse/unknown-unit", 6, 35)],
    hint: "did you mean `mg`?",
  },
  {
    name: "a misspelt unit of an observation is an unknown unit with the nearest unit as a hint",
    text: `${HEAD}
observation crp "C-reactive protein" {
  unit mgs
  loinc 1988-5 "CRP"
}`,
    expected: [error("parse/unknown-unit", 4, 8)],
    hint: "did you mean `mg`?",
  },

  // ---- names ----------------------------------------------------------------------------------
  {
    name: "a misspelt observation is an unresolved name with the declared name as a hint",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfrr >= 45 mL/min/1.73m2
  strategy immediate
}`,
    expected: [error("check/unresolved-name", 5, 8)],
    hint: "did you mean `egfr`?",
  },
  {
    name: "a code list used as a condition is the wrong kind of name",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when lower-uti
  strategy immediate
}`,
    expected: [error("check/wrong-kind-of-name", 5, 8)],
  },
  {
    name: "a drug class where a code list belongs is the wrong kind of name",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when diagnosis in penicillins
  strategy immediate
}`,
    expected: [error("check/wrong-kind-of-name", 5, 21)],
  },
  {
    name: "a name declared twice in a file is a duplicate id at the second declaration",
    text: `${HEAD}
finding fever "Fever"
finding fever "Fever again"`,
    expected: [error("check/duplicate-id", 4, 9)],
  },
  {
    name: "a misspelt source in a citation is an unknown source",
    text: `${HEAD}
rule r {
  cite ng190 "1.1"
  when egfr >= 45 mL/min/1.73m2
  strategy immediate
}`,
    expected: [error("check/unknown-source", 4, 8)],
  },
  {
    name: "a misspelt drug in a treatment choice is not in the formulary, with the formulary drug as a hint",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  first choice nitrofurantion 100 mg oral twice daily for 3 days
}`,
    expected: [error("check/drug-not-in-formulary", 6, 16)],
    hint: "did you mean `nitrofurantoin`?",
  },
  {
    name: "a define that refers to itself through another define is a define cycle",
    text: `${HEAD}
define renal-ok = egfr-ok
define egfr-ok = renal-ok`,
    expected: [error("check/define-cycle", 4, 18)],
  },
  {
    name: "a course field outside `any course where` is out of scope",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when course route is oral
  strategy immediate
}`,
    expected: [error("check/subject-out-of-scope", 5, 8)],
  },

  // ---- types and units ------------------------------------------------------------------------
  {
    name: "a sex compared with a number is a type mismatch",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when sex >= 45 years
  strategy immediate
}`,
    expected: [error("check/type-mismatch", 5, 15)],
  },
  {
    name: "an observation used as a condition on its own is a type mismatch",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr
  strategy immediate
}`,
    expected: [error("check/type-mismatch", 5, 8)],
  },
  {
    name: "eGFR compared with a mass is a unit-dimension error at the quantity",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mg
  strategy immediate
}`,
    expected: [error("check/unit-dimension", 5, 16)],
  },
  {
    name: "eGFR compared with a plain number is a unit-dimension error whose hint gives the unit",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45
  strategy immediate
}`,
    expected: [error("check/unit-dimension", 5, 16)],
    hint: "write `45 mL/min/1.73m2`",
  },
  {
    name: "a dose written as a flow rate is a unit-dimension error at the dose",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  first choice nitrofurantoin 100 mL/min oral twice daily for 3 days
}`,
    expected: [error("check/unit-dimension", 6, 31)],
  },
  {
    name: "a dose of zero is an invalid quantity",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  first choice nitrofurantoin 0 mg oral twice daily for 3 days
}`,
    expected: [error("check/invalid-quantity", 6, 31)],
  },
  {
    name: "a `between` whose lower bound is above its upper bound is an invalid value",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr between 60 mL/min/1.73m2 and 30 mL/min/1.73m2
  strategy immediate
}`,
    expected: [error("check/invalid-value", 5, 8)],
  },

  // ---- codes ----------------------------------------------------------------------------------
  {
    name: "a misspelt code system is an unknown code system with the nearest system as a hint",
    text: `${HEAD}
codes cystitis "Cystitis" {
  snowmed 38822007 "Cystitis"
}`,
    expected: [error("check/unknown-code-system", 4, 3)],
    hint: "did you mean `snomed`?",
  },
  {
    name: "a SNOMED CT code with a wrong check digit is malformed",
    text: `${HEAD}
codes cystitis "Cystitis" {
  snomed 38822008 "Cystitis"
}`,
    expected: [error("check/malformed-code", 4, 10)],
  },
  {
    name: "a LOINC code with a wrong check digit is malformed",
    text: `${HEAD}
observation crp "C-reactive protein" {
  unit mg/L
  loinc 1988-6 "CRP"
}`,
    expected: [error("check/malformed-code", 5, 9)],
  },
  {
    name: "an ICD-10 code without its dot is malformed",
    text: `${HEAD}
codes cystitis "Cystitis" {
  icd10 N300 "Acute cystitis"
}`,
    expected: [error("check/malformed-code", 4, 9)],
  },
  {
    name: "a code listed twice is a duplicate code warning at the second one",
    text: `${HEAD}
codes cystitis "Cystitis" {
  snomed 38822007 "Cystitis"
  snomed 38822007 "Cystitis again"
}`,
    expected: [{ file: "main.stw", code: "check/duplicate-code", severity: "warning", line: 5, column: 10 }],
  },
  {
    name: "a code list with no codes is empty",
    text: `${HEAD}
codes nothing "Nothing" {
}`,
    expected: [error("check/empty-code-list", 3, 7)],
  },

  {
    name: "a `<<` code in a list that names no expansion file needs one",
    text: `${HEAD}
codes uti-any {
  snomed << 68566005 "Urinary tract infectious disease"
}`,
    expected: [error("check/missing-expansion", 4, 3)],
  },
  {
    name: "an expansion file that cannot be read is reported at its name",
    text: `${HEAD}
codes uti-any {
  expansion "uti.json"
  snomed << 68566005 "Urinary tract infectious disease"
}`,
    expected: [error("check/expansion-not-found", 4, 13)],
  },
  {
    name: "an expansion file that is not a FHIR ValueSet expansion is reported at its name",
    text: `${HEAD}
codes uti-any {
  expansion "uti.json"
  snomed << 68566005 "Urinary tract infectious disease"
}`,
    extra: { "uti.json": '{"resourceType": "ValueSet", "url": "http://snomed.info/sct?fhir_vs=ecl/<<68566005"}' },
    expected: [error("check/invalid-expansion", 4, 13)],
  },
  {
    name: "an expansion that lacks its own concept is stale",
    text: `${HEAD}
codes uti-any {
  expansion "uti.json"
  snomed << 68566005 "Urinary tract infectious disease"
}`,
    extra: {
      "uti.json": JSON.stringify({
        resourceType: "ValueSet",
        url: "http://snomed.info/sct?fhir_vs=ecl/<<68566005",
        expansion: { timestamp: "2026-01-01T00:00:00Z", contains: [{ system: "http://snomed.info/sct", code: "38822007", display: "Cystitis" }] },
      }),
    },
    expected: [error("check/stale-expansion", 5, 13)],
  },

  // ---- words and fields -----------------------------------------------------------------------
  {
    name: "a misspelt sex is an unknown word with the right word as a hint",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when sex is femal
  strategy immediate
}`,
    expected: [error("check/unknown-word", 5, 15)],
    hint: "did you mean `female`?",
  },
  {
    name: "a misspelt field of a source is an unknown field",
    text: `${HEAD}
source nice {
  title "NICE"
  auther "NICE"
}`,
    expected: [error("check/unknown-field", 5, 3)],
  },
  {
    name: "a field given twice is a duplicate field at the second one",
    text: `${HEAD}
source nice {
  title "NICE"
  title "NICE again"
}`,
    expected: [error("check/duplicate-field", 5, 3)],
  },
  {
    name: "a source without a title is a missing field at the source's name",
    text: `${HEAD}
source nice {
  url "https://www.nice.org.uk/"
}`,
    expected: [error("check/missing-field", 3, 8)],
  },
  {
    name: "a header without a review date is a missing field at the guideline's name",
    text: `${IMPORT}
guideline uti { title "Lower UTI" version 1.0.0 status draft settings primary-care owner "AMS" approved 2025-01-31 }`,
    expected: [error("check/missing-field", 3, 11)],
  },
  {
    name: "a title written as a name is an invalid value",
    text: `${HEAD}
source nice {
  title nice
}`,
    expected: [error("check/invalid-value", 4, 9)],
  },
  {
    name: "two UK-AWaRe categories for one drug is an invalid value at the second",
    text: `${HEAD}
drug fosfomycin "Fosfomycin" {
  routes oral
  aware access, watch
}`,
    expected: [error("check/invalid-value", 5, 17)],
  },
  {
    name: "a web address without its scheme is an invalid url",
    text: `${HEAD}
source nice {
  title "NICE"
  url "nice.org.uk"
}`,
    expected: [error("check/invalid-url", 5, 7)],
  },
  {
    name: "a version with two parts is an invalid version",
    text: `${IMPORT}
${header({ version: "1.0" })}`,
    expected: [error("check/invalid-version", 3, 43)],
  },
  {
    name: "the 30th of February is an invalid date",
    text: `${IMPORT}
${header({ approved: "2025-02-30" })}`,
    expected: [error("check/invalid-date", 3, 105)],
  },
  {
    name: "a date written as a string is an invalid date",
    text: `${IMPORT}
${header({ approved: '"January 2025"' })}`,
    expected: [error("check/invalid-date", 3, 105)],
  },
  {
    name: "a misspelt guideline status is an unknown word",
    text: `${IMPORT}
${header({ status: "drat" })}`,
    expected: [error("check/unknown-word", 3, 56)],
    hint: "did you mean `draft`?",
  },
  {
    name: "a review date before the approval date is reported at the review date",
    text: `${IMPORT}
${header({ "review-by": "2024-01-31" })}`,
    expected: [error("check/review-before-approval", 3, 126)],
  },

  // ---- headers and imports --------------------------------------------------------------------
  {
    name: "a file with rules but no guideline header is missing its header, reported at the first rule",
    text: `${IMPORT}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  strategy immediate
}`,
    expected: [error("check/missing-header", 3, 6)],
  },
  {
    name: "a second guideline header in a file is a duplicate header",
    text: `${HEAD}
${header({}).replace("uti", "uti-again")}`,
    expected: [error("check/duplicate-header", 3, 1)],
  },
  {
    name: "a scenario line that says nothing a scenario can say is reported at its first word",
    text: `tests "guideline.stw" at 2026-11-25T09:00:00Z
# scenarios for the guideline beside this file
scenario "an unknown fact" {
  given {
    sex female
    colour blue
  }
}`,
    extra: { "guideline.stw": `${HEAD}\n` },
    expected: [error("check/unknown-scenario-line", 6, 5)],
  },
  {
    name: "an import of a file that does not exist is reported at its path",
    text: `${HEAD}
import "prelud.stw"`,
    expected: [error("check/import-not-found", 3, 8)],
  },
  {
    name: "two files importing each other is an import cycle, reported at the import that closes it",
    text: `${HEAD}
import "shared.stw"`,
    extra: { "shared.stw": '# shared declarations\nimport "main.stw"\n' },
    expected: [error("check/import-cycle", 2, 1, "shared.stw")],
  },
  {
    name: "importing a name the file does not declare is an unknown import name",
    text: `${HEAD}
import egfrr from "prelude.stw"`,
    expected: [error("check/import-unknown-name", 3, 8)],
  },
  {
    name: "two classes within each other form a class cycle, reported at both `within` names",
    text: `${HEAD}
class quinolones "Quinolones" within fluoroquinolones
class fluoroquinolones "Fluoroquinolones" within quinolones`,
    expected: [error("check/class-cycle", 3, 38), error("check/class-cycle", 4, 50)],
  },

  // ---- rules and regimens ---------------------------------------------------------------------
  {
    name: "a rule without `when` is a rule without condition, reported at its name",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  strategy immediate
}`,
    expected: [error("check/rule-without-condition", 3, 6)],
  },
  {
    name: "a rule that only cites and tests is a rule without outcome, reported at its name",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
}`,
    expected: [error("check/rule-without-outcome", 3, 6)],
  },
  {
    name: "a rule without `cite` is missing its citation, reported at its name",
    text: `${HEAD}
rule r {
  when egfr >= 45 mL/min/1.73m2
  strategy immediate
}`,
    expected: [error("check/missing-citation", 3, 6)],
  },
  {
    name: "a course given twice daily with no duration is missing its duration, reported at the schedule",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  first choice nitrofurantoin 100 mg oral twice daily
}`,
    expected: [error("check/missing-duration", 6, 43)],
  },
  {
    name: "an IV dose of an oral-only drug is a route the formulary does not give",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  first choice nitrofurantoin 100 mg iv twice daily for 3 days
}`,
    expected: [error("check/route-not-available", 6, 31)],
  },
  {
    name: "a single dose with a duration is conflicting clauses, reported at the duration",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  first choice amoxicillin 3 g oral single dose for 3 days
}`,
    expected: [error("check/conflicting-clauses", 6, 49)],
  },
  {
    name: "a second `when` in a rule is conflicting clauses, reported at the second",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  when pregnant
  strategy immediate
}`,
    expected: [error("check/conflicting-clauses", 6, 3)],
  },
  {
    name: "a note that gives another drug with the choice is a combination-in-note warning, at the note",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  first choice nitrofurantoin 100 mg oral twice daily for 3 days {
    note "plus amoxicillin 500 mg three times daily"
  }
}`,
    expected: [{ file: "main.stw", code: "check/combination-in-note", severity: "warning", line: 7, column: 10 }],
  },
  {
    name: "an observation with no unit titled a score, compared with a number, is a score-as-observation warning at the number",
    text: `${HEAD}
observation feverpain "FeverPAIN score" {
  snomed 38822007 "placeholder"
}
rule r {
  cite ng109 "1.1"
  when feverpain >= 4
  strategy immediate
}`,
    expected: [{ file: "main.stw", code: "check/score-as-observation", severity: "warning", line: 8, column: 21 }],
  },
  {
    name: "a card summary that can be 140 characters or more, with its placeholders at their longest, is an error at the summary",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  for each course
  when course route is iv
  alert high "Review {course drug}" key k
    summary "The course of {course drug} given {course route} has been running since {course start} and its review is now due: review it today please"
}`,
    expected: [{ file: "main.stw", code: "check/summary-too-long", severity: "error", line: 8, column: 13 }],
  },

  // ---- limits and paths -----------------------------------------------------------------------
  {
    name: "a file longer than the file size limit is reported at its start, and nothing of it is read",
    text: `${HEAD}\n# ${"x".repeat(800)}`,
    options: { limits: { fileSize: 900 } },
    expected: [error("parse/file-too-large", 1, 1)],
  },
  {
    name: "a string longer than the string length limit is reported at its opening quote",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  advice "${"a".repeat(50)}"
}`,
    options: { limits: { stringLength: 40 } },
    expected: [error("parse/string-too-long", 6, 10)],
  },
  {
    name: "a condition nested deeper than the nesting limit is reported once, at the bracket past the limit",
    text: `${HEAD}
rule r {
  cite ng109 "1.1"
  when ${"(".repeat(33)}egfr >= 45 mL/min/1.73m2${")".repeat(33)}
  strategy immediate
}`,
    expected: [error("parse/too-deep", 5, 40)],
  },
  {
    name: "a file with more declarations than the limit is reported at the first one past it",
    text: `${HEAD}
${Array.from({ length: 7 }, (_, i) => `finding f${i} "F${i}"`).join("\n")}`,
    options: { limits: { declarations: 8 } },
    expected: [error("parse/too-many-declarations", 9, 1)],
  },
  {
    name: "a chain of defines longer than the define depth limit is reported at the first define past it",
    text: `${HEAD}
define renal = egfr >= 45 mL/min/1.73m2
define renal-ok = renal
define still-ok = renal-ok`,
    options: { limits: { defineDepth: 2 } },
    expected: [error("check/define-too-deep", 5, 8)],
  },
  {
    name: "an import that climbs out of the guideline folder is refused at its path, without reading it",
    text: `${HEAD}
import "../secret.stw"`,
    expected: [error("check/path-outside-root", 3, 8)],
  },
  {
    name: "an import of a file that is not a rule file is refused at its path, without reading it",
    text: `${HEAD}
import "notes.txt"`,
    extra: { "notes.txt": "not a rule file" },
    expected: [error("check/wrong-file-type", 3, 8)],
  },
  {
    name: "a program that reads more files than the limit is one diagnostic for the program",
    text: `${HEAD}\n`,
    options: { limits: { files: 1 } },
    expected: [{ file: "", code: "check/too-many-files", severity: "error", line: 0, column: 0 }],
  },
];

/** Codes in the list that nothing in parse or check reports (none: every code has a case). */
const unreachable: readonly DiagnosticCode[] = [];

describe("one mistake gives one diagnostic, at the mistake", () => {
  test("the prelude and header on their own are clean", () => {
    expect(diagnose(`${HEAD}\n`)).toEqual([]);
  });

  test.each(cases)("$name", ({ text, extra, options, expected, hint }) => {
    const diagnostics = diagnose(text, extra, options);
    expect(diagnostics.map(found)).toEqual(expected);
    if (hint !== undefined) expect(diagnostics[0]?.hint).toContain(hint);
  });

  test("the cases cover every parse and check code that can be produced", () => {
    const covered = new Set(cases.flatMap((c) => c.expected.map((e) => e.code)));
    const reachable = diagnosticCodes.filter((c) => (c.startsWith("parse/") || c.startsWith("check/")) && !unreachable.includes(c));
    expect(reachable.filter((c) => !covered.has(c))).toEqual([]);
  });
});

describe("one pass reports every mistake", () => {
  test("a syntax error, an unresolved name and a unit-dimension error on three lines give exactly those three diagnostics", () => {
    const text = `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >=
  strategy immediate
}
rule s {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2 and pregant
  strategy immediate
}
rule t {
  cite ng109 "1.1"
  when egfr >= 45 mg
  strategy immediate
}`;
    expect(diagnose(text).map(found)).toEqual([
      error("parse/missing-token", 5, 15),
      error("check/unresolved-name", 10, 37),
      error("check/unit-dimension", 15, 16),
    ]);
  });

  test("diagnostics come sorted by position, whatever order the checks find them in", () => {
    // The header is checked before rules and syntax errors are found before both; the output is by position.
    const text = `${HEAD}
rule r {
  cite ng190 "1.1"
  when egfr >= 45 mL/min/1.73m2
  strategy immediate
}
finding fever "Fever" @
${header({ "review-by": "2024-01-31" }).replace("uti", "uti-again")}`;
    const diagnostics = diagnose(text).map(found);
    expect(diagnostics).toEqual([
      error("check/unknown-source", 4, 8),
      error("parse/unexpected-character", 8, 23),
      error("check/duplicate-header", 9, 1),
      error("check/review-before-approval", 9, 132),
    ]);
    const positions = diagnostics.map((d) => [d.line, d.column] as const);
    const sorted = [...positions].sort(([la, ca], [lb, cb]) => la - lb || ca - cb);
    expect(positions).toEqual(sorted);
  });
});

describe("a syntax error inside a rule is reported once, without cascades", () => {
  const rule = (clause: string): string => `${HEAD}
rule r {
  cite ng109 "1.1"
  when egfr >= 45 mL/min/1.73m2
  ${clause}
}`;

  test.each([
    { name: "a misspelt frequency", clause: "first choice nitrofurantoin 100 mg oral twice dayly for 3 days", expected: error("parse/unexpected-token", 6, 49) },
    { name: "a treatment choice with `=` for its drug", clause: "first choice = nitrofurantoin", expected: error("parse/unexpected-token", 6, 16) },
    { name: "a strategy with no word", clause: "strategy", expected: error("parse/missing-token", 6, 11) },
    { name: "a review with no time", clause: "review after", expected: error("parse/missing-token", 6, 15) },
  ])("$name gives exactly one diagnostic", ({ clause, expected }) => {
    expect(diagnose(rule(clause)).map(found)).toEqual([expected]);
  });
});
