import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { positionOf, type TestClient } from "./lsp-client.js";
import { formulary, guidelineFile, ng109, openedOnDisk, table1Tests } from "./fixtures.js";

let client: TestClient;
beforeAll(async () => {
  client = await openedOnDisk(ng109, table1Tests);
});
afterAll(() => client.close());

describe("go to definition", () => {
  test("a drug goes to its declaration in the imported formulary, read from disk", async () => {
    const location = await client.definition(ng109.uri, positionOf(ng109.text, "first choice trimethoprim", "first choice ".length + 1));
    expect(location).toEqual({ uri: formulary.uri, range: { start: positionOf(formulary.text, 'drug trimethoprim "', 5), end: positionOf(formulary.text, 'drug trimethoprim "', 5 + "trimethoprim".length) } });
  });

  test("a define goes to its declaration in the same file", async () => {
    const location = await client.definition(ng109.uri, positionOf(ng109.text, "when uti-diagnosis", "when ".length));
    expect(location?.uri).toBe(ng109.uri);
    expect(location?.range.start).toEqual(positionOf(ng109.text, "define uti-diagnosis", "define ".length));
  });

  test("an import path goes to the imported file", async () => {
    const location = await client.definition(ng109.uri, positionOf(ng109.text, 'import "../formulary.stw"', 10));
    expect(location).toEqual({ uri: formulary.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  });

  test("a parameter used by another guideline goes to the local parameters file", async () => {
    const ivos = guidelineFile("iv-to-oral-switch/iv-to-oral-switch.stw");
    await client.open(ivos.uri, ivos.text);
    const location = await client.definition(ivos.uri, positionOf(ivos.text, "ivos-temperature-low"));
    expect(location?.uri).toBe(guidelineFile("local/parameters.stw").uri);
  });

  test("a rule named in a scenario goes to the rule in the tested guideline", async () => {
    const location = await client.definition(table1Tests.uri, positionOf(table1Tests.text, "fires non-pregnant-women", "fires ".length));
    expect(location).toEqual({ uri: ng109.uri, range: { start: positionOf(ng109.text, "rule non-pregnant-women", 5), end: positionOf(ng109.text, "rule non-pregnant-women", 5 + "non-pregnant-women".length) } });
  });

  test("a word that names nothing, such as a field key, goes nowhere", async () => {
    expect(await client.definition(ng109.uri, positionOf(ng109.text, "  title ", 3))).toBeNull();
  });
});
