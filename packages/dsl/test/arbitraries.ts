/**
 * fast-check generators for well-formed Steward ASTs: only the shapes `parse` can produce (see
 * cst-to-ast.ts), so `parse(format(ast))` must give the same tree back. Spans are dummies and trees
 * are depth-limited. Every arbitrary is built once per option set (building them is the slow part).
 */
import fc from "fast-check";
import { findUnit, units, unitSpellings, type Span } from "@steward/core";
import { format as formatFile, keywords, type ast } from "@steward/dsl";

/** The span every generated node carries; equality helpers ignore spans. */
export const dummySpan: Span = { file: "<generated>", offset: 0, length: 0, line: 1, column: 1 };
const span = dummySpan;

/** How to generate: `unitSpelling: "any"` also writes unit aliases (`ml`, `mcg`), which `format` rewrites. */
export interface AstOptions {
  readonly unitSpelling?: "canonical" | "any";
}

/** The generators for one option set. */
export interface AstArbitraries {
  readonly name: fc.Arbitrary<ast.Name>;
  readonly text: fc.Arbitrary<ast.Text>;
  readonly quantity: fc.Arbitrary<ast.QuantityNode>;
  readonly expr: fc.Arbitrary<ast.Expr>;
  readonly regimen: fc.Arbitrary<ast.RegimenNode>;
  readonly ruleClause: fc.Arbitrary<ast.RuleClause>;
  readonly item: fc.Arbitrary<ast.Item>;
  readonly file: fc.Arbitrary<ast.FileNode>;
}

const reserved = new Set(keywords);

/** True for text the lexer reads as one identifier: not a keyword and not a unit spelling (`mg`, `day`). */
export function isPlainName(text: string): boolean {
  return /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(text) && !reserved.has(text) && findUnit(text) === undefined;
}

/** Name text: mostly random, sometimes a realistic one. */
export const nameText: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), { minLength: 1, maxLength: 3 }).map((parts) => parts.join("-")) },
    { weight: 1, arbitrary: fc.constantFrom("egfr", "lower-uti", "nitrofurantoin", "age", "ams-team", "x1", "no-antibiotic", "review-by", "if-unknown") },
  )
  .filter(isPlainName);

const name: fc.Arbitrary<ast.Name> = nameText.map((text) => ({ kind: "name", text, span }));
const fixedName = (text: string): ast.Name => ({ kind: "name", text, span });

/** String contents: any characters but line breaks (a string ends on its line). */
const textValue: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: "grapheme", maxLength: 8 }),
    fc.constantFrom('say "hi"', "back\\slash", "end\\", "", "Cystitis", "eGFR ≥ 45 mL/min/1.73m2 – µ°"),
  )
  .map((s) => s.replace(/[\n\r]/g, " "));

const text: fc.Arbitrary<ast.Text> = textValue.map((value) => ({ kind: "text", value, span }));

/** A comment: `#`, then text without line breaks or trailing spaces (the parser trims them). */
const commentText: fc.Arbitrary<string> = fc
  .oneof(fc.string({ maxLength: 20 }), fc.string({ unit: "grapheme", maxLength: 10 }), fc.constantFrom(" ---- Table 1 ----", " TODO: confirm", "#", ""))
  .map((s) => `#${s.replace(/[\n\r]/g, " ")}`.trimEnd());

const comment: fc.Arbitrary<ast.CommentNode> = fc.record({ text: commentText, blankLineBefore: fc.boolean(), span: fc.constant(span) });
const trailingComment: fc.Arbitrary<ast.CommentNode> = comment.map((c) => ({ ...c, blankLineBefore: false }));

/** Usually nothing: most generated lines carry no comments. */
function mostlyEmpty<T>(arb: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant<T[]>([]) }, { weight: 1, arbitrary: arb });
}

/** Comments where a block or file starts (`atStart`): the first never has a blank line before it. */
function comments(atStart: boolean, maxLength = 2): fc.Arbitrary<ast.CommentNode[]> {
  return mostlyEmpty(fc.array(comment, { minLength: 1, maxLength })).map((cs) => cs.map((c, i) => (atStart && i === 0 ? { ...c, blankLineBefore: false } : c)));
}

/** The trivia of a line-level node; the first line of a block never has a blank line before it. */
function trivia(isFirst: boolean): fc.Arbitrary<ast.Trivia> {
  return fc
    .record({ leadingComments: comments(isFirst), trailing: fc.option(trailingComment, { nil: undefined, freq: 4 }), blank: fc.boolean() })
    .map(({ leadingComments, trailing, blank }) => ({
      leadingComments,
      blankLineBefore: isFirst && leadingComments.length === 0 ? false : blank,
      ...(trailing !== undefined ? { trailingComment: trailing } : {}),
    }));
}
const firstTrivia = trivia(true);
const laterTrivia = trivia(false);

