import { describe, expect, test } from "vitest";
import { defaultContextLimits, evaluate, explain, type Diagnostic } from "@steward/core";
import { compileRules, cystitis, decide, NOW, patient, reject, rule } from "./support/evaluation.js";

const ir = compileRules(rule("uti", "diagnosis in lower-uti", `alert high "cystitis" key uti`));
const base = patient({ patient: { age: 40, sex: "female" }, diagnoses: [cystitis], orders: [], microbiology: [] });

const shape = (ds: readonly Diagnostic[]): [string, string][] => ds.map((d) => [d.code, d.message]);

describe("values a host passes that JSON cannot hold are reported by pointer, never thrown", () => {
  const cyclic: Record<string, unknown> = { ...base, patient: { age: 40 } };
  (cyclic["patient"] as Record<string, unknown>)["self"] = cyclic;
  const cases: [string, unknown, string][] = [
    ["a BigInt age", { ...base, patient: { age: 40n } }, "/patient/age: a BigInt is not a JSON value"],
    ["a function as the setting", { ...base, setting: () => "primary-care" }, "/setting: a function is not a JSON value"],
    ["a symbol as a code", { ...base, diagnoses: [{ code: { system: "snomed", code: Symbol("38822007") } }] }, "/diagnoses/0/code/code: a symbol is not a JSON value"],
    ["an object that holds itself", cyclic, "/patient/self: the value contains itself (it is the value at `/`), which JSON cannot hold"],
    ["a Date where a date is expected", { ...base, patient: { birthDate: new Date(0) } }, "/patient/birthDate: Date is not JSON data: send it as text, a number or a plain object"],
    ["a Map where a list is expected", { ...base, orders: new Map() }, "/orders: Map is not JSON data: send it as text, a number or a plain object"],
  ];

  test.each(cases)("%s, to evaluate", (_, context, message) => {
    expect(shape(reject([ir], context))).toEqual([["eval/invalid-context", message]]);
  });

  test.each(cases)("%s, to explain", (_, context, message) => {
    const result = explain([ir], context, { now: NOW });
    expect(result._tag === "Left" && shape(result.left)).toEqual([["eval/invalid-context", message]]);
  });

  test("a proxy whose traps throw is reported where it was met", () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("no"); } });
    expect(shape(reject([ir], { ...base, patient: hostile }))).toEqual([["eval/invalid-context", "/patient: the value cannot be read: reading it threw an error"]]);
  });

  test("an object shared by two fields is not a cycle", () => {
    const coding = { system: "http://snomed.info/sct", code: "38822007" };
    expect(decide([ir], { ...base, diagnoses: [{ code: coding }, { code: coding, status: "resolved" }] }).alerts.map((a) => a.key)).toEqual(["uti"]);
  });

  test("a field left undefined by a host written in TypeScript is read as absent, as JSON would drop it", () => {
    expect(decide([ir], { ...base, patient: { age: 40, weight: undefined } }).alerts.map((a) => a.key)).toEqual(["uti"]);
  });
});

