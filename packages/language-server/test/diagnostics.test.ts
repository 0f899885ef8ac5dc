import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { TestClient } from "./lsp-client.js";
import { formulary, ng109, openedOnDisk, table1Tests } from "./fixtures.js";

let client: TestClient;
beforeEach(async () => {
  client = await openedOnDisk();
});
afterEach(() => client.close());

const shape = (d: { code?: unknown; range: { start: { line: number; character: number }; end: { line: number; character: number } } }): string =>
  `${String(d.code)} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`;

describe("diagnostics as you type", () => {
  test("a bundled guideline opened from disk, with its imports read from disk, has none", async () => {
    expect(await client.open(ng109.uri, ng109.text)).toEqual([]);
  });

  test("a misspelt drug is reported with the checker's code, its exact range and the hint", async () => {
    await client.open(ng109.uri, ng109.text);
    const text = ng109.text.replace("first choice trimethoprim 200 mg oral twice daily for 3 days {", "first choice trimethoprin 200 mg oral twice daily for 3 days {");
    const line = text.split("\n").findIndex((l) => l.includes("trimethoprin"));
    const column = text.split("\n")[line]!.indexOf("trimethoprin");
    const diagnostics = await client.change(ng109.uri, text);
    expect(diagnostics.map(shape)).toEqual([`check/drug-not-in-formulary ${line + 1}:${column + 1}-${line + 1}:${column + 1 + "trimethoprin".length}`]);
    expect(diagnostics[0]).toMatchObject({ severity: 1, source: "steward", data: { suggestion: "trimethoprim" } });
    expect(diagnostics[0]!.message).toContain("did you mean `trimethoprim`?");
  });

  test("a syntax error is reported where the text stops making sense, and fixing it clears it", async () => {
    await client.open(ng109.uri, ng109.text);
    const broken = `${ng109.text}\nrule unfinished {\n  when age >= \n}\n`;
    const diagnostics = await client.change(ng109.uri, broken);
    expect(diagnostics.map((d) => d.code)).toEqual(["parse/missing-token"]);
    expect(diagnostics.every((d) => d.range.start.line >= ng109.text.split("\n").length)).toBe(true);
    expect(await client.change(ng109.uri, ng109.text)).toEqual([]);
  });

  test("editing an open file that another open file imports re-checks the importer", async () => {
    await client.open(ng109.uri, ng109.text);
    await client.open(formulary.uri, formulary.text);
    const importer = client.nextDiagnostics(ng109.uri);
    await client.change(formulary.uri, formulary.text.replace('drug pivmecillinam "', 'drug pivmecillinam-renamed "'));
    const diagnostics = await importer;
    expect(diagnostics.map((d) => d.code)).toEqual(["check/drug-not-in-formulary"]);
    expect(diagnostics[0]!.message).toContain("`pivmecillinam`");
  });

  test("a scenario file is checked against the guideline it tests: a misspelt rule is reported at its line", async () => {
    const text = table1Tests.text.replace("fires non-pregnant-women", "fires non-pregnant-woman");
    const line = text.split("\n").findIndex((l) => l.includes("non-pregnant-woman") && !l.includes("non-pregnant-women"));
    const diagnostics = await client.open(table1Tests.uri, text);
    expect(diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([["check/unresolved-name", line]]);
    expect(diagnostics[0]!.data).toEqual({ suggestion: "non-pregnant-women" });
  });
});
