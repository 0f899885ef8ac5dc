/**
 * Reads scenario tests. Each line of a `given` block states one fact about the patient and each
 * line of an `expect` block one thing the decision must show; both are matched against the phrase
 * tables below (see docs/testing.md). Names are resolved in the tested guideline's scope, so a
 * misspelt rule, drug or code list is reported at its line and column like any other mistake.
 */
import { addTime, findCodeSystem, findPatientBuiltin, findUnit, formatDate, parseInstant, vocabulary, type ir, type PatientContextInput } from "@steward/core";
import type * as ast from "../ast.js";
import type { SourceFile } from "../program.js";
import type { Expectation, Scenario, ScenarioSuite } from "../scenario.js";
import { closest } from "../spelling.js";
import { suggest, type Checker, type Named, type Symbol } from "./context.js";
import { elaborate } from "./declarations.js";
import { numberProblem } from "./numbers.js";

type Context = { -readonly [K in keyof PatientContextInput]: PatientContextInput[K] };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Thrown by a line reader when a line does not fit its phrase; the problem is already reported. */
class BadLine extends Error {}

/** Reads the words of one line left to right. */
class LineReader {
  private index = 0;
  constructor(
    readonly line: ast.LineNode,
    private readonly checker: Checker,
    private readonly what: string,
  ) {}

  get done(): boolean {
    return this.index >= this.line.words.length;
  }

  peek(offset = 0): ast.WordNode | undefined {
    return this.line.words[this.index + offset];
  }

  /** Consumes the next word if it is `text`. */
  accept(...texts: string[]): boolean {
    const words = this.line.words.slice(this.index, this.index + texts.length);
    if (words.length === texts.length && words.every((w, i) => w.token !== "text" && w.text === texts[i])) {
      this.index += texts.length;
      return true;
    }
    return false;
  }

  fail(message: string, hint?: string, at: ast.WordNode | undefined = this.peek()): never {
    this.checker.report("check/unknown-scenario-line", at?.span ?? this.line.span, message, hint);
    throw new BadLine();
  }

  word(what: string): ast.WordNode {
    const w = this.peek();
    if (w === undefined) this.fail(`${this.what}: ${what} is missing here`, undefined, this.line.words[this.line.words.length - 1]);
    this.index++;
    return w;
  }

  name(what: string): ast.WordNode {
    const w = this.word(what);
    if (w.token !== "name" && w.token !== "keyword") this.fail(`expected ${what}, found \`${w.text}\``, undefined, w);
    return w;
  }

  text(what: string): ast.WordNode {
    const w = this.word(what);
    if (w.token !== "text") this.fail(`expected ${what} in double quotes, found \`${w.text}\``, undefined, w);
    return w;
  }

  /** A number with an optional unit. */
  quantity(what: string): { value: number; unit: string | undefined; at: ast.WordNode } {
    const n = this.word(what);
    if (n.token !== "number") this.fail(`expected ${what}, found \`${n.text}\``, undefined, n);
    const u = this.peek();
    const problem = numberProblem(n.text, u?.token === "unit" ? u.text : undefined);
    if (problem !== undefined) this.fail(problem.message, problem.hint, n);
    if (u?.token === "unit") {
      this.index++;
      return { value: Number(n.text), unit: findUnit(u.text)!.symbol, at: n };
    }
    return { value: Number(n.text), unit: undefined, at: n };
  }

  instant(what: string): string {
    const w = this.word(what);
    if (w.token !== "date" && w.token !== "datetime") this.fail(`expected ${what} (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ), found \`${w.text}\``, undefined, w);
    if (Number.isNaN(parseInstant(w.text))) this.fail(`\`${w.text}\` is not a real date`, undefined, w);
    return w.text;
  }

  end(): void {
    const w = this.peek();
    if (w !== undefined) this.fail(`unexpected \`${w.text}\` at the end of this line`, undefined, w);
  }
}

const givenPhrases = [
  "born <date>",
  "age <n> years|months|weeks|days",
  "sex female|male|other|unknown",
  "pregnant [at term | not at term] / not pregnant / pregnancy unknown",
  "gestation <n> weeks / trimester <n>",
  "breastfeeding / not breastfeeding",
  "weight <n> kg",
  "setting <care setting>",
  "diagnosis <code list> / diagnosis <system> <code> [started <date> | for <n> days] / no diagnoses",
  "<observation> <value> [<unit>] [on <date>] / <score> <n> [on <date>]",
  "<finding> [started <date> | for <n> days] [on <date>] / not <finding> [on <date>]",
  "allergic to <drug or class> | allergic to <system> <code> [immediate|delayed] [mild|moderate|severe] [criticality high|low|unable-to-assess] [confirmed|unconfirmed|refuted] [manifestation <code list> | manifestation <system> <code>] [\"reaction\"] / intolerant to … / no allergies",
  "course <drug> | course <system> <code> <route> [draft] [started <date>] [for <n> days|hours|weeks] [for <code list> | for <system> <code>] [reviewed <outcome> at <date> [next review <date>]] / no courses",
  "culture <specimen> [pending|preliminary] [grows <code list> | grows <system> <code> | no growth] [collected <date>] [reported <date>] [resistant|susceptible|intermediate to <drug>, …] / no cultures",
  "acknowledged <alert key> [for course-<n> [and culture-<n>]] at <date> [until <date>]",
  "nothing else recorded",
];