/** A node built twice, as the first line of its block and as a later one. */
interface Placed<T> {
  readonly first: fc.Arbitrary<T>;
  readonly later: fc.Arbitrary<T>;
}

function placed<T>(make: (t: fc.Arbitrary<ast.Trivia>) => fc.Arbitrary<T>): Placed<T> {
  return { first: make(firstTrivia), later: make(laterTrivia) };
}

/** Up to `max` lines, then the comments before the closing brace (or the end of the file). */
function body<T>(line: Placed<T>, max: number, closingMax = 2): fc.Arbitrary<{ lines: T[]; closing: ast.CommentNode[] }> {
  return fc.oneof(
    { weight: 1, arbitrary: comments(true, closingMax).map((closing) => ({ lines: [] as T[], closing })) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(line.first, fc.array(line.later, { maxLength: max - 1 }), comments(false, closingMax))
        .map(([head, tail, closing]) => ({ lines: [head, ...tail], closing })),
    },
  );
}

function optional<K extends string, V>(key: K, arb: fc.Arbitrary<V>): fc.Arbitrary<{ [P in K]?: V }> {
  return fc.option(arb, { nil: undefined }).map((v) => (v === undefined ? {} : ({ [key]: v } as { [P in K]?: V })));
}

// ---- literals ----------------------------------------------------------------------------------

const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 1000 }).map(String),
  fc.tuple(fc.nat({ max: 99 }), fc.stringMatching(/^[0-9]{1,3}$/)).map(([i, f]) => `${i}.${f}`),
  fc.constantFrom("45", "0", "1.50", "007", "39108511000001108"),
);

const codeText: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[1-9][0-9]{5,17}$/),
  fc.stringMatching(/^[0-9]{1,7}-[0-9]$/),
  fc.stringMatching(/^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/),
  fc.constantFrom("38822007", "33914-3", "N30.0", "1.5"),
);

const literal = (kind: ast.Literal["kind"]) => (t: string): ast.Literal => ({ kind, text: t, span });
const dateLiteral = fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/).map(literal("date"));
const versionLiteral = fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}(-[a-z]{1,3}(\.[0-9])?)?$/).map(literal("version"));
const codeLiteral = fc.oneof(fc.stringMatching(/^[A-Z][0-9][0-9A-Z]{0,3}(\.[0-9A-Z]{1,2})?$/), fc.stringMatching(/^[0-9]{1,7}-[0-9]{1,3}$/)).map(literal("code"));
/** A unit on its own in a field is read as a name; `format` writes it canonically, so only canonical ones here. */
const unitName = fc.constantFrom(...units.map((u) => u.symbol)).map(fixedName);

const drugRef: fc.Arbitrary<ast.DrugRefNode> = fc.oneof(name, fc.constant({ kind: "course-drug" as const, span }));

const cache = new Map<string, AstArbitraries>();

/** The generators for `options`, built once. */
export function astArbitraries(options: AstOptions = {}): AstArbitraries {
  const key = options.unitSpelling ?? "canonical";
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const built = build(key === "any");
  cache.set(key, built);
  return built;
}

