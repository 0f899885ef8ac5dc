import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { positionOf, type TestClient } from "./lsp-client.js";
import { formulary, guidelineFile, ng109, openedOnDisk, table1Tests } from "./fixtures.js";

let client: TestClient;
beforeAll(async () => {
  client = await openedOnDisk(ng109);
});
afterAll(() => client.close());

/** The markdown shown when hovering at `needle` (plus `shift` characters) in NG109. */
async function hoverText(needle: string, shift = 1, document = ng109): Promise<string> {
  const result = await client.hover(document.uri, positionOf(document.text, needle, shift));
  const contents = result?.contents;
  return typeof contents === "object" && contents !== null && "value" in contents ? contents.value : "";
}

describe("hover", () => {
  test("a drug shows its formulary facts as compiled: AWaRe category, routes, classes, dm+d codes and citations", async () => {
    const text = await hoverText("first choice nitrofurantoin", "first choice ".length + 2);
    expect(text).toContain("**Nitrofurantoin** · drug `nitrofurantoin` — from `formulary.stw`");
    expect(text).toContain("UK-AWaRe: Access: narrow spectrum");
    expect(text).toContain("routes: oral (by mouth)");
    expect(text).toContain("NHS dictionary of medicines and devices (dm+d) `39108511000001108` Nitrofurantoin 100mg modified-release capsules");
    expect(text).toContain("- cites OpenSAFELY");
  });

  test("a drug code that is not confirmed is marked unverified in the hover", async () => {
    const text = await hoverText("first choice trimethoprim", "first choice ".length + 2);
    expect(text).toContain("SNOMED CT `387179001` Trimethoprim (substance) — **unverified**: seen in one FHIR example only");
  });

  test("a drug's hover says which classes it belongs to, by their titles", async () => {
    const text = await hoverText("second choice amoxicillin", "second choice ".length + 2);
    expect(text).toContain("classes: ");
    expect(text).toContain("Penicillins");
  });

  test("a code list shows its codes with their displays, marking the unverified one", async () => {
    const text = await hoverText("diagnosis in lower-uti", "diagnosis in ".length + 2);
    expect(text).toContain("**Lower urinary tract infection** · code list `lower-uti`");
    expect(text).toContain("SNOMED CT `38822007` Cystitis");
    expect(text).toContain("`1090711000000102` Acute lower urinary tract infection — **unverified**: the code is confirmed");
  });

  test("a source shows the document it cites", async () => {
    const text = await hoverText("cite ng109", "cite ".length + 1);
    expect(text).toContain("**NICE NG109: Urinary tract infection (lower): antimicrobial prescribing** · source `ng109`");
    expect(text).toContain("https://www.nice.org.uk/guidance/ng109/chapter/Recommendations");
  });

  test("a define shows its condition", async () => {
    const text = await hoverText("and pregnant-aged-12-and-over", "and ".length + 3);
    expect(text).toContain("define pregnant-aged-12-and-over = pregnant and age >= 12 years");
  });

  test("a code shows its display and the list it belongs to", async () => {
    expect(await hoverText("snomed 38822007", "snomed ".length + 2)).toBe("- SNOMED CT `38822007` Cystitis (`lower-uti`)");
  });

  test("a unit, a word of the language and a patient fact show what they mean", async () => {
    expect(await hoverText("age >= 16 years", "age >= 16 ".length + 2)).toContain("`years`: unit of");
    expect(await hoverText("strategy back-up", "strategy ".length + 1)).toBe("`back-up`: back-up (delayed) antibiotic prescription (strategies)");
    expect(await hoverText("age >= 16 years", 1)).toContain("`age`: age, from the birth date");
  });

  test("a course field says what it reads", async () => {
    const ssf = guidelineFile("start-smart-then-focus/start-smart-then-focus.stw");
    await client.open(ssf.uri, ssf.text);
    expect(await hoverText("when (course route is iv", "when (course ".length + 1, ssf)).toBe("`course route`: the route it is given by");
  });

  test("in a scenario, a rule named on an `expect` line shows the rule's condition", async () => {
    await client.open(table1Tests.uri, table1Tests.text);
    const text = await hoverText("fires non-pregnant-women", "fires ".length + 2, table1Tests);
    expect(text).toContain("rule `non-pregnant-women` — from `ng109.stw`");
    expect(text).toContain("when uti-diagnosis and sex is female");
  });

  test("a contraindication shows what it is for, the alert an order raises, what happens when it is unknown, its sources and its condition", async () => {
    await client.open(formulary.uri, formulary.text);
    const text = await hoverText("contraindication nitrofurantoin-egfr-below-45", "contraindication ".length + 2, formulary);
    expect(text).toContain("contraindication `nitrofurantoin-egfr-below-45`");
    expect(text).toContain("- for the drug `nitrofurantoin`");
    expect(text).toContain("- an order raises a high alert: Nitrofurantoin with an eGFR below 45 mL/min/1.73m2");
    expect(text).toContain("- when unknown: withhold (NICE recommends nitrofurantoin only if eGFR is 45 mL/min/1.73m2 or more)");
    expect(text).toContain("- cites NICE NG109");
    expect(text).toContain("when egfr < 45 mL/min/1.73m2");
  });

  test("a resistance row says how long a result counts, the alert a draft order raises and its condition", async () => {
    const text = await hoverText("resistance resistant-urine-culture", "resistance ".length + 2);
    expect(text).toContain("resistance `resistant-urine-culture`");
    expect(text).toContain("- a result counts without a time limit: NICE NG109 gives no time limit for previous urine culture results");
    expect(text).toContain("- a draft order raises a high alert: The {culture specimen} culture");
    expect(text).toContain("when uti-diagnosis and culture specimen is urine");
  });

  test("a score shows how it is counted, and a choices block lists its choices with the drugs given with them", async () => {
    const extra = [
      "score improving-score \"Improvement score\" {",
      '  cite ng109 "an example score"',
      "  criterion symptoms-improving",
      "}",
      "choices uti-choices {",
      "  first choice nitrofurantoin 100 mg modified-release oral twice daily for 3 days {",
      "    with trimethoprim 200 mg oral twice daily for 3 days if \"an example add-on\"",
      "  }",
      "}",
      "rule scored {",
      '  cite ng109 "an example rule"',
      "  when diagnosis in lower-uti and improving-score >= 1",
      "  offer uti-choices",
      "}",
    ].join("\n");
    const document = { uri: ng109.uri, text: `${ng109.text}\n${extra}\n` };
    await client.change(document.uri, document.text);
    try {
      const score = await hoverText("improving-score >= 1", 2, document);
      expect(score).toContain("**Improvement score** · score `improving-score`");
      expect(score).toContain("- computed: one point for each criterion met, 0 to 1");
      expect(score).toContain("- criterion `symptoms-improving`");
      expect(score).toContain("- cites NICE NG109");
      const choices = await hoverText("offer uti-choices", "offer ".length + 2, document);
      expect(choices).toContain("choices `uti-choices`");
      expect(choices).toContain("- first choice Nitrofurantoin with Trimethoprim if an example add-on");
    } finally {
      await client.change(ng109.uri, ng109.text);
    }
  });

  test("a keyword or a string says nothing", async () => {
    expect(await client.hover(ng109.uri, positionOf(ng109.text, "rule non-pregnant-women", 1))).toBeNull();
    expect(await client.hover(ng109.uri, positionOf(ng109.text, '"Cystitis"', 2))).toBeNull();
  });
});