const expectPhrases = [
  "fires <rule> / does not fire <rule> / cannot decide <rule>",
  "offers [first|second|alternative choice] <drug> [\"regimen\"] [with <drug> [\"regimen\"]]",
  "does not offer <drug> / withholds <drug> / excludes <drug> [because allergy|condition|contraindication|resistance|unknown]",
  "no treatment",
  "strategy immediate|back-up|no-antibiotic [after <duration>]",
  "score <score> <n> [to <n>]",
  "alert <priority> <key> [for course-<n> [and culture-<n>]] [interruptive|passive] [recommending <outcome>] / no alerts",
  "refers to <target> [immediate|urgent|routine] / review after <duration> / requests <data>",
  "missing <data> / no missing data (data: an observation, finding, patient fact or list; `reaction type of allergy to <class>`; `two results of <observation>`; `<field> of course-<n>`; `<field> of culture-<n>`; `susceptibility of culture-<n> to <drug>`)",
  "dose <drug> <amount>",
  "advises [self-care|safety-net] \"text\"",
  "review of <drug> upcoming|due|overdue / no reviews",
  "suggests oral-switch to <drug> [\"dose\"] / suggests de-escalation to <drug> / no suggestions / no referrals",
  "unrecognised diagnosis <system> <code> / no unrecognised diagnoses / unmatched allergy <system> <code> / no unmatched allergies",
  "suppresses <alert key> [for course-<n> [and culture-<n>]] / interruptive alerts <n>",
  "cautions <drug> \"text\"",
];

/** Checks every scenario of a test file and returns them as data, or undefined if any line is wrong. */
export function elaborateScenarios(checker: Checker, file: SourceFile): ScenarioSuite | undefined {
  const testsDecls = file.ast.items.filter((i): i is ast.TestsDecl => i.kind === "tests");
  const scenarios = file.ast.items.filter((i): i is ast.ScenarioDecl => i.kind === "scenario");
  if (testsDecls.length === 0) {
    if (scenarios.length > 0) checker.report("check/missing-header", scenarios[0]!.span, "this file has scenarios but no `tests \"<guideline file>\"` line", 'start the file with `tests "ng109.stw"`');
    return undefined;
  }
  testsDecls.slice(1).forEach((d) => checker.report("check/duplicate-header", d.span, "a test file tests one guideline; this is a second `tests` line"));
  const tested = file.tests;
  if (tested === undefined) return undefined;
  const target = checker.program.files.get(tested.path);
  if (target === undefined) return undefined; // reported by the loader
  const header = target.ast.items.find((i): i is ast.GuidelineDecl => i.kind === "guideline");
  if (header === undefined) {
    checker.report("check/missing-header", tested.decl.path.span, `\`${tested.decl.path.value}\` is not a guideline: it has no \`guideline\` header`);
    return undefined;
  }
  const headerIr = checker.results.get(header);
  const settings = headerIr && headerIr !== "busy" ? (headerIr.ir as ir.GuidelineHeader).settings : [];
  const defaultAt = tested.decl.at?.text;
  const out: Scenario[] = [];
  let ok = true;
  const titles = new Map<string, ast.ScenarioDecl>();
  for (const scenario of scenarios) {
    const previous = titles.get(scenario.title.value);
    if (previous !== undefined) {
      checker.report("check/duplicate-id", scenario.title.span, `a scenario with this title is already on line ${previous.span.line}`, "give each scenario its own title");
      ok = false;
    }
    titles.set(scenario.title.value, scenario);
    const built = elaborateScenario(checker, scenario, tested.path, settings, defaultAt);
    if (built === undefined) ok = false;
    else out.push(built);
  }
  return ok ? { file: file.path, guidelineFile: tested.path, scenarios: out } : undefined;
}

