// Keeps docs/guideline-coverage.md true to the guideline files: every block its tables name (rule,
// choices, score, resistance, guideline) still exists in the section's file, every path it names
// exists, and a row it calls unverified names a block that carries an `unverified` clause.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";

const root = resolve(import.meta.dirname, "..");
const doc = readFileSync(resolve(root, "docs/guideline-coverage.md"), "utf8");

const statuses = ["encoded", "unverified", "left out", "not encoded"] as const;
type Status = (typeof statuses)[number];

interface Row {
  readonly line: number;
  readonly source: string;
  readonly status: string;
  readonly where: string;
}

interface Section {
  readonly heading: string;
  readonly file: string | undefined;
  readonly rows: readonly Row[];
}

/** The `## ` sections of the page with their `File:` line and the body rows of their table. */
function sections(markdown: string): Section[] {
  const out: { heading: string; file: string | undefined; rows: Row[] }[] = [];
  markdown.split("\n").forEach((text, index) => {
    if (text.startsWith("## ")) {
      out.push({ heading: text.slice(3), file: undefined, rows: [] });
      return;
    }
    const current = out.at(-1);
    if (current === undefined) return;
    const file = /^File: `([^`]+)`$/.exec(text);
    if (file !== null) current.file = file[1];
    if (!text.startsWith("| ") || text.startsWith("| source row ")) return;
    const cells = text.slice(2, -2).split(" | ");
    current.rows.push({ line: index + 1, source: cells[0] ?? "", status: cells[1] ?? "", where: cells[2] ?? "" });
  });
  return out;
}

/** The blocks a "where" cell names (`rule adults`, `choices low-severity`, ...) and the paths. */
function references(where: string): { blocks: { kind: string; id: string }[]; paths: string[] } {
  const blocks: { kind: string; id: string }[] = [];
  const paths: string[] = [];
  for (const [, code] of where.matchAll(/`([^`]+)`/g)) {
    const block = /^(rule|choices|score|resistance|guideline) ([a-z0-9-]+)$/.exec(code!);
    if (block !== null) blocks.push({ kind: block[1]!, id: block[2]! });
    else paths.push(code!);
  }
  return { blocks, paths };
}

/** The text of a top-level block of a rule file, from `kind id {` to its closing `}`; undefined if absent. */
function blockText(source: string, kind: string, id: string): string | undefined {
  const lines = source.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`${kind} ${id} `) && l.trimEnd().endsWith("{"));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l === "}");
  return lines.slice(start, end < 0 ? undefined : end + 1).join("\n");
}

const guidelineSections = sections(doc).filter((s) => s.file !== undefined);

describe("docs/guideline-coverage.md", () => {
  test("accounts for the eight primary-care guidelines of §6.2–6.9, each with a table", () => {
    expect(guidelineSections.map((s) => s.heading.split(" ")[0])).toEqual(["NG111", "NG84", "NG91", "NG79", "NG120", "NG138", "NG141", "NG114"]);
    for (const s of guidelineSections) expect(s.rows.length, s.heading).toBeGreaterThan(0);
  });

  describe.each(guidelineSections.map((s) => [s.heading, s] as const))("%s", (_heading, section) => {
    const file = resolve(root, section.file!);

    test("names a guideline file that exists", () => {
      expect(existsSync(file), section.file).toBe(true);
    });

    test.each(section.rows.map((r) => [`line ${r.line}: ${r.source}`, r] as const))("%s", (_name, row) => {
      const rules = readFileSync(file, "utf8");
      expect(statuses, `line ${row.line}: status`).toContain(row.status as Status);
      const { blocks, paths } = references(row.where);
      if (row.status === "encoded" || row.status === "unverified") {
        expect(blocks.length, `line ${row.line}: an encoded row names where it is`).toBeGreaterThan(0);
      }
      for (const { kind, id } of blocks) {
        expect(blockText(rules, kind, id), `line ${row.line}: ${kind} ${id} in ${section.file}`).toBeDefined();
      }
      for (const path of paths) {
        expect(existsSync(resolve(root, path)), `line ${row.line}: ${path}`).toBe(true);
      }
      if (row.status === "unverified") {
        const marked = blocks.some(({ kind, id }) => /\bunverified "/.test(blockText(rules, kind, id) ?? ""));
        expect(marked, `line ${row.line}: an unverified row names a block with an unverified clause`).toBe(true);
      }
    });
  });
});