describe("limits on the patient context", () => {
  test("a list nested ten thousand deep at a typed field is rejected at the depth limit, naming where", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const [d, ...rest] = reject([ir], { ...base, diagnoses: deep });
    expect(rest).toEqual([]);
    expect(d!.code).toBe("eval/limit-exceeded");
    expect(d!.message).toBe(`/diagnoses${"/0".repeat(31)}: nested more than 32 levels deep`);
    expect(d!.hint).toContain("limits.maxDepth");
  });

  test("each list has its own limit, named in the diagnostic and raised by the host for that list only", () => {
    const orders = Array.from({ length: 101 }, (_, i) => ({ id: `o${i}`, status: "completed", drug: { id: "amoxicillin" }, route: "oral" }));
    const [d] = reject([ir], { ...base, orders });
    expect([d!.code, d!.message, d!.hint]).toEqual(["eval/limit-exceeded", "/orders: a list of 101 items is longer than the limit of 100", "raise `limits.maxItems.orders` if a record really holds this much"]);
    expect(decide([ir], { ...base, orders }, { limits: { maxItems: { orders: 101 } } }).alerts).toHaveLength(1);
    // Raising one list's limit keeps the others'.
    const allergies = Array.from({ length: 1_001 }, () => ({ class: "penicillins" }));
    expect(reject([ir], { ...base, allergies }, { limits: { maxItems: { orders: 101 } } }).map((x) => x.message)).toEqual(["/allergies: a list of 1001 items is longer than the limit of 1000"]);
  });

  test("a list no limit names has the limit of `*`", () => {
    const indications = Array.from({ length: 1_001 }, () => cystitis.code);
    const [d] = reject([ir], { ...base, orders: [{ id: "o1", status: "active", drug: { id: "amoxicillin" }, route: "oral", indications }] });
    expect([d!.message, d!.hint]).toEqual(["/orders/0/indications: a list of 1001 items is longer than the limit of 1000", "raise `limits.maxItems.*` if a record really holds this much"]);
  });

  test("a string longer than the limit is rejected, naming the field", () => {
    const [d] = reject([ir], { ...base, diagnoses: [{ code: { ...cystitis.code, display: "x".repeat(10_001) } }] });
    expect([d!.code, d!.message]).toEqual(["eval/limit-exceeded", "/diagnoses/0/code/display: a text of 10001 characters is longer than the limit of 10000"]);
  });

  test("the whole context is measured as the JSON text it would make", () => {
    const size = JSON.stringify(base).length;
    expect(decide([ir], base, { limits: { maxSize: size + 50 } }).alerts).toHaveLength(1);
    expect(reject([ir], base, { limits: { maxSize: Math.floor(size / 2) } }).map((d) => [d.code, d.message])).toEqual([["eval/limit-exceeded", `/: the input is more than ${Math.floor(size / 2)} characters as JSON`]]);
  });

  test("an object shared many times over is measured each time it is met, so a host cannot hide a huge record in a small graph", () => {
    let shared: unknown = { code: cystitis.code };
    for (let i = 0; i < 40; i++) shared = { a: shared, b: shared };
    expect(reject([ir], { ...base, findings: [shared] }, { limits: { maxDepth: 64, maxSize: 1_000_000 } }).map((d) => d.code)).toEqual(["eval/limit-exceeded"]);
  });

  test("the default limits are documented values", () => {
    expect(defaultContextLimits).toEqual({
      maxSize: 20_000_000,
      maxDepth: 32,
      maxStringLength: 10_000,
      maxItems: { "*": 1_000, orders: 100, microbiology: 500, observations: 50_000, diagnoses: 10_000, findings: 10_000, medicationHistory: 10_000, acknowledgedAlerts: 10_000 },
    });
  });
});

describe("options are checked like the context", () => {
  const cases: [string, unknown, string][] = [
    ["maxInterruptive NaN", { alertPolicy: { maxInterruptive: Number.NaN } }, "/alertPolicy/maxInterruptive: expected a number, got NaN"],
    ["maxInterruptive null", { alertPolicy: { maxInterruptive: null } }, "/alertPolicy/maxInterruptive: expected a number, got null"],
    ["maxInterruptive negative", { alertPolicy: { maxInterruptive: -1 } }, "/alertPolicy/maxInterruptive: -1 must be >= 0"],
    ["maxInterruptive not whole", { alertPolicy: { maxInterruptive: 1.5 } }, "/alertPolicy/maxInterruptive: expected a whole number, got 1.5"],
    ["maxInterruptive a BigInt", { alertPolicy: { maxInterruptive: 1n } }, "/alertPolicy/maxInterruptive: expected a number, got a value JSON cannot hold (bigint)"],
    ["an unknown priority", { alertPolicy: { interruptivePriorities: ["urgent"] } }, '/alertPolicy/interruptivePriorities/0: expected one of "critical", "high", "medium", "low", "info", got "urgent"'],
    ["priorities null", { alertPolicy: { interruptivePriorities: null } }, "/alertPolicy/interruptivePriorities: expected a list, got null"],
    ["an endless acknowledgement window", { alertPolicy: { acknowledgementWindow: { value: 1e20, unit: "hours" } } }, "/alertPolicy/acknowledgementWindow/value: 100000000000000000000 must be <= 100000"],
    ["a misspelt policy field", { alertPolicy: { maxInteruptive: 2 } }, "/alertPolicy: unknown field `maxInteruptive`"],
    ["a limit of zero", { limits: { maxDepth: 0 } }, "/limits/maxDepth: 0 must be >= 1"],
    ["a list limit that is not a number", { limits: { maxItems: { orders: "many" } } }, '/limits/maxItems/orders: expected a number, got "many"'],
  ];

  test.each(cases)("%s is eval/invalid-option naming the field", (_, options, message) => {
    const result = evaluate([ir], base, { now: NOW, ...(options as object) });
    expect(result._tag === "Left" && shape(result.left)).toEqual([["eval/invalid-option", message]]);
  });
});