function elaborateScenario(checker: Checker, scenario: ast.ScenarioDecl, guidelineFile: string, settings: readonly string[], defaultAt: string | undefined): Scenario | undefined {
  const ats = scenario.clauses.filter((c): c is ast.AtClause => c.kind === "at");
  ats.slice(1).forEach((a) => checker.report("check/conflicting-clauses", a.span, "this scenario already says when it is evaluated"));
  const at = ats[0]?.time.text ?? defaultAt;
  if (at === undefined) {
    checker.report("check/missing-field", scenario.title.span, "this scenario does not say when it is evaluated", "add `at 2026-11-25T09:00:00Z`, or give a time on the `tests` line");
    return undefined;
  }
  const env: ScenarioEnv = { checker, file: guidelineFile, now: parseInstant(at) };
  const context: Context = { patient: {}, setting: (settings[0] ?? "primary-care") as Context["setting"] };
  const mentioned = new Set<string>();
  const expectations: Expectation[] = [];
  let ok = true;
  for (const clause of scenario.clauses) {
    if (clause.kind === "at") continue;
    for (const line of clause.lines) {
      try {
        if (clause.kind === "given") givenLine(new LineReader(line, checker, "this fact"), env, context, mentioned);
        else expectations.push(expectLine(new LineReader(line, checker, "this expectation"), env));
      } catch (e) {
        if (!(e instanceof BadLine)) throw e;
        ok = false;
      }
    }
  }
  if (mentioned.has("nothing else recorded")) {
    context.diagnoses ??= [];
    context.allergies ??= [];
    context.orders ??= [];
    context.microbiology ??= [];
    context.findings ??= [];
    context.observations ??= [];
  }
  if (!ok) return undefined;
  return { name: scenario.title.value, span: scenario.span, at, context, expectations };
}

interface ScenarioEnv {
  readonly checker: Checker;
  readonly file: string;
  readonly now: number;
}

/** Resolves a name in the tested guideline's scope; reports it at the word when it is missing or of another kind. */
function resolveName<K extends Named["kind"]>(env: ScenarioEnv, word: ast.WordNode, kinds: readonly K[], what: string): Symbol & { decl: Extract<Named, { kind: K }> } {
  const sym = env.checker.resolve(env.file, { kind: "name", text: word.text, span: word.span }, kinds, what);
  if (sym === undefined) throw new BadLine();
  return sym;
}

function lowered<T>(env: ScenarioEnv, sym: Symbol): T {
  const result = elaborate(env.checker, sym);
  if (result === null) throw new BadLine();
  return result.ir as T;
}

function systemUri(system: ir.Coding["system"]): string {
  return findCodeSystem(system)!.uri;
}

function firstCode(env: ScenarioEnv, word: ast.WordNode): { system: string; code: string; display: string } {
  const list = lowered<ir.CodeList>(env, resolveName(env, word, ["codes"], "a code list"));
  const c = list.codes[0]!;
  return { system: systemUri(c.system), code: c.code, display: c.display };
}

/** A code list's first code, or `<system> <code>` written out (checked against the system's rules). */
function codeOrList(env: ScenarioEnv, r: LineReader, what: string): { system: string; code: string; display?: string } {
  const first = r.name(`${what} or a code system`);
  const system = findCodeSystem(first.text);
  if (system === undefined) return firstCode(env, first);
  const code = r.word("a code");
  const problem = system.problem(code.text);
  if (problem !== undefined) r.fail(`\`${code.text}\` is not a valid ${system.title} code: ${problem}`, undefined, code);
  return { system: system.uri, code: code.text };
}

function oneOf(r: LineReader, words: readonly string[], what: string): string {
  const w = r.name(what);
  if (!words.includes(w.text)) r.fail(`\`${w.text}\` is not ${what}`, suggest(w.text, words), w);
  return w.text;
}

