import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { format, parse } from "@steward/dsl";
import type { TestClient } from "./lsp-client.js";
import { ng109, openedOnDisk } from "./fixtures.js";

let client: TestClient;
beforeAll(async () => {
  client = await openedOnDisk();
});
afterAll(() => client.close());

describe("formatting", () => {
  test("a file laid out by hand is rewritten in the formatter's canonical layout, comments kept", async () => {
    const messy = "# the header\nguideline   g-one {   title \"G\"\n version 1.0.0 }\n\n\n\ndefine   adult=age>=16 years   # adults\n";
    await client.open("file:///tmp/messy.stw", messy);
    const edits = await client.format("file:///tmp/messy.stw");
    expect(edits).toHaveLength(1);
    expect(edits![0]!.newText).toBe(format(parse(messy).ast));
    expect(edits![0]!.newText).toContain("define adult = age >= 16 years  # adults");
    expect(edits![0]!.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 7, character: 0 } });
  });

  test("a formatted file needs no edit", async () => {
    await client.open(ng109.uri, ng109.text);
    expect(await client.format(ng109.uri)).toEqual([]);
  });

  test("a file with a syntax error is never formatted, and the editor is told why", async () => {
    await client.open("file:///tmp/broken.stw", 'rule r {\n  when age >=\n  advice "x"\n');
    expect(await client.format("file:///tmp/broken.stw")).toBeNull();
    expect(client.messages).toContain("Steward: not formatted, the file has syntax errors");
  });
});