function build(aliases: boolean): AstArbitraries {
  const unit = fc.constantFrom(...(aliases ? unitSpellings : units.map((u) => u.symbol)));
  const quantity: fc.Arbitrary<ast.QuantityNode> = fc
    .tuple(numberText, fc.option(unit, { nil: undefined }))
    .map(([number, unit]) => ({ kind: "quantity", number, ...(unit !== undefined ? { unit } : {}), span }));

  // ---- block entries ---------------------------------------------------------------------------

  const fieldValue: fc.Arbitrary<ast.FieldValue> = fc.oneof(text, name, unitName, quantity, dateLiteral, versionLiteral, codeLiteral);
  const field = placed((t) =>
    fc.record({ t, key: name, values: fc.array(fieldValue, { minLength: 1, maxLength: 3 }) }).map(({ t, key, values }): ast.Field => ({ kind: "field", key, values, span, ...t })),
  );
  const codeEntry = placed((t) =>
    fc
      .record({ t, system: name, descendants: fc.boolean(), code: codeText, display: text, unverified: optional("unverified", text) })
      .map(({ t, system, descendants, code, display, unverified }): ast.CodeEntry => ({
        kind: "code-entry",
        system,
        ...(descendants ? { descendants: true as const } : {}),
        code: literal("code")(code),
        display,
        ...unverified,
        span,
        ...t,
      })),
  );
  const cite = placed((t) =>
    fc.record({ t, source: name, section: optional("section", text) }).map(({ t, source, section }): ast.CiteClause => ({ kind: "cite", source, ...section, span, ...t })),
  );
  // `oral-dose <regimen> cite …` is read by its key word, so only that key makes a dose entry.
  const doseEntry = (regimen: fc.Arbitrary<ast.RegimenNode>) =>
    placed((t) =>
      fc
        .record({ t, regimen, source: name, section: optional("section", text) })
        .map(({ t, regimen, source, section }): ast.DoseEntry => ({ kind: "dose-entry", key: fixedName("oral-dose"), regimen, cite: { kind: "cite", source, ...section, span, leadingComments: [], blankLineBefore: false }, span, ...t })),
    );

  // ---- conditions ------------------------------------------------------------------------------

  const valueLeaf: fc.Arbitrary<ast.ValueNode> = fc.oneof(
    fc.record({ name, within: optional("within", quantity) }).map(({ name, within }) => ({ kind: "ref" as const, name, ...within, span })),
    fc
      .tuple(fc.constantFrom("course" as const, "culture" as const), name, fc.boolean())
      // `course drug` is written with the keyword `drug`; any other field is a name
      .map(([subject, field, drug]) => ({ kind: "field" as const, subject, field: subject === "course" && drug ? fixedName("drug") : field, span })),
    drugRef.map((drug) => ({ kind: "susceptibility" as const, drug, span })),
    name.map((of) => ({ kind: "onset" as const, of, span })),
  );
  /** A value a condition starts with: anything but a bare quantity. */
  const valueTerm: fc.Arbitrary<ast.ValueNode> = fc.oneof(
    { weight: 4, arbitrary: valueLeaf },
    { weight: 1, arbitrary: valueLeaf.map((of) => ({ kind: "time-since" as const, of, span })) },
    { weight: 1, arbitrary: valueLeaf.map((of) => ({ kind: "time-since" as const, of: { kind: "time-since" as const, of, span }, span })) },
  );
  const operand: fc.Arbitrary<ast.ValueNode> = fc.oneof(quantity, valueTerm);
  const quantifier = fc.constantFrom("any" as const, "no" as const);
  const subject = fc.constantFrom("course" as const, "culture" as const);

  const predicate: fc.Arbitrary<ast.Expr> = fc.oneof(
    fc
      .record({ op: fc.constantFrom("<" as const, "<=" as const, ">" as const, ">=" as const, "=" as const, "!=" as const), left: valueTerm, right: operand })
      .map((e) => ({ kind: "compare" as const, ...e, span })),
    fc.record({ value: valueTerm, low: operand, high: operand }).map((e) => ({ kind: "between" as const, ...e, span })),
    fc.record({ value: valueTerm, word: name, negated: fc.boolean() }).map((e) => ({ kind: "is" as const, ...e, span })),
    // `is unknown` and `is not known` both parse to a negated `known`
    fc.record({ value: valueTerm, negated: fc.boolean() }).map((e) => ({ kind: "known" as const, ...e, span })),
    fc.record({ value: valueTerm, set: name }).map((e) => ({ kind: "in" as const, ...e, span })),
    drugRef.map((target) => ({ kind: "allergic" as const, target, span })),
    fc.record({ quantifier, subject }).map((e) => ({ kind: "exists" as const, ...e, span })),
    valueTerm.map((value) => ({ kind: "truth" as const, value, span })),
  );
  const exprOfDepth: fc.Memo<ast.Expr> = fc.memo((n) => {
    if (n <= 1) return predicate;
    const inner = exprOfDepth(n - 1);
    return fc.oneof(
      { weight: 3, arbitrary: predicate },
      // a nested `and` inside `and` (or `or` inside `or`) is how the parser keeps written parentheses
      { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("and" as const, "or" as const), args: fc.array(inner, { minLength: 2, maxLength: 3 }) }).map((e) => ({ ...e, span })) },
      { weight: 1, arbitrary: inner.map((arg) => ({ kind: "not" as const, arg, span })) },
      { weight: 1, arbitrary: fc.record({ quantifier, subject, where: inner }).map((e) => ({ kind: "exists" as const, ...e, span })) },
    );
  });
  const expr = exprOfDepth(3);

  // ---- regimens --------------------------------------------------------------------------------

  const frequency = fc.constantFrom<ast.FrequencyWord>("once", "twice", "three", "four");
  const repeating: fc.Arbitrary<ast.ScheduleNode> = fc.oneof(
    fc.record({ frequencies: fc.array(frequency, { minLength: 1, maxLength: 2 }), times: fc.boolean() }).map((s) => ({ kind: "daily" as const, ...s, span })),
    quantity.map((interval) => ({ kind: "every" as const, interval, span })),
  );
  const single: fc.Arbitrary<ast.ScheduleNode> = fc.oneof(
    fc.constantFrom("once" as const, "single dose" as const).map((words) => ({ kind: "once" as const, words, span })),
    fc.record({ dayWord: fc.constantFrom("day", "days"), day: numberText }).map((s) => ({ kind: "on-day" as const, ...s, span })),
  );
  const duration: fc.Arbitrary<ast.StepDurationNode> = fc.oneof(
    fc.record({ kind: fc.constantFrom("for" as const, "to-complete" as const), length: quantity, lengthTo: optional("lengthTo", quantity) }).map(({ lengthTo, ...d }) => ({ ...d, ...lengthTo, span })),
    fc.constant({ kind: "until-review" as const, span }),
  );
  const strength: fc.Arbitrary<ast.StrengthNode> = fc
    .tuple(fc.array(fc.oneof(fc.nat({ max: 1000 }).map(String), fc.constantFrom("62.5", "31")), { minLength: 2, maxLength: 3 }), fc.option(unit, { nil: undefined }))
    .map(([amounts, unit]) => ({ kind: "strength", amounts: amounts.join("/"), ...(unit !== undefined ? { unit } : {}), span }));
  const amount: fc.Arbitrary<ast.QuantityNode | ast.StrengthNode> = fc.oneof({ weight: 3, arbitrary: quantity }, { weight: 1, arbitrary: strength });
  const dose: fc.Arbitrary<ast.DoseNode> = fc
    .record({ amount, to: optional("to", amount), max: optional("max", quantity), of: optional("of", strength) })
    .map(({ amount, to, max, of }) => ({ kind: "dose", amount, ...to, ...max, ...of, span }));
  const doses = fc.array(dose, { minLength: 1, maxLength: 2 });
  const descriptor = fc.oneof(name, fc.constantFrom("oral", "iv", "modified-release").map(fixedName));
  const doseStep: fc.Arbitrary<ast.DoseStepNode> = fc
    .record({
      doses,
      descriptors: fc.array(descriptor, { maxLength: 2 }),
      // only a repeating schedule can be followed by other doses and frequencies
      timing: fc.oneof(
        single.map((schedule) => ({ schedule, or: [] as ast.DoseGroupNode[] })),
        fc.record({ schedule: repeating, or: fc.array(fc.record({ doses, schedule: repeating }), { maxLength: 2 }) }),
      ),
      duration: optional("duration", duration),
    })
    .map(({ doses, descriptors, timing, duration }) => ({ kind: "dose-step", doses, descriptors, ...timing, ...duration, span }));
  // A last step that repeats and has no duration would read an `or` line after it as one more of
  // its doses (`… twice daily` then `or 250 mg twice daily …`): such a step is a checker error, so
  // generated regimens give it a duration.
  const regimen: fc.Arbitrary<ast.RegimenNode> = fc.array(doseStep, { minLength: 1, maxLength: 2 }).map((steps) => {
    const last = steps[steps.length - 1]!;
    const open = last.duration === undefined && (last.schedule.kind === "daily" || last.schedule.kind === "every");
    const closed: ast.DoseStepNode[] = open ? [...steps.slice(0, -1), { ...last, duration: { kind: "until-review", span } }] : steps;
    return { kind: "regimen", steps: closed, span };
  });

  const oralDose = doseEntry(regimen);
  const blockEntry: Placed<ast.BlockEntry> = {
    first: fc.oneof(field.first, codeEntry.first, cite.first, oralDose.first),
    later: fc.oneof(field.later, codeEntry.later, cite.later, oralDose.later),
  };
  const block: fc.Arbitrary<ast.Block> = body(blockEntry, 4).map(({ lines, closing }) => ({ entries: lines, closingComments: closing }));

  // ---- rule clauses --------------------------------------------------------------------------

  const orRegimen = placed((t) => fc.record({ t, regimen, note: optional("note", text) }).map(({ t, regimen, note }): ast.OrRegimenClause => ({ kind: "or-regimen", regimen, ...note, span, ...t })));
  const companionBody = fc.oneof(
    fc.constant({ hasBlock: false, options: [] as ast.OrRegimenClause[], closingComments: [] as ast.CommentNode[] }),
    body(orRegimen, 2).map(({ lines, closing }) => ({ hasBlock: true, options: lines, closingComments: closing })),
  );

  const optionClause = placed<ast.OptionClause>((t) =>
    fc.oneof(
      fc.record({ t, regimen, note: optional("note", text) }).map(({ t, regimen, note }) => ({ kind: "or-regimen" as const, regimen, ...note, span, ...t })),
      fc.record({ t, expr }).map(({ t, expr }) => ({ kind: "only-if" as const, expr, span, ...t })),
      fc
        .record({ t, action: fc.constantFrom("offer" as const, "exclude" as const, "withhold" as const), note: optional("note", text) })
        .map(({ t, action, note }) => ({ kind: "if-unknown" as const, action, ...note, span, ...t })),
      fc.record({ t, text }).map(({ t, text }) => ({ kind: "note" as const, text, span, ...t })),
      fc.record({ t, why: text }).map(({ t, why }) => ({ kind: "unverified" as const, why, span, ...t })),
      fc.record({ t, drug: name, regimen, addIf: optional("addIf", text), body: companionBody }).map(({ t, drug, regimen, addIf, body }) => ({ kind: "with" as const, drug, regimen, ...addIf, ...body, span, ...t })),
    ),
  );
  const choiceBody = fc.oneof(
    fc.constant({ hasBlock: false, options: [] as ast.OptionClause[], closingComments: [] as ast.CommentNode[] }),
    body(optionClause, 3).map(({ lines, closing }) => ({ hasBlock: true, options: lines, closingComments: closing })),
  );
  const choice = placed((t) =>
    fc
      .record({ t, rank: fc.constantFrom("first" as const, "second" as const, "alternative" as const), drug: name, regimen: optional("regimen", regimen), body: choiceBody })
      .map(({ t, rank, drug, regimen, body }): ast.ChoiceClause => ({ kind: "choice", rank, drug, ...regimen, ...body, span, ...t })),
  );
  const ruleClause = placed<ast.RuleClause>((t) =>
    fc.oneof(
      fc.record({ t, source: name, section: optional("section", text) }).map(({ t, source, section }) => ({ kind: "cite" as const, source, ...section, span, ...t })),
      fc.record({ t, expr }).map(({ t, expr }) => ({ kind: "when" as const, expr, span, ...t })),
      fc.record({ t, strategy: name, delay: optional("delay", quantity), advice: optional("advice", text) }).map(({ t, strategy, delay, advice }) => ({ kind: "strategy" as const, strategy, ...delay, ...advice, span, ...t })),
      fc.record({ t, choices: name }).map(({ t, choices }) => ({ kind: "offer" as const, choices, span, ...t })),
      fc.record({ t, why: text }).map(({ t, why }) => ({ kind: "unverified" as const, why, span, ...t })),
      // weighted up: choices carry the option clauses, the richest part of the grammar
      { weight: 3, arbitrary: t === firstTrivia ? choice.first : choice.later },
      fc.record({ t, kind: fc.constantFrom("advice" as const, "leaflet" as const), adviceKind: optional("adviceKind", name), text }).map(({ t, kind, adviceKind, text }) => ({ kind, ...adviceKind, text, span, ...t })),
      fc
        .record({ t, priority: name, message: text, key: optional("key", name), recommends: optional("recommends", name) })
        .map(({ t, priority, message, key, recommends }) => ({ kind: "alert" as const, priority, message, ...key, ...recommends, span, ...t })),
      fc
        .record({ t, after: quantity, from: optional("from", name), overdueAfter: optional("overdueAfter", quantity), outcomes: fc.array(name, { maxLength: 2 }) })
        .map(({ t, after, from, overdueAfter, outcomes }) => ({ kind: "review" as const, after, ...from, ...overdueAfter, outcomes, span, ...t })),
      fc
        .record({ t, target: name, urgency: optional("urgency", name), reason: optional("reason", text), unverified: optional("unverified", text) })
        // `unverified "why"` is always followed by the reason
        .map(({ t, target, urgency, reason, unverified }) => ({ kind: "refer" as const, target, ...urgency, ...reason, ...(reason.reason !== undefined ? unverified : {}), span, ...t })),
      fc.record({ t, target: name, reason: optional("reason", text) }).map(({ t, target, reason }) => ({ kind: "request" as const, target, ...reason, span, ...t })),
      fc
        .record({ t, action: fc.constantFrom("offer" as const, "exclude" as const, "withhold" as const), note: optional("note", text) })
        .map(({ t, action, note }) => ({ kind: "if-unknown" as const, action, ...note, span, ...t })),
      fc.oneof(
        fc.record({ t, length: quantity }).map(({ t, length }) => ({ kind: "window" as const, length, span, ...t })),
        fc.record({ t, word: name, note: text }).map(({ t, word, note }) => ({ kind: "window" as const, word, note, span, ...t })),
      ),
    ),
  );

  // ---- items -----------------------------------------------------------------------------------

  const scoreEntry: Placed<ast.ScoreEntry> = (() => {
    const make = (t: fc.Arbitrary<ast.Trivia>, c: fc.Arbitrary<ast.CodeEntry>, k: fc.Arbitrary<ast.CiteClause>): fc.Arbitrary<ast.ScoreEntry> =>
      fc.oneof(
        c,
        k,
        fc.record({ t, expr }).map(({ t, expr }): ast.CriterionClause => ({ kind: "criterion", expr, span, ...t })),
        fc.record({ t, min: quantity, max: quantity }).map(({ t, min, max }): ast.RangeClause => ({ kind: "range", min, max, span, ...t })),
      );
    return { first: make(firstTrivia, codeEntry.first, cite.first), later: make(laterTrivia, codeEntry.later, cite.later) };
  })();

  const rule = (t: fc.Arbitrary<ast.Trivia>): fc.Arbitrary<ast.RuleDecl> =>
    fc.record({ t, name, b: body(ruleClause, 5) }).map(({ t, name, b }) => ({ kind: "rule", name, clauses: b.lines, closingComments: b.closing, span, ...t }));

  const item = placed<ast.Item>((t) => {
    const declaration = <K extends string>(kind: K) => fc.record({ t, name, block }).map(({ t, name, block }) => ({ kind, name, ...block, span, ...t }));
    const maybeBlock = fc.oneof(
      fc.constant({ hasBlock: false, entries: [] as ast.BlockEntry[], closingComments: [] as ast.CommentNode[] }),
      block.map((b) => ({ hasBlock: true, ...b })),
    );
    return fc.oneof(
      fc.record({ t, names: fc.array(name, { maxLength: 3 }), path: text }).map(({ t, names, path }): ast.ImportDecl => ({ kind: "import", names, path, span, ...t })),
      declaration("guideline" as const),
      declaration("source" as const),
      fc.record({ d: declaration("codes" as const), title: optional("title", text) }).map(({ d, title }): ast.CodesDecl => ({ ...d, ...title })),
      fc.record({ d: declaration("observation" as const), title: optional("title", text) }).map(({ d, title }): ast.ObservationDecl => ({ ...d, ...title })),
      fc
        .record({ t, name, title: optional("title", text), b: maybeBlock })
        .map(({ t, name, title, b }): ast.FindingDecl => ({ kind: "finding", name, ...title, ...b, span, ...t })),
      fc
        .record({ t, name, title: text, within: fc.array(name, { maxLength: 2 }), b: maybeBlock })
        .map(({ t, name, title, within, b }): ast.ClassDecl => ({ kind: "class", name, title, within, ...b, span, ...t })),
      fc.record({ d: declaration("drug" as const), title: text }).map(({ d, title }): ast.DrugDecl => ({ ...d, title })),
      fc.record({ t, name, expr }).map(({ t, name, expr }): ast.DefineDecl => ({ kind: "define", name, expr, span, ...t })),
      fc
        .record({ t, name, value: quantity, title: optional("title", text) })
        .map(({ t, name, value, title }): ast.ParameterDecl => ({ kind: "parameter", name, value, ...title, span, ...t })),
      { weight: 3, arbitrary: rule(t) },
      fc
        .record({ t, name, target: name, b: body(ruleClause, 4) })
        .map(({ t, name, target, b }): ast.ContraindicationDecl => ({ kind: "contraindication", name, target, clauses: b.lines, closingComments: b.closing, span, ...t })),
      fc.record({ t, name, b: body(ruleClause, 4) }).map(({ t, name, b }): ast.ResistanceDecl => ({ kind: "resistance", name, clauses: b.lines, closingComments: b.closing, span, ...t })),
      fc
        .record({ t, name, b: body(choice, 3) })
        .map(({ t, name, b }): ast.ChoicesDecl => ({ kind: "choices", name, choices: b.lines, closingComments: b.closing, span, ...t })),
      fc
        .record({ t, name, title: optional("title", text), b: body(scoreEntry, 4) })
        .map(({ t, name, title, b }): ast.ScoreDecl => ({ kind: "score", name, ...title, entries: b.lines, closingComments: b.closing, span, ...t })),
    );
  });

  const file: fc.Arbitrary<ast.FileNode> = body(item, 4, 3).map(({ lines, closing }) => ({ kind: "file", items: lines, closingComments: closing, span }));
  return { name, text, quantity, expr, regimen, ruleClause: ruleClause.later, item: item.later, file };
}