function givenLine(r: LineReader, env: ScenarioEnv, context: Context, mentioned: Set<string>): void {
  const patient = context.patient as Mutable<Context["patient"]>;
  const head = r.peek()!;
  const list = <K extends "diagnoses" | "allergies" | "orders" | "microbiology" | "findings" | "observations" | "acknowledgedAlerts">(key: K): NonNullable<Context[K]> => {
    context[key] ??= [] as never;
    return context[key] as NonNullable<Context[K]>;
  };
  if (r.accept("nothing", "else", "recorded")) {
    mentioned.add("nothing else recorded");
  } else if (r.accept("born")) {
    patient.birthDate = r.instant("a date of birth");
  } else if (r.accept("age")) {
    const q = r.quantity("an age");
    if (q.unit === "years" && Number.isInteger(q.value)) patient.age = q.value;
    else if (q.unit !== undefined && findUnit(q.unit)?.dimension === "time") patient.birthDate = formatDate(addTime(env.now, -q.value, q.unit));
    else r.fail("an age needs a unit of time, such as `30 years` or `2 months`", undefined, q.at);
  } else if (r.accept("sex")) {
    patient.sex = oneOf(r, ["female", "male", "other", "unknown"], "a sex") as NonNullable<Context["patient"]["sex"]>;
  } else if (r.accept("pregnancy", "unknown")) {
    patient.pregnancy = { status: "unknown" };
  } else if (r.accept("not", "pregnant")) {
    patient.pregnancy = { status: "not-pregnant" };
  } else if (r.accept("pregnant")) {
    const pregnancy: Mutable<NonNullable<Context["patient"]["pregnancy"]>> = { ...patient.pregnancy, status: "pregnant" };
    if (r.accept("at", "term")) pregnancy.atTerm = true;
    else if (r.accept("not", "at", "term")) pregnancy.atTerm = false;
    patient.pregnancy = pregnancy;
  } else if (r.accept("gestation")) {
    const q = r.quantity("a gestational age");
    if (q.unit !== "weeks") r.fail("gestation is given in weeks, such as `gestation 38 weeks`", undefined, q.at);
    patient.pregnancy = { status: "pregnant", ...patient.pregnancy, gestationWeeks: q.value };
  } else if (r.accept("trimester")) {
    const q = r.quantity("a trimester");
    if (q.unit !== undefined || ![1, 2, 3].includes(q.value)) r.fail("a trimester is 1, 2 or 3", undefined, q.at);
    patient.pregnancy = { status: "pregnant", ...patient.pregnancy, trimester: q.value as 1 | 2 | 3 };
  } else if (r.accept("not", "breastfeeding")) {
    patient.breastfeeding = false;
  } else if (r.accept("breastfeeding")) {
    patient.breastfeeding = true;
  } else if (r.accept("weight")) {
    const q = r.quantity("a weight");
    if (q.unit === undefined || findUnit(q.unit)?.dimension !== "mass") r.fail("a weight needs a unit of mass, such as `16 kg`", undefined, q.at);
    patient.weight = { value: q.value, unit: q.unit };
  } else if (r.accept("setting")) {
    context.setting = oneOf(r, vocabulary.wordsOf(vocabulary.careSettings), "a care setting") as Context["setting"];
  } else if (r.accept("no", "diagnoses")) {
    list("diagnoses");
  } else if (r.accept("no", "allergies")) {
    list("allergies");
  } else if (r.accept("no", "courses")) {
    list("orders");
  } else if (r.accept("no", "cultures")) {
    list("microbiology");
  } else if (r.accept("diagnosis")) {
    const code = codeOrList(env, r, "a code list");
    const onset = onsetOf(r, env);
    list("diagnoses").push({ code, ...(onset !== undefined ? { onset } : {}) });
  } else if (r.accept("allergic", "to") || r.accept("intolerant", "to")) {
    const type = head.text === "intolerant" ? "intolerance" : "allergy";
    // A formulary drug or class by name, or a code as a clinical system records it (`snomed 91936005`).
    const target = r.peek();
    let allergy: Mutable<NonNullable<Context["allergies"]>[number]>;
    if (target !== undefined && findCodeSystem(target.text) !== undefined) allergy = { code: codeOrList(env, r, "a code") };
    else {
      const name = r.name("a drug or drug class");
      const sym = resolveName(env, name, ["drug", "class"], "a drug or drug class");
      allergy = sym.decl.kind === "drug" ? { drug: name.text } : { class: name.text };
    }
    if (type === "intolerance") allergy.type = "intolerance";
    while (!r.done) {
      const w = r.peek()!;
      if (w.token === "text") allergy.reaction = r.text("a reaction").text;
      else if (r.accept("immediate")) allergy.immediate = true;
      else if (r.accept("delayed")) allergy.immediate = false;
      else if (r.accept("criticality")) allergy.criticality = oneOf(r, ["high", "low", "unable-to-assess"], "a criticality") as "high";
      else if (r.accept("manifestation")) allergy.manifestations = [...(allergy.manifestations ?? []), codeOrList(env, r, "a code list of reactions")];
      else if (["mild", "moderate", "severe"].includes(w.text)) allergy.severity = r.name("a severity").text as "mild";
      else if (["confirmed", "unconfirmed", "refuted"].includes(w.text)) allergy.verification = r.name("a verification status").text as "confirmed";
      else r.fail(`\`${w.text}\` is not something an allergy can say`, "write, for example, `allergic to penicillins immediate severe confirmed manifestation snomed 39579001 \"anaphylaxis\"`", w);
    }
    list("allergies").push(allergy);
  } else if (r.accept("course")) {
    // A formulary drug by its id, or a drug by its code (`course dmd 39732411000001106 oral`), which the formulary may not know.
    const drugWord = r.peek();
    const drug = drugWord !== undefined && findCodeSystem(drugWord.text) !== undefined ? { code: codeOrList(env, r, "a drug") } : { id: resolveName(env, r.name("a drug"), ["drug"], "a drug in the formulary").decl.name.text };
    const route = oneOf(r, vocabulary.wordsOf(vocabulary.routes), "a route") as NonNullable<Context["orders"]>[number]["route"];
    const orders = list("orders");
    const order: Mutable<NonNullable<Context["orders"]>[number]> = { id: `course-${orders.length + 1}`, status: "active", drug, route };
    while (!r.done) {
      if (r.accept("draft")) order.status = "draft";
      else if (r.accept("started")) order.start = r.instant("a start time");
      else if (r.accept("for")) {
        // `for 7 days` is the prescribed course length; `for lower-uti` an indication.
        if (r.peek()?.token === "number") {
          const q = r.quantity("the course length");
          if (q.unit === undefined || findUnit(q.unit)?.dimension !== "time") r.fail("the course length needs a unit of time, such as `7 days`", undefined, q.at);
          order.duration = { value: q.value, unit: q.unit };
        } else order.indications = [...(order.indications ?? []), codeOrList(env, r, "a code list")];
      }
      else if (r.accept("reviewed")) {
        const outcome = oneOf(r, vocabulary.wordsOf(vocabulary.reviewOutcomes), "a review outcome") as vocabulary.ReviewOutcome;
        if (!r.accept("at")) r.fail("expected `at <date and time>` after the review outcome");
        const reviewedAt = r.instant("when it was reviewed");
        const next = r.accept("next", "review") ? r.instant("the next review date") : undefined;
        order.review = { outcome, at: reviewedAt, ...(next !== undefined ? { nextReview: next } : {}) };
      }
      else r.fail(`unexpected \`${r.peek()!.text}\` in a course`, "write, for example, `course amoxicillin iv started 2026-11-23T09:00:00Z for sepsis`");
    }
    orders.push(order);
  } else if (r.accept("culture")) {
    const specimen = oneOf(r, vocabulary.wordsOf(vocabulary.specimens), "a specimen") as NonNullable<Context["microbiology"]>[number]["specimen"];
    const cultures = list("microbiology");
    const culture: Mutable<NonNullable<Context["microbiology"]>[number]> = { id: `culture-${cultures.length + 1}`, specimen, status: "final", susceptibilities: [] };
    const results: { drug: { id: string }; result: "susceptible" | "intermediate" | "resistant" }[] = [];
    while (!r.done) {
      if (r.accept("pending")) culture.status = "pending";
      else if (r.accept("preliminary")) culture.status = "preliminary";
      else if (r.accept("grows")) culture.organism = codeOrList(env, r, "a code list of organisms");
      else if (r.accept("no", "growth")) culture.noGrowth = true;
      else if (r.accept("reported")) culture.reported = r.instant("a report time");
      else if (r.accept("collected")) culture.collected = r.instant("a collection time");
      else {
        const result = oneOf(r, ["resistant", "susceptible", "intermediate"], "a susceptibility") as "resistant";
        if (!r.accept("to")) r.fail(`expected \`to\` after \`${result}\``);
        do {
          const drug = r.name("a drug");
          resolveName(env, drug, ["drug"], "a drug in the formulary");
          results.push({ drug: { id: drug.text }, result });
        } while (r.accept(","));
      }
    }
    culture.susceptibilities = results;
    cultures.push(culture);
  } else if (r.accept("acknowledged")) {
    const keyWord = r.name("an alert key");
    // An alert from a `for each` rule is keyed by the order (and culture) it is about.
    const about: string[] = [];
    if (r.accept("for")) {
      about.push(r.name("a course id, such as course-1").text);
      if (r.accept("and")) about.push(r.name("a culture id, such as culture-1").text);
    }
    const key = { text: about.length > 0 ? `${keyWord.text}@${about.join("+")}` : keyWord.text };
    if (!r.accept("at")) r.fail("expected `at <date and time>` after the alert key");
    const at = r.instant("when it was acknowledged");
    const until = r.accept("until") ? r.instant("when the acknowledgement ends") : undefined;
    list("acknowledgedAlerts").push({ key: key.text, at, ...(until !== undefined ? { until } : {}) });
  } else {
    // `<finding>`, `not <finding>`, or `<observation> <value> …`
    const negated = r.accept("not");
    const nameWord = r.name("a fact");
    const sym = env.checker.lookup(env.file, nameWord.text);
    if (sym?.decl.kind === "finding") {
      const onset = negated ? undefined : onsetOf(r, env);
      const time = r.accept("on") ? r.instant("when it was recorded") : undefined;
      list("findings").push({ finding: nameWord.text, present: !negated, ...(onset !== undefined ? { onset } : {}), ...(time !== undefined ? { time } : {}) });
    } else if (sym?.decl.kind === "score" && !negated) {
      const score = lowered<ir.Score>(env, sym);
      if (score.kind !== "recorded") r.fail(`\`${nameWord.text}\` is computed from its criteria: state them instead`, `the criteria: ${score.criteria.map((c) => c.text).join(", ")}`, nameWord);
      const q = r.quantity(`a value of ${nameWord.text}`);
      if (q.unit !== undefined || !Number.isInteger(q.value) || q.value < score.min || q.value > score.max) r.fail(`${nameWord.text} is a whole number from ${score.min} to ${score.max}`, undefined, q.at);
      const time = r.accept("on") ? r.instant("the date of the result") : undefined;
      const code = score.codes[0]!;
      list("observations").push({ code: { system: systemUri(code.system), code: code.code }, value: q.value, unit: "{score}", time: time ?? new Date(env.now).toISOString() });
    } else if (sym?.decl.kind === "observation" && !negated) {
      const observation = lowered<ir.Observation>(env, sym);
      const q = r.quantity(`a value of ${nameWord.text}`);
      if (q.unit !== undefined && observation.unit !== "" && findUnit(q.unit)?.dimension !== findUnit(observation.unit)?.dimension) {
        r.fail(`\`${nameWord.text}\` is measured in \`${observation.unit}\`, not \`${q.unit}\``, undefined, q.at);
      }
      const time = r.accept("on") ? r.instant("the date of the result") : undefined;
      const code = observation.codes[0]!;
      list("observations").push({
        code: { system: systemUri(code.system), code: code.code },
        value: q.value,
        unit: q.unit ?? (observation.unit === "" ? "{score}" : observation.unit),
        time: time ?? new Date(env.now).toISOString(),
      });
    } else {
      const words = [...env.checker.namesOfKind(env.file, ["finding", "observation", "score"]), "born", "age", "sex", "pregnant", "weight", "setting", "diagnosis", "allergic", "course", "culture", "nothing"];
      const guess = closest(nameWord.text, words);
      r.fail(
        sym === undefined ? `\`${nameWord.text}\` is not a fact a scenario can state` : `\`${nameWord.text}\` is ${sym.decl.kind === "codes" ? "a code list" : `a ${sym.decl.kind}`}; a fact names an observation, a finding or one of the words below`,
        guess ? `did you mean \`${guess}\`?` : `a \`given\` line is one of: ${givenPhrases.join("; ")}`,
        nameWord,
      );
    }
  }
  r.end();
}

