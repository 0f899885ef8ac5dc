import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TestClient } from "./lsp-client.js";
import { ng109, openedOnDisk } from "./fixtures.js";

let client: TestClient;
beforeAll(async () => {
  client = await openedOnDisk();
});
afterAll(() => client.close());

/** Applies the edits of a code action to `text`. */
function applyEdits(text: string, edits: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split("\n");
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe("quick fixes for the checker's did-you-mean hints", () => {
  test("a misspelt drug gets a preferred fix that writes the suggested name, after which the file is clean", async () => {
    const text = ng109.text.replace("first choice trimethoprim 200 mg oral twice daily for 3 days {", "first choice trimethoprin 200 mg oral twice daily for 3 days {");
    const diagnostics = await client.open(ng109.uri, text);
    const actions = await client.codeActions(ng109.uri, diagnostics);
    expect(actions.map((a) => [a.title, a.kind, a.isPreferred])).toEqual([["Change to `trimethoprim`", "quickfix", true]]);
    const fixed = applyEdits(text, actions[0]!.edit!.changes![ng109.uri]!);
    expect(fixed).toBe(ng109.text);
    expect(await client.change(ng109.uri, fixed)).toEqual([]);
  });

  test("a misspelt unit gets the unit the parser suggests", async () => {
    const text = ng109.text.replace("trimethoprim 200 mg oral twice daily for 3 days {", "trimethoprim 200 mgs oral twice daily for 3 days {");
    const diagnostics = await client.change(ng109.uri, text);
    expect(diagnostics.map((d) => d.code)).toContain("parse/unknown-unit");
    const actions = await client.codeActions(ng109.uri, diagnostics.filter((d) => d.code === "parse/unknown-unit"));
    expect(actions.map((a) => a.title)).toEqual(["Change to `mg`"]);
  });

  test("a diagnostic without a suggestion offers no fix", async () => {
    const diagnostics = await client.change(ng109.uri, ng109.text.replace("version 1.1.0", "version one"));
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(await client.codeActions(ng109.uri, diagnostics.filter((d) => d.data === undefined))).toEqual([]);
  });
});