// ---- token soup ------------------------------------------------------------------------------

const soupToken: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...keywords),
  nameText,
  numberText,
  fc.constantFrom(...unitSpellings),
  textValue.map((t) => `"${t.replace(/["\\]/g, "")}"`),
  fc.constantFrom('"unterminated', "{", "}", "(", ")", ",", "=", ">=", "<=", "!=", ">", "<", "# a comment", "N30.0", "33914-3", "1.0.0", "2025-01-31", "Mg", "@", "\t", "\\"),
);

/** Random text made of real tokens (keywords, names, numbers, units, strings, operators, braces). */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(fc.tuple(soupToken, fc.constantFrom(" ", " ", " ", "\n", "\n\n", "  ", "")), { maxLength: 40 })
  .map((parts) => parts.map(([token, gap]) => token + gap).join(""));

// ---- well-typed guidelines -------------------------------------------------------------------

/** The declarations every generated guideline shares; its rules refer only to these. */
export const guidelinePrelude = `guideline generated {
  title "Generated guideline"
  version 1.0.0
  status draft
  settings primary-care
  owner "Property tests"
  approved 2025-01-01
  review-by 2026-01-01
}

source nice {
  title "A source"
}

codes infection "Infection" {
  snomed 38822007 "Cystitis"
}

observation egfr "eGFR" {
  unit mL/min/1.73m2
  loinc 33914-3 "eGFR (MDRD)"
}

finding improving "Symptoms improving"

parameter renal-threshold = 45 mL/min/1.73m2 "Renal threshold"

define renal-ok = egfr >= renal-threshold

class penicillins "Penicillins"

drug amoxicillin "Amoxicillin" {
  classes penicillins
  routes oral, iv
  oral-dose 500 mg oral three times daily until review cite nice "a table"
}

contraindication amoxicillin-low-egfr for amoxicillin {
  cite nice "renal"
  when egfr < 30 mL/min/1.73m2
  alert high "{course drug} with a low eGFR"
  if unknown offer "check renal function"
}

resistance resistant-urine {
  cite nice "culture results"
  when culture specimen is urine
  window 3 months
  alert high "Resistant" key organism-resistant recommends change
}

drug clarithromycin "Clarithromycin" {
  routes oral, iv
}

score severity "Severity score" {
  criterion improving
  criterion pregnant
  criterion egfr < 30 mL/min/1.73m2
}

score recorded-score "A score the host records" {
  snomed 38822007 "Cystitis"
  range 0 to 5
}

choices standard-course {
  first choice amoxicillin 500 mg oral three times daily for 5 days
}
`;

