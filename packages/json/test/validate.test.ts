import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DecisionSchema, PatientContextSchema, type Diagnostic } from "@steward/core";
import { isLeft, isRight, type Either } from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, test } from "vitest";
import * as z from "zod";
import { evaluateJson, parseJson, validateContext, validateDecision } from "../src/index.js";
import { examplePatients, ng109, NOW, repoRoot } from "./example-patients.js";
import { contextSchemaAccepts, decisionSchemaAccepts } from "./published-schemas.js";

/** A context every schema accepts, for tests to spoil one field at a time. */
const good = {
  setting: "primary-care",
  patient: { age: 30, sex: "female", pregnancy: { status: "not-pregnant" } },
  diagnoses: [{ code: { system: "http://snomed.info/sct", code: "38822007" } }],
  observations: [{ code: { system: "http://loinc.org", code: "33914-3" }, value: 80, unit: "mL/min/{1.73_m2}", time: "2026-10-01" }],
};

function diagnostics(result: Either<readonly Diagnostic[], unknown>): readonly Diagnostic[] {
  if (isRight(result)) throw new Error("expected the input to be rejected");
  return result.left;
}

function messages(value: unknown): string[] {
  return diagnostics(validateContext(value)).map((d) => d.message);
}

describe("validateContext rejects a bad context whole, naming each bad field by JSON pointer", () => {
  test("a value of the wrong type names the pointer, the type expected and the value given", () => {
    expect(messages({ ...good, patient: { ...good.patient, age: "abc" } })).toEqual(['/patient/age: expected a number, got "abc"']);
  });

  test("a fractional age is not a whole number", () => {
    expect(messages({ ...good, patient: { age: 3.5 } })).toEqual(["/patient/age: expected a whole number, got 3.5"]);
  });

  test("a missing required field is named at the object that lacks it", () => {
    const withoutSetting: Record<string, unknown> = { ...good };
    delete withoutSetting["setting"];
    expect(messages(withoutSetting)).toEqual(["/: missing required field `setting`"]);
  });

  test("an unknown field is rejected at the top level and inside nested objects", () => {
    expect(messages({ ...good, bogus: 1 })).toEqual(["/: unknown field `bogus`"]);
    expect(messages({ ...good, patient: { ...good.patient, height: 170 } })).toEqual(["/patient: unknown field `height`"]);
    expect(messages({ ...good, diagnoses: [{ code: { system: "snomed", code: "1", version: "x" } }] })).toEqual(["/diagnoses/0/code: unknown field `version`"]);
  });

  test("a word outside an enumeration lists the words allowed", () => {
    expect(messages({ ...good, patient: { sex: "woman" } })).toEqual(['/patient/sex: expected one of "female", "male", "other", "unknown", got "woman"']);
  });

  test("a time that is not a date says which forms a date may take", () => {
    const observations = [{ ...good.observations[0], time: "yesterday" }];
    expect(messages({ ...good, observations })).toEqual(['/observations/0/time: expected a date (YYYY-MM-DD) or a date-time with a zone (YYYY-MM-DDThh:mm:ssZ), got "yesterday"']);
  });

  test("a problem inside a list item is named by its index", () => {
    const diagnoses = [good.diagnoses[0], { code: { code: "38822007" } }];
    expect(messages({ ...good, diagnoses })).toEqual(["/diagnoses/1/code: missing required field `system`"]);
  });

  test("a number outside its range says what the bound is", () => {
    expect(messages({ ...good, patient: { age: -1 } })).toEqual(["/patient/age: -1 must be >= 0"]);
  });

  test("something that is not an object at all is rejected at the root", () => {
    expect(messages(null)).toEqual(["/: expected an object, got null"]);
    expect(messages([])).toEqual(["/: expected an object, got []"]);
  });

  test("every problem is reported in one pass, each as json/invalid-value with severity error", () => {
    const bad = {
      patient: { age: "abc", sex: "woman", extra: true },
      bogus: 1,
      diagnoses: [good.diagnoses[0], { code: { code: "38822007" } }],
      observations: [{ ...good.observations[0], time: "yesterday" }],
    };
    const found = diagnostics(validateContext(bad));
    expect(found.map((d) => d.message).sort()).toEqual(
      [
        "/: missing required field `setting`",
        "/: unknown field `bogus`",
        "/patient: unknown field `extra`",
        '/patient/age: expected a number, got "abc"',
        '/patient/sex: expected one of "female", "male", "other", "unknown", got "woman"',
        "/diagnoses/1/code: missing required field `system`",
        '/observations/0/time: expected a date (YYYY-MM-DD) or a date-time with a zone (YYYY-MM-DDThh:mm:ssZ), got "yesterday"',
      ].sort(),
    );
    expect(new Set(found.map((d) => `${d.code} ${d.severity}`))).toEqual(new Set(["json/invalid-value error"]));
    for (const d of found) expect(d.message).toMatch(/^\/[^ ]*: /);
  });

  test("a missing word from a closed list is a missing field, not a wrong word", () => {
    expect(messages({ ...good, patient: { pregnancy: {} } })).toEqual(["/patient/pregnancy: missing required field `status`"]);
  });

  test("a list of literal values lists them", () => {
    expect(messages({ ...good, patient: { pregnancy: { status: "pregnant", trimester: 4 } } })).toEqual(["/patient/pregnancy/trimester: expected one of 1, 2, 3, got 4"]);
  });

  test("a rule the schema states in words is reported once, not again by the check behind it", () => {
    expect(messages({ ...good, patient: { birthDate: "1996-13-01" } })).toEqual(["/patient/birthDate: not a real calendar date"]);
  });

  test("a good context comes back with the schema's defaults filled in, the input untouched", () => {
    const before = JSON.stringify(good);
    const result = validateContext(good);
    expect(result).toEqual({ _tag: "Right", right: { ...good, diagnoses: [{ ...good.diagnoses[0], status: "active" }] } });
    expect(JSON.stringify(good)).toBe(before);
  });
});