/** `started <date>` or `for <n> <time unit>` after a diagnosis or finding: when it began. */
function onsetOf(r: LineReader, env: ScenarioEnv): string | undefined {
  if (r.accept("started")) return r.instant("when it started");
  if (!r.accept("for")) return undefined;
  const q = r.quantity("how long it has lasted");
  if (q.unit === undefined || findUnit(q.unit)?.dimension !== "time") r.fail("how long it has lasted needs a unit of time, such as `10 days`", undefined, q.at);
  return new Date(addTime(env.now, -q.value, q.unit)).toISOString().replace(".000Z", "Z");
}

const courseFields = ["start", "duration", "drug", "indications", "review", "next-review", "aware", "oral-option"];
const cultureFields = ["organism", "reported", "collected", "susceptibility"];

function dataKey(env: ScenarioEnv, r: LineReader): string {
  if (r.accept("reaction", "type", "of", "allergy", "to")) {
    const c = r.name("a drug class");
    resolveName(env, c, ["class"], "a drug class");
    return `allergy-reaction:${c.text}`;
  }
  if (r.accept("onset", "of")) {
    const w = r.name("a code list or finding");
    const sym = resolveName(env, w, ["codes", "finding"], "a code list of diagnoses or a finding");
    return `${sym.decl.kind === "codes" ? "diagnosis" : "finding"}-onset:${w.text}`;
  }
  if (r.accept("two", "results", "of")) {
    const o = r.name("an observation");
    resolveName(env, o, ["observation"], "an observation");
    return `observation:${o.text}:two-results`;
  }
  const w = r.name("the data");
  if (r.accept("of")) {
    // A field of one course or culture: `start of course-1`, `susceptibility of culture-1 to trimethoprim`.
    const subject = r.name("a course or culture id, such as course-1");
    if (/^course-\d+$/.test(subject.text)) {
      if (!courseFields.includes(w.text)) r.fail(`\`${w.text}\` is not a field of a course`, suggest(w.text, courseFields), w);
      return `order:${subject.text}:${w.text}`;
    }
    if (!/^culture-\d+$/.test(subject.text)) r.fail(`\`${subject.text}\` is not a course or culture id`, "scenarios number them course-1, course-2… and culture-1, culture-2… in the order given", subject);
    if (!cultureFields.includes(w.text)) r.fail(`\`${w.text}\` is not a field of a culture`, suggest(w.text, cultureFields), w);
    if (w.text !== "susceptibility") return `culture:${subject.text}:${w.text}`;
    if (!r.accept("to")) r.fail("expected `to <drug>` after the culture");
    const d = r.name("a drug");
    resolveName(env, d, ["drug"], "a drug in the formulary");
    return `culture:${subject.text}:susceptibility:${d.text}`;
  }
  const lists: Record<string, string> = { diagnoses: "list:diagnoses", allergies: "list:allergies", courses: "list:orders", cultures: "list:microbiology" };
  if (lists[w.text] !== undefined) return lists[w.text]!;
  if (w.text === "birth-date") return "patient:birthDate";
  const sym = env.checker.lookup(env.file, w.text);
  if (sym?.decl.kind === "observation") return `observation:${w.text}`;
  if (sym?.decl.kind === "finding") {
    // A finding that is current only for a while is missing with its window.
    const validFor = lowered<ir.Finding>(env, sym).validFor;
    return validFor === undefined ? `finding:${w.text}` : `finding:${w.text}@${validFor.value} ${validFor.unit}`;
  }
  if (sym?.decl.kind === "score") return `score:${w.text}`;
  if (sym === undefined && findPatientBuiltin(w.text) !== undefined && w.text !== "diagnosis" && w.text !== "setting") return `patient:${w.text}`;
  r.fail(`\`${w.text}\` is not an observation, a finding, a patient fact or a list`, suggest(w.text, [...env.checker.namesOfKind(env.file, ["observation", "finding"]), "weight", "pregnant", "at-term", "age", "birth-date", ...Object.keys(lists)]), w);
}