/** Conditions that check against `guidelinePrelude`, some with unit aliases the compiler canonicalises. */
const typedPredicate = fc.constantFrom(
  "diagnosis in infection",
  "sex is female",
  "sex is not male",
  "age >= 16 years",
  "age < 3 month",
  "egfr >= 45 mL/min/1.73m2",
  "egfr measured within 3 months < 30 ml/min/1.73m2",
  "egfr is unknown",
  "egfr is known",
  "weight between 40 kg and 120 kg",
  "pregnant",
  "improving",
  "renal-ok",
  "allergic to penicillins",
  "allergic to amoxicillin",
  "any course",
  "no culture",
  "any course where course drug is amoxicillin",
  "any course where course drug in penicillins and time since course start > 48 hour",
  "any culture where culture specimen is urine and culture result for amoxicillin is resistant",
  "severity >= 2",
  "severity between 1 and 2",
  "recorded-score <= 3",
  "time since onset of infection >= 10 day",
  "time since onset of improving < 3 weeks",
);

const typedCondition: fc.Arbitrary<string> = fc.letrec<{ cond: string }>((tie) => ({
  cond: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    typedPredicate,
    fc.array(tie("cond"), { minLength: 2, maxLength: 3 }).map((args) => `(${args.join(" and ")})`),
    fc.array(tie("cond"), { minLength: 2, maxLength: 3 }).map((args) => `(${args.join(" or ")})`),
    tie("cond").map((c) => `not (${c})`),
  ),
})).cond;

