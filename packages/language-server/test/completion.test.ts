import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { keywords } from "@steward/dsl";
import type { TestClient } from "./lsp-client.js";
import { ng109, openedOnDisk, table1Tests } from "./fixtures.js";

let client: TestClient;
beforeAll(async () => {
  client = await openedOnDisk(ng109, table1Tests);
});
afterAll(() => client.close());

/** The labels offered at the end of NG109 followed by `typed`. */
async function labelsAfter(typed: string, document = ng109): Promise<string[]> {
  const text = `${document.text}${typed}`;
  await client.change(document.uri, text);
  const lines = text.split("\n");
  const items = await client.completion(document.uri, { line: lines.length - 1, character: lines[lines.length - 1]!.length });
  return items.map((i) => i.label);
}

describe("completion", () => {
  test("between declarations, the keywords that start one", async () => {
    const labels = await labelsAfter("\n");
    expect(labels).toEqual(expect.arrayContaining(["rule", "drug", "codes", "define", "import"]));
    expect(labels.every((l) => keywords.includes(l))).toBe(true);
  });

  test("after `first choice`, the drugs in scope (imported from the formulary) and nothing else", async () => {
    const labels = await labelsAfter("\nrule r {\n  first choice ");
    expect(labels).toEqual(expect.arrayContaining(["nitrofurantoin", "trimethoprim", "pivmecillinam", "amoxicillin"]));
    expect(labels).not.toContain("lower-uti");
    expect(labels).not.toContain("ng109");
  });

  test("after `cite`, the sources", async () => {
    const labels = await labelsAfter("\nrule r {\n  cite ");
    expect(labels).toContain("ng109");
    expect(labels).not.toContain("nitrofurantoin");
  });

  test("in a condition, the defines, observations, findings and patient facts", async () => {
    const labels = await labelsAfter("\nrule r {\n  when ");
    expect(labels).toEqual(expect.arrayContaining(["uti-diagnosis", "egfr", "symptoms-improving", "age", "pregnant", "not", "allergic"]));
  });

  test("after `in`, code lists and drug classes", async () => {
    const labels = await labelsAfter("\nrule r {\n  when diagnosis in ");
    expect(labels).toEqual(expect.arrayContaining(["lower-uti", "penicillins"]));
  });

  test("after a number, the units (and what may follow a finished condition)", async () => {
    const labels = await labelsAfter("\nrule r {\n  when age >= 3 ");
    expect(labels).toEqual(expect.arrayContaining(["years", "months", "mL/min/1.73m2", "and", "or"]));
  });

  test("after a referral's target, the urgencies; after `for` in a contraindication, the drugs and classes", async () => {
    expect(await labelsAfter("\nrule r {\n  refer ams-team ")).toEqual(expect.arrayContaining(["immediate", "urgent", "routine"]));
    const targets = await labelsAfter("\ncontraindication c for ");
    expect(targets).toEqual(expect.arrayContaining(["nitrofurantoin", "penicillins"]));
    expect(await labelsAfter("\ncontraindication ")).toEqual([]);
  });

  test("after `strategy`, the prescribing strategies from core's word list", async () => {
    expect(await labelsAfter("\nrule r {\n  strategy ")).toEqual(["immediate", "back-up", "no-antibiotic"]);
  });

  test("after `offer`, the choices blocks; after `with`, the drugs; after `advice`, the advice kinds; in a condition, the scores", async () => {
    const declared = '\nscore improving-score "Improvement score" {\n  criterion symptoms-improving\n}\nchoices uti-choices {\n  first choice nitrofurantoin 100 mg modified-release oral twice daily for 3 days\n}\n';
    expect(await labelsAfter(`${declared}rule r {\n  offer `)).toEqual(["uti-choices"]);
    const companions = await labelsAfter(`${declared}rule r {\n  first choice nitrofurantoin 100 mg modified-release oral twice daily for 3 days {\n    with `);
    expect(companions).toEqual(expect.arrayContaining(["trimethoprim", "amoxicillin"]));
    expect(companions).not.toContain("uti-choices");
    expect(await labelsAfter(`${declared}rule r {\n  advice `)).toEqual(expect.arrayContaining(["self-care", "safety-net"]));
    expect(await labelsAfter(`${declared}rule r {\n  when `)).toContain("improving-score");
  });

  test("a partly typed name is replaced by the suggestion", async () => {
    const text = `${ng109.text}\nrule r {\n  first choice nitro`;
    await client.change(ng109.uri, text);
    const line = text.split("\n").length - 1;
    const items = await client.completion(ng109.uri, { line, character: "  first choice nitro".length });
    const item = items.find((i) => i.label === "nitrofurantoin");
    expect(item?.textEdit).toEqual({ range: { start: { line, character: "  first choice ".length }, end: { line, character: "  first choice nitro".length } }, newText: "nitrofurantoin" });
  });

  test("in a scenario, after a code system, the codes of the code lists with their displays", async () => {
    const text = table1Tests.text.replace("    diagnosis lower-uti\n", "    diagnosis snomed \n");
    await client.change(table1Tests.uri, text);
    const line = text.split("\n").findIndex((l) => l === "    diagnosis snomed ");
    const items = await client.completion(table1Tests.uri, { line, character: "    diagnosis snomed ".length });
    expect(items.find((i) => i.label === "38822007")?.detail).toBe("Cystitis (lower-uti)");
    expect(items.find((i) => i.label === "1090711000000102")?.detail).toBe("Acute lower urinary tract infection (lower-uti) — unverified");
  });

  test("in a scenario line, the names the tested guideline can see", async () => {
    const text = table1Tests.text.replace("    fires non-pregnant-women\n", "    fires \n");
    await client.change(table1Tests.uri, text);
    const line = text.split("\n").findIndex((l) => l === "    fires ");
    const labels = (await client.completion(table1Tests.uri, { line, character: "    fires ".length })).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(["non-pregnant-women", "men", "nitrofurantoin"]));
  });

  test("inside a comment, nothing", async () => {
    expect(await labelsAfter("\n# first choice ")).toEqual([]);
  });
});