/** An alert key, with the course (and culture) it is about when the alert comes from a `for each` rule. */
function alertKey(r: LineReader): string {
  const key = r.name("an alert key").text;
  if (!r.accept("for")) return key;
  const about = [r.name("a course id, such as course-1").text];
  if (r.accept("and")) about.push(r.name("a culture id, such as culture-1").text);
  return `${key}@${about.join("+")}`;
}

function expectLine(r: LineReader, env: ScenarioEnv): Expectation {
  const base = { span: r.line.span, text: r.line.words.map((w) => (w.token === "text" ? JSON.stringify(w.text) : w.text)).join(" ") };
  const rule = (): string => resolveName(env, r.name("a rule"), ["rule"], "a rule of the tested guideline").decl.name.text;
  const drug = (): string => resolveName(env, r.name("a drug"), ["drug"], "a drug in the formulary").decl.name.text;
  let e: Expectation;
  if (r.accept("fires")) e = { ...base, kind: "fires", rule: rule() };
  else if (r.accept("does", "not", "fire")) e = { ...base, kind: "does-not-fire", rule: rule() };
  else if (r.accept("cannot", "decide")) e = { ...base, kind: "cannot-decide", rule: rule() };
  else if (r.accept("does", "not", "offer")) e = { ...base, kind: "does-not-offer", drug: drug() };
  else if (r.accept("offers")) {
    let rank: vocabulary.ChoiceRank | undefined;
    for (const word of ["first", "second", "alternative"] as const) if (r.accept(word, "choice")) rank = word;
    const d = drug();
    const regimen = r.peek()?.token === "text" ? r.text("the regimen").text : undefined;
    let companion: { drug: string; regimen?: string } | undefined;
    if (r.accept("with")) {
      const c = drug();
      const cr = r.peek()?.token === "text" ? r.text("the regimen").text : undefined;
      companion = { drug: c, ...(cr !== undefined ? { regimen: cr } : {}) };
    }
    e = { ...base, kind: "offers", drug: d, ...(rank ? { rank } : {}), ...(regimen !== undefined ? { regimen } : {}), ...(companion ? { with: companion } : {}) };
  } else if (r.accept("withholds")) e = { ...base, kind: "withholds", drug: drug() };
  else if (r.accept("excludes")) {
    const d = drug();
    const because = r.accept("because") ? (oneOf(r, ["allergy", "condition", "contraindication", "resistance", "unknown"], "a reason") as "allergy") : undefined;
    e = { ...base, kind: "excludes", drug: d, ...(because ? { because } : {}) };
  } else if (r.accept("no", "treatment")) e = { ...base, kind: "no-treatment" };
  else if (r.accept("no", "alerts")) e = { ...base, kind: "no-alerts" };
  else if (r.accept("no", "missing", "data")) e = { ...base, kind: "no-missing-data" };
  else if (r.accept("strategy")) {
    const strategy = oneOf(r, vocabulary.wordsOf(vocabulary.strategies), "a strategy");
    let delay: { value: number; unit: string } | undefined;
    if (r.accept("after")) {
      const q = r.quantity("the delay");
      if (q.unit === undefined || findUnit(q.unit)?.dimension !== "time") r.fail("a delay needs a duration such as `7 days`", undefined, q.at);
      delay = { value: q.value, unit: q.unit };
    }
    e = { ...base, kind: "strategy", strategy, ...(delay ? { delay } : {}) };
  } else if (r.accept("score")) {
    const id = resolveName(env, r.name("a score"), ["score"], "a score of the tested guideline").decl.name.text;
    const low = r.quantity("the score");
    const high = r.accept("to") ? r.quantity("the highest it can be") : low;
    for (const q of [low, high]) if (q.unit !== undefined || !Number.isInteger(q.value)) r.fail("a score is a whole number", undefined, q.at);
    e = { ...base, kind: "score", score: id, low: low.value, high: high.value };
  }
  else if (r.accept("alert")) {
    const priority = oneOf(r, vocabulary.wordsOf(vocabulary.alertPriorities), "an alert priority");
    const key = alertKey(r);
    const interruptive = r.accept("interruptive") ? true : r.accept("passive") ? false : undefined;
    const recommends = r.accept("recommending") ? oneOf(r, vocabulary.wordsOf(vocabulary.reviewOutcomes), "a review outcome") : undefined;
    e = { ...base, kind: "alert", priority, key, ...(interruptive !== undefined ? { interruptive } : {}), ...(recommends !== undefined ? { recommends } : {}) };
  } else if (r.accept("refers", "to")) {
    const to = oneOf(r, vocabulary.wordsOf(vocabulary.referralTargets), "someone to refer to");
    const urgency = r.done ? undefined : oneOf(r, vocabulary.wordsOf(vocabulary.referralUrgencies), "a referral urgency");
    e = { ...base, kind: "refers", to, ...(urgency !== undefined ? { urgency } : {}) };
  } else if (r.accept("unrecognised", "diagnosis")) e = { ...base, kind: "unrecognised-diagnosis", code: codeOrList(env, r, "a code list") };
  else if (r.accept("no", "unrecognised", "diagnoses")) e = { ...base, kind: "no-unrecognised-diagnoses" };
  else if (r.accept("unmatched", "allergy")) e = { ...base, kind: "unmatched-allergy", code: codeOrList(env, r, "a code list") };
  else if (r.accept("no", "unmatched", "allergies")) e = { ...base, kind: "no-unmatched-allergies" };
  else if (r.accept("review", "after")) {
    const q = r.quantity("a duration");
    if (q.unit === undefined || findUnit(q.unit)?.dimension !== "time") r.fail("`review after` needs a duration such as `48 hours`", undefined, q.at);
    e = { ...base, kind: "review", after: { value: q.value, unit: q.unit } };
  } else if (r.accept("requests")) e = { ...base, kind: "requests", data: dataKey(env, r) };
  else if (r.accept("missing")) e = { ...base, kind: "missing", data: dataKey(env, r) };
  else if (r.accept("dose")) {
    const d = drug();
    const q = r.quantity("a dose");
    if (q.unit === undefined) r.fail("a dose needs a unit, such as `64 mg`", undefined, q.at);
    e = { ...base, kind: "dose", drug: d, dose: { value: q.value, unit: q.unit } };
  } else if (r.accept("advises")) {
    const kinds = vocabulary.wordsOf(vocabulary.adviceKinds);
    const adviceKind = r.peek()?.token === "text" ? undefined : (oneOf(r, kinds, "a kind of advice") as vocabulary.AdviceKind);
    e = { ...base, kind: "advises", advice: r.text("the advice").text, ...(adviceKind !== undefined ? { adviceKind } : {}) };
  }
  else if (r.accept("review", "of")) {
    const d = drug();
    e = { ...base, kind: "review-status", drug: d, status: oneOf(r, ["upcoming", "due", "overdue"], "a review status") as "due" };
  } else if (r.accept("suggests")) {
    const suggestion = oneOf(r, vocabulary.wordsOf(vocabulary.suggestions), "a suggestion") as "oral-switch";
    if (!r.accept("to")) r.fail("expected `to <drug>`");
    const d = drug();
    const dose = suggestion === "oral-switch" && r.peek()?.token === "text" ? r.text("the dose").text : undefined;
    e = { ...base, kind: "suggests", suggestion, drug: d, ...(dose !== undefined ? { dose } : {}) };
  } else if (r.accept("suppresses")) e = { ...base, kind: "suppresses", key: alertKey(r) };
  else if (r.accept("no", "suggestions")) e = { ...base, kind: "no-actions", actions: "suggestions" };
  else if (r.accept("no", "referrals")) e = { ...base, kind: "no-actions", actions: "referrals" };
  else if (r.accept("no", "reviews")) e = { ...base, kind: "no-actions", actions: "reviews" };
  else if (r.accept("cautions")) {
    const d = drug();
    e = { ...base, kind: "caution", drug: d, caution: r.text("the caution").text };
  }
  else if (r.accept("interruptive", "alerts")) {
    const q = r.quantity("a number of alerts");
    if (q.unit !== undefined || !Number.isInteger(q.value) || q.value < 0) r.fail("expected a whole number of alerts", undefined, q.at);
    e = { ...base, kind: "interruptive-alerts", count: q.value };
  }
  else {
    const w = r.peek()!;
    r.fail(`\`${base.text}\` is not something a scenario can expect`, `an \`expect\` line is one of: ${expectPhrases.join("; ")}`, w);
  }
  r.end();
  return e;
}