const typedOutcome = fc.constantFrom(
  "strategy immediate",
  'strategy back-up "Use it if symptoms worsen"',
  'advice "Drink fluids"',
  'leaflet "TARGET leaflet"',
  'alert high "Check the dose"',
  'alert low "Note" key shared-key',
  "review after 48 hours",
  'refer ams-team routine "Complex case"',
  'refer paediatric-specialist immediate unverified "urgency inferred" "Infant"',
  'alert medium "Resistant" key resistant recommends change',
  "review after 24 hours",
  'request egfr "Needed for dosing"',
  "first choice amoxicillin 500 mg oral three times daily for 5 day",
  "second choice amoxicillin 1 g iv every 8 hours until review",
  "first choice amoxicillin 4 mg/kg max 200 mg oral twice daily for 3 days",
  "alternative choice amoxicillin 400 mg oral once then 200 mg three times daily to complete 3 days",
  'first choice amoxicillin 500 mg oral twice daily for 3 days {\n    or 250 mg oral four times daily for 3 days "if small"\n    only if renal-ok\n    if unknown offer "offer anyway"\n    note "a note"\n  }',
  "first choice amoxicillin 250 mg to 500 mg oral four times daily or 1 g twice daily for 5 to 7 day",
  "first choice amoxicillin 500 mg oral twice or three times daily for 5 days",
  "first choice amoxicillin 200 mg oral on day 1 then 100 mg once daily for 4 days",
  'first choice amoxicillin 500 mg oral three times daily for 5 days {\n    with clarithromycin 500 mg oral twice daily for 5 days if "atypical pathogens are suspected"\n    unverified "a test row"\n  }',
  "first choice amoxicillin 1 g iv three times daily until review then 500 mg oral three times daily to complete 7 to 10 days",
  'strategy back-up after 7 days "Use it if no better in 7 days"',
  'advice safety-net "Seek help if worse"',
  "offer standard-course",
);

