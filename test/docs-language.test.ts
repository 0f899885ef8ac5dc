// Keeps docs/language.md honest: every `stw` example is read by the real parser (and, for examples
// fenced as `stw error <code>`, checked for the diagnostic they illustrate), and every code, unit,
// reserved word, word list entry and patient fact the implementation defines is documented.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { courseFields, cultureFields, diagnosticCodes, patientBuiltins, units, vocabulary, type Diagnostic } from "@steward/core";
import { check, format, keywords, loadProgram, parse } from "@steward/dsl";

const docPath = resolve(import.meta.dirname, "../docs/language.md");
const doc = readFileSync(docPath, "utf8");

/** A fenced `stw` block of the reference, with the info string after `stw` and its first line. */
interface Example {
  readonly line: number;
  readonly text: string;
  readonly isError: boolean;
  /** For `stw error <code>` blocks: the diagnostic code the example must produce. */
  readonly expectedCode: string | undefined;
}

function stwExamples(markdown: string): Example[] {
  const lines = markdown.split("\n");
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```stw(?:\s+(.*))?$/.exec(lines[i]!);
    if (open === null) continue;
    const info = (open[1] ?? "").trim().split(/\s+/).filter((w) => w !== "");
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j] !== "```") body.push(lines[j++]!);
    out.push({ line: i + 1, text: `${body.join("\n")}\n`, isError: info[0] === "error", expectedCode: info[0] === "error" ? info[1] : undefined });
    i = j;
  }
  return out;
}

/** The text of one numbered section (`2.4`, `16`), up to the next heading of the same or a higher level. */
function section(id: string): string {
  const lines = doc.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^#{2,3} §${id.replace(".", "\\.")} `).test(l));
  if (start === -1) throw new Error(`no section §${id} in docs/language.md`);
  const level = lines[start]!.indexOf(" ");
  let end = start + 1;
  while (end < lines.length && !(/^#{2,3} /.test(lines[end]!) && lines[end]!.indexOf(" ") <= level)) end++;
  return lines.slice(start + 1, end).join("\n");
}

/** Every `code span` in some markdown, fenced blocks left out. */
function codeSpans(markdown: string): string[] {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");
  return [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

/** The code spans in the first column of a section's tables. */
function firstColumn(markdown: string): string[] {
  return markdown
    .split("\n")
    .map((l) => /^\| `([^`]+)` \|/.exec(l)?.[1])
    .filter((c): c is string => c !== undefined);
}

/** Diagnostics for one example file, with imports answered from memory (there are none to read). */
function diagnosticsOf(text: string): readonly Diagnostic[] {
  const file = "guidelines/docs-example/example.stw";
  const program = loadProgram([file], { read: (path) => (path === file ? text : undefined) });
  return check(program);
}

function mentioned(word: string): boolean {
  return doc.includes(`\`${word}\``);
}

const examples = stwExamples(doc);
const plain = examples.filter((e) => !e.isError);
const errors = examples.filter((e) => e.isError);

describe("docs/language.md examples", () => {
  test("the reference has examples, some of them showing mistakes", () => {
    expect(plain.length).toBeGreaterThan(40);
    expect(errors.length).toBeGreaterThan(5);
  });

  test.each(plain.map((e) => [e.line, e] as const))("the example at line %i parses without syntax errors", (_line, example) => {
    const syntax = parse(example.text, "docs.stw").diagnostics.filter((d) => d.severity === "error" && d.code.startsWith("parse/"));
    expect(syntax.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`)).toEqual([]);
  });

  test.each(plain.map((e) => [e.line, e] as const))("the example at line %i is already in the canonical layout", (_line, example) => {
    expect(format(parse(example.text, "docs.stw").ast)).toBe(example.text);
  });

  test.each(errors.map((e) => [e.line, e] as const))("the mistake shown at line %i is reported", (_line, example) => {
    const codes = diagnosticsOf(example.text).map((d) => d.code);
    expect(codes.length).toBeGreaterThan(0);
    if (example.expectedCode !== undefined) expect(codes).toContain(example.expectedCode);
  });

  test("every code named on a `stw error` fence is a real diagnostic code", () => {
    const named = errors.flatMap((e) => (e.expectedCode === undefined ? [] : [e.expectedCode]));
    expect(named.filter((c) => !(diagnosticCodes as readonly string[]).includes(c))).toEqual([]);
  });
});

describe("docs/language.md keeps up with the implementation", () => {
  test("every diagnostic code is documented", () => {
    expect(diagnosticCodes.filter((c) => !mentioned(c))).toEqual([]);
  });

  test("the diagnostics tables of §22 list exactly the diagnostic codes there are", () => {
    expect(firstColumn(section("22")).sort()).toEqual([...diagnosticCodes].sort());
  });

  test("every unit symbol and alias is documented", () => {
    const spellings = units.flatMap((u) => [u.symbol, ...u.aliases]);
    expect(spellings.filter((s) => !mentioned(s))).toEqual([]);
  });

  test("the units table of §16 lists exactly the units there are, with their aliases and UCUM codes", () => {
    const rows = section("16")
      .split("\n")
      .filter((l) => /^\| `/.test(l))
      .map((l) => {
        const cells = l.split(" | ");
        return { symbol: /`([^`]+)`/.exec(cells[0]!)?.[1], aliases: [...cells[2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]), ucum: /`([^`]+)`/.exec(cells[3]!)?.[1] };
      });
    expect(rows).toEqual(units.map((u) => ({ symbol: u.symbol, aliases: [...u.aliases], ucum: u.ucum })));
  });

  test("every reserved word is documented", () => {
    expect(keywords.filter((k) => !mentioned(k))).toEqual([]);
  });

  test("the reserved-word list of §2.4 is exactly the lexer's keywords", () => {
    expect(codeSpans(section("2.4")).sort()).toEqual([...keywords].sort());
  });

  test("every word of every word list is documented", () => {
    const missing: string[] = [];
    for (const [list, rows] of Object.entries(vocabulary)) {
      if (!Array.isArray(rows)) continue;
      for (const row of rows as readonly ({ word: string } | { words: string })[]) {
        const word = "word" in row ? row.word : row.words;
        if (!mentioned(word)) missing.push(`${list}: ${word}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("every patient fact, course field and culture field is documented", () => {
    const names = [
      ...patientBuiltins.map((b) => b.name),
      ...courseFields.map((f) => `course ${f.name}`),
      ...cultureFields.map((f) => `culture ${f.name}`),
    ];
    expect(names.filter((n) => !mentioned(n))).toEqual([]);
  });

  test("the patient facts table of §15.11 lists exactly the patient facts there are", () => {
    expect(firstColumn(section("15.11"))).toEqual(patientBuiltins.map((b) => b.name));
  });
});
