import type { Decision, Diagnostic } from "@steward/core";
import { isLeft, isRight, type Either } from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { evaluateJson } from "../src/index.js";
import { examplePatients, ng109, NOW } from "./example-patients.js";
import { contextSchemaAccepts } from "./published-schemas.js";

const evaluator = ng109();

/** A context that evaluates: a 30-year-old woman with cystitis. */
const base = {
  setting: "primary-care",
  patient: { age: 30, sex: "female", pregnancy: { status: "not-pregnant" } },
  diagnoses: [{ code: { system: "http://snomed.info/sct", code: "38822007" } }],
};

function rejected(result: Either<readonly Diagnostic[], Decision>): readonly Diagnostic[] {
  if (isRight(result)) throw new Error("expected the context to be rejected");
  return result.left;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe("evaluateJson", () => {
  test.each(examplePatients.map((p) => [p.name, p.text] as const))("%s gives the same decision from its JSON text as from the parsed object", (_, text) => {
    const fromText = evaluateJson(evaluator, text, { now: NOW });
    const fromObject = evaluateJson(evaluator, JSON.parse(text) as unknown, { now: NOW });
    expect(fromText._tag).toBe("Right");
    expect(fromObject).toEqual(fromText);
    expect(JSON.stringify(fromObject)).toBe(JSON.stringify(fromText));
  });

  test("the patient context object is read, never changed", () => {
    const context = deepFreeze(JSON.parse(examplePatients[0]!.text) as unknown);
    const before = JSON.stringify(context);
    expect(evaluateJson(evaluator, context, { now: NOW })._tag).toBe("Right");
    expect(JSON.stringify(context)).toBe(before);
  });

  test("broken JSON text is rejected as json/invalid-json naming the patient context, line and column", () => {
    const [d, ...rest] = rejected(evaluateJson(evaluator, '{\n  "setting": "primary-care",\n}', { now: NOW }));
    expect(rest).toEqual([]);
    expect(d!.code).toBe("json/invalid-json");
    expect(d!.message).toMatch(/^the patient context is not valid JSON at line 3, column 1: /);
  });

  test("a context the schema rejects is rejected whole by the one validation evaluate does: each problem is eval/invalid-context", () => {
    const found = rejected(evaluateJson(evaluator, { ...base, patient: { age: "abc" }, extra: 1 }, { now: NOW }));
    expect(found.map((d) => [d.code, d.message])).toEqual([
      ["eval/invalid-context", '/patient/age: expected a number, got "abc"'],
      ["eval/invalid-context", "/: unknown field `extra`"],
    ]);
  });

  describe("a context that passes the published JSON Schema but breaks a rule the schema cannot express is still rejected with a pointer", () => {
    const cases: [string, unknown, string][] = [
      ["a drug reference with neither id nor code", { ...base, orders: [{ id: "rx-1", status: "active", drug: { display: "Trimethoprim" }, route: "oral" }] }, "/orders/0/drug: "],
      ["an allergy with no drug, class or code", { ...base, allergies: [{ reaction: "rash" }] }, "/allergies/0: "],
      ["a finding with no finding id or code", { ...base, findings: [{ present: true }] }, "/findings/0: "],
      ["a month that does not exist", { ...base, patient: { ...base.patient, birthDate: "1996-13-01" } }, "/patient/birthDate: "],
    ];

    test.each(cases)("%s", (_, context, pointer) => {
      expect(contextSchemaAccepts(context)).toBe(true);
      const found = rejected(evaluateJson(evaluator, context, { now: NOW }));
      expect(found.length).toBeGreaterThan(0);
      for (const d of found) {
        expect(d.severity).toBe("error");
        expect(d.message.startsWith(pointer)).toBe(true);
      }
    });
  });

  test("a drug id the formulary does not know is rejected at its pointer rather than ignored", () => {
    const context = { ...base, allergies: [{ drug: "nitrofurantoine" }] };
    const [d, ...rest] = rejected(evaluateJson(evaluator, context, { now: NOW }));
    expect(rest).toEqual([]);
    expect(d!.code).toBe("eval/unknown-reference");
    expect(d!.message).toMatch(/^\/allergies\/0\/drug: `nitrofurantoine` /);
  });

  test("a 20 KB patient file with a list nested 10,000 deep at a typed field is rejected at the depth limit, not thrown", () => {
    const text = JSON.stringify({ ...base, diagnoses: "DEEP" }).replace('"DEEP"', `${"[".repeat(10_000)}1${"]".repeat(10_000)}`);
    expect(text.length).toBeGreaterThan(20_000);
    const [d, ...rest] = rejected(evaluateJson(evaluator, text, { now: NOW }));
    expect(rest).toEqual([]);
    expect([d!.code, d!.message]).toEqual(["eval/limit-exceeded", `/diagnoses${"/0".repeat(31)}: nested more than 32 levels deep`]);
  });

  test("text longer than the size limit is refused before it is parsed", () => {
    const text = JSON.stringify(base);
    const [d] = rejected(evaluateJson(evaluator, text, { now: NOW, limits: { maxSize: 100 } }));
    expect([d!.code, d!.message]).toEqual(["eval/limit-exceeded", `/: the patient context is ${text.length} characters, more than the limit of 100`]);
    expect(evaluateJson(evaluator, text, { now: NOW, limits: { maxSize: text.length } })._tag).toBe("Right");
  });

  test.each([
    ["a BigInt", { ...base, patient: { ...base.patient, age: 30n } }, "/patient/age: a BigInt is not a JSON value"],
    ["a function", { ...base, patient: { ...base.patient, sex: () => "female" } }, "/patient/sex: a function is not a JSON value"],
    ["a symbol", { ...base, setting: Symbol("primary-care") }, "/setting: a symbol is not a JSON value"],
  ])("%s passed by a host as the context is reported by pointer", (_, context, message) => {
    expect(rejected(evaluateJson(evaluator, context, { now: NOW })).map((d) => [d.code, d.message])).toEqual([["eval/invalid-context", message]]);
  });

  test("a cyclic context passed by a host is reported by pointer", () => {
    const context: Record<string, unknown> = { ...base, findings: [] };
    (context["findings"] as unknown[]).push(context);
    // Units are normalised on a copy of the top level first, so the cycle is met one turn later: the same list.
    expect(rejected(evaluateJson(evaluator, context, { now: NOW })).map((d) => d.message)).toEqual(["/findings/0/findings: the value contains itself (it is the value at `/findings`), which JSON cannot hold"]);
  });

  test("a `now` without a zone is rejected, not guessed", () => {
    const [d] = rejected(evaluateJson(evaluator, base, { now: "2026-11-25T09:00:00" }));
    expect(d!.code).toBe("eval/invalid-time");
  });

  test("any string at all comes back as a decision or diagnostics, never a thrown error", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = evaluateJson(evaluator, text, { now: NOW });
        expect(isLeft(result) || isRight(result)).toBe(true);
        if (isLeft(result)) expect(result.left.length).toBeGreaterThan(0);
      }),
    );
  });

  test("any JSON text comes back as a decision or diagnostics, never a thrown error", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const result = evaluateJson(evaluator, text, { now: NOW });
        expect(isLeft(result) || isRight(result)).toBe(true);
        if (isLeft(result)) for (const d of result.left) expect(d.code).toMatch(/^(json|eval)\//);
      }),
    );
  });

  test("an example patient with any one field replaced by any JSON value never throws, and a rejection names a field", () => {
    const contexts = examplePatients.map((p) => JSON.parse(p.text) as Record<string, unknown>);
    fc.assert(
      fc.property(fc.constantFrom(...contexts), fc.jsonValue(), fc.nat(), (context, replacement, pick) => {
        const mutated = structuredClone(context);
        const paths: (string | number)[][] = [];
        const walk = (value: unknown, path: (string | number)[]): void => {
          paths.push(path);
          if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
          else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
        };
        walk(mutated, []);
        const path = paths[1 + (pick % (paths.length - 1))]!;
        const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], mutated) as Record<string | number, unknown>;
        parent[path[path.length - 1]!] = replacement;
        const result = evaluateJson(evaluator, JSON.stringify(mutated), { now: NOW });
        if (isLeft(result)) for (const d of result.left) expect(d.message).toMatch(/^\/[^ ]*: /);
      }),
    );
  });
});