describe("parseJson reports broken JSON with its line and column instead of throwing", () => {
  const cases: [string, string, number, number][] = [
    ["an unexpected token", '{\n  "a": 1,\n  "b": }\n', 3, 8],
    ["a trailing comma in a list", "[1, 2,]", 1, 7],
    ["a missing comma", '{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ["text after the value", '{"a": 1} x', 1, 10],
    ["a line break inside a string", '{\n  "a": "abc\n}', 2, 12],
    ["an unterminated string", '{"a": "abc', 1, 11],
    ["a misspelt literal", '{"a": tru}', 1, 10],
    ["a number with a leading zero", '{"a": 01}', 1, 8],
    ["an input that ends early", '{\n  "a": [1, 2', 2, 13],
    ["an empty input", "", 1, 1],
    ["a single quote", "{'a': 1}", 1, 2],
  ];

  test.each(cases)("%s is json/invalid-json at the right line and column", (_, text, line, column) => {
    const [d, ...rest] = diagnostics(parseJson(text, "patient.json"));
    expect(rest).toEqual([]);
    expect({ code: d!.code, severity: d!.severity }).toEqual({ code: "json/invalid-json", severity: "error" });
    expect(d!.message).toContain(`patient.json is not valid JSON at line ${line}, column ${column}: `);
  });

  test("the message is one line and does not repeat the input", () => {
    const text = '{\n  "secret": 1,\n  "b": }';
    const [d] = diagnostics(parseJson(text));
    expect(d!.message).not.toContain("\n");
    expect(d!.message).not.toContain("secret");
    expect(d!.message).not.toMatch(/position \d+/);
  });

  test("valid JSON parses to the same value JSON.parse gives", () => {
    expect(parseJson('{"a": [1, "x", null]}')).toEqual({ _tag: "Right", right: { a: [1, "x", null] } });
  });
});

describe("the committed JSON Schemas", () => {
  const scratch = mkdtempSync(join(tmpdir(), "steward-json-schemas-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  // The same steps as packages/json/scripts/generate-schemas.ts, writing to a temp dir instead.
  function regenerate(name: string, title: string, schema: z.core.$ZodType, io: "input" | "output"): string {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io });
    const document = { $id: `https://steward.dev/schemas/${name}`, title, ...json };
    const file = join(scratch, name);
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    return readFileSync(file, "utf8");
  }

  test.each([
    ["patient-context.schema.json", "Steward patient context", PatientContextSchema, "input"],
    ["decision.schema.json", "Steward decision", DecisionSchema, "output"],
  ] as const)("%s is what the generator writes from core's zod schemas today", (name, title, schema, io) => {
    const fresh = regenerate(name, title, schema, io);
    const committed = readFileSync(join(repoRoot, "packages/json/schemas", name), "utf8");
    expect(JSON.parse(committed)).toEqual(JSON.parse(fresh));
    expect(committed).toBe(fresh);
  });
});

describe("the published JSON Schema (checked with ajv) and validateContext agree on what is a valid context", () => {
  test.each(examplePatients.map((p) => [p.name, p.text] as const))("both accept the example patient %s", (_, text) => {
    const value = JSON.parse(text) as unknown;
    expect(validateContext(value)._tag).toBe("Right");
    expect(contextSchemaAccepts(value)).toBe(true);
  });

  const order = { id: "rx-1", status: "active", drug: { id: "trimethoprim" }, route: "oral" };
  const badContexts: [string, unknown][] = [
    ["not an object", "patient"],
    ["an empty object", {}],
    ["no patient", { setting: "primary-care" }],
    ["an unknown setting", { ...good, setting: "moon-base" }],
    ["an age as text", { ...good, patient: { age: "30" } }],
    ["a negative age", { ...good, patient: { age: -1 } }],
    ["an age over 130", { ...good, patient: { age: 131 } }],
    ["an unknown sex", { ...good, patient: { sex: "f" } }],
    ["an unknown patient field", { ...good, patient: { name: "Alice" } }],
    ["an unknown top-level field", { ...good, nhsNumber: "123" }],
    ["pregnancy without a status", { ...good, patient: { pregnancy: { atTerm: true } } }],
    ["a trimester of 4", { ...good, patient: { pregnancy: { status: "pregnant", trimester: 4 } } }],
    ["a weight with no unit", { ...good, patient: { weight: { value: 60 } } }],
    ["an empty code system", { ...good, diagnoses: [{ code: { system: "", code: "1" } }] }],
    ["a diagnosis with an unknown status", { ...good, diagnoses: [{ code: { system: "snomed", code: "1" }, status: "suspected" }] }],
    ["diagnoses that are not a list", { ...good, diagnoses: { code: { system: "snomed", code: "1" } } }],
    ["an observation value as text", { ...good, observations: [{ ...good.observations[0], value: "80" }] }],
    ["an observation time that is not a date", { ...good, observations: [{ ...good.observations[0], time: "yesterday" }] }],
    ["an observation time with no zone", { ...good, observations: [{ ...good.observations[0], time: "2026-10-01T09:00:00" }] }],
    ["an observation with no time", { ...good, observations: [{ code: good.observations[0]!.code, value: 80, unit: "x" }] }],
    ["an allergy with an unknown category", { ...good, allergies: [{ class: "penicillins", category: "drug" }] }],
    ["an order with an unknown route", { ...good, orders: [{ ...order, route: "by mouth" }] }],
    ["an order with an empty id", { ...good, orders: [{ ...order, id: "" }] }],
    ["an order with a drug given as text", { ...good, orders: [{ ...order, drug: "trimethoprim" }] }],
    ["a culture with an unknown specimen", { ...good, microbiology: [{ id: "c", specimen: "saliva", status: "final" }] }],
    ["a susceptibility with an unknown result", { ...good, microbiology: [{ id: "c", specimen: "urine", status: "final", susceptibilities: [{ drug: { id: "trimethoprim" }, result: "R" }] }] }],
    ["an acknowledged alert with no time", { ...good, acknowledgedAlerts: [{ key: "k" }] }],
  ];

  test.each(badContexts)("both reject %s", (_, value) => {
    expect(validateContext(value)._tag).toBe("Left");
    expect(contextSchemaAccepts(value)).toBe(false);
  });
});

describe("every Decision for the example patients matches the published Decision schema", () => {
  const evaluator = ng109();

  test.each(examplePatients.map((p) => [p.name, p.text] as const))("the decision for %s validates against the published schema and with validateDecision", (_, text) => {
    const result = evaluateJson(evaluator, text, { now: NOW });
    if (isLeft(result)) throw new Error(result.left.map((d) => d.message).join("\n"));
    const decision = JSON.parse(JSON.stringify(result.right)) as unknown;
    expect(validateDecision(decision)).toEqual({ _tag: "Right", right: decision });
    expect(decisionSchemaAccepts(decision)).toBe(true);
  });

  test("a decision with a field missing and a field added is rejected by validateDecision", () => {
    const result = evaluateJson(evaluator, examplePatients[0]!.text, { now: NOW });
    if (isLeft(result)) throw new Error("example patient 01 does not evaluate");
    const spoilt: Record<string, unknown> = { ...result.right, score: 1 };
    delete spoilt["evaluatedAt"];
    expect(diagnostics(validateDecision(spoilt)).map((d) => d.message)).toEqual(["/: missing required field `evaluatedAt`", "/: unknown field `score`"]);
    expect(decisionSchemaAccepts(spoilt)).toBe(false);
  });

  test("an action of an unknown kind names the kinds allowed", () => {
    const result = evaluateJson(evaluator, examplePatients[0]!.text, { now: NOW });
    if (isLeft(result)) throw new Error("example patient 01 does not evaluate");
    const spoilt = { ...result.right, actions: [{ kind: "phone" }] };
    expect(diagnostics(validateDecision(spoilt)).map((d) => d.message)).toEqual(['/actions/0/kind: expected one of "review", "refer", "request", "switch-to-oral", "de-escalate", got "phone"']);
  });
});