/** Whitespace and comments a person might leave between lines; `format` normalises them. */
const layoutGap = fc.constantFrom("\n", "\n", "\n\n", "\n\n\n", "  # a comment\n", "\n# between\n\n", "   \n");

/** A guideline that compiles: the shared prelude plus a few rules, in an untidy but valid layout. */
export const wellTypedGuideline: fc.Arbitrary<string> = fc
  .uniqueArray(
    fc.record({
      id: fc.integer({ min: 0, max: 999 }),
      when: typedCondition,
      outcomes: fc.uniqueArray(fc.tuple(typedOutcome, layoutGap), { minLength: 1, maxLength: 3, selector: ([o]) => o.split(" ").slice(0, 2).join(" ") }),
      gap: layoutGap,
    }),
    { minLength: 1, maxLength: 4, selector: (r) => r.id },
  )
  .map((rules) =>
    guidelinePrelude +
    rules
      .map((r) => `${r.gap}rule rule-${r.id} {\n  cite nice "section ${r.id}"\n  when ${r.when}${r.outcomes.map(([o, gap]) => `${gap}  ${o}`).join("")}\n}\n`)
      .join(""),
  );

// ---- untidy layouts --------------------------------------------------------------------------

/** One edit to a line of canonical text; none of them changes what the text means. */
type LayoutEdit =
  | { readonly kind: "keep" }
  | { readonly kind: "indent"; readonly spaces: number }
  | { readonly kind: "blank-before"; readonly lines: number }
  | { readonly kind: "comment-before" }
  | { readonly kind: "comment-after" }
  | { readonly kind: "join-next" }
  | { readonly kind: "split"; readonly at: number };

const layoutEdit: fc.Arbitrary<LayoutEdit> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "keep" as const }) },
  { weight: 1, arbitrary: fc.nat({ max: 9 }).map((spaces) => ({ kind: "indent" as const, spaces })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((lines) => ({ kind: "blank-before" as const, lines })) },
  { weight: 1, arbitrary: fc.constant({ kind: "comment-before" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "comment-after" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "join-next" as const }) },
  { weight: 1, arbitrary: fc.nat().map((at) => ({ kind: "split" as const, at })) },
);

/** Offsets of the spaces in `line` that separate tokens (not inside a string), and where a comment starts. */
function tokenGaps(line: string): { gaps: number[]; comment: number | undefined } {
  const gaps: number[] = [];
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "#") return { gaps, comment: i };
    else if (c === " " && i > 0 && line[i - 1] !== " ") gaps.push(i);
  }
  return { gaps, comment: undefined };
}

/** Canonical text, then the same text laid out untidily, and how many comments the edits added. */
export interface UntidyText {
  readonly tree: ast.FileNode;
  readonly tidy: string;
  readonly untidy: string;
  readonly addedComments: number;
}

/** Applies layout edits to text; every edit keeps the meaning, only comments and blank lines are added. */
export function untidy(tidy: string, edits: readonly LayoutEdit[]): { untidy: string; addedComments: number } {
  const lines = tidy.split("\n");
  const out: string[] = [];
  let added = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const edit = edits[i] ?? { kind: "keep" };
    const { gaps, comment } = tokenGaps(line);
    switch (edit.kind) {
      case "keep":
        out.push(line);
        break;
      case "indent":
        out.push(" ".repeat(edit.spaces) + line.trimStart());
        break;
      case "blank-before":
        out.push(...Array.from({ length: edit.lines }, () => ""), line);
        break;
      case "comment-before":
        out.push(`# added ${added++}`, line);
        break;
      case "comment-after":
        if (comment === undefined && line.trim() !== "") out.push(`${line} # added ${added++}`);
        else out.push(line);
        break;
      case "join-next":
        // only a line without a comment can take the next one after it
        if (comment === undefined && i + 1 < lines.length) {
          lines[i + 1] = `${line} ${lines[i + 1]!.trimStart()}`;
        } else out.push(line);
        break;
      case "split": {
        const at = gaps.length === 0 ? undefined : gaps[edit.at % gaps.length];
        if (at === undefined) out.push(line);
        else out.push(line.slice(0, at), `    ${line.slice(at + 1)}`);
        break;
      }
    }
  }
  return { untidy: out.join("\n"), addedComments: added };
}

/** A generated file, formatted, then laid out untidily by a person who kept to the grammar. */
export const untidyText: fc.Arbitrary<UntidyText> = astArbitraries().file.chain((tree) => {
  const tidy = formatFile(tree);
  const count = tidy.split("\n").length;
  return fc.array(layoutEdit, { minLength: count, maxLength: count }).map((edits) => ({ tree, tidy, ...untidy(tidy, edits) }));
});
