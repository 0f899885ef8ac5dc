import { describe, expect, test } from "vitest";
import * as z from "zod";
import { schemaDiagnostics } from "../src/index.js";

function messages(schema: z.ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value, { reportInput: true });
  return parsed.success ? [] : schemaDiagnostics(parsed.error.issues, "eval/invalid-context").map((d) => d.message);
}

describe("schemaDiagnostics", () => {
  test("a field name holding / or ~ is escaped in the pointer as RFC 6901 says", () => {
    expect(messages(z.strictObject({ "a/b~c": z.number() }), { "a/b~c": "x" })).toEqual(['/a~1b~0c: expected a number, got "x"']);
  });

  test("a list that must not be empty says how many items it needs", () => {
    expect(messages(z.strictObject({ steps: z.array(z.number()).min(1) }), { steps: [] })).toEqual(["/steps: must have >= 1 items"]);
  });

  test("a long value is cut short rather than repeated whole", () => {
    const [message] = messages(z.number(), "x".repeat(200));
    expect(message).toBe(`/: expected a number, got "${"x".repeat(36)}…`);
  });

  test("each diagnostic carries the code it was asked for, with severity error", () => {
    const parsed = z.strictObject({ a: z.string() }).safeParse({ a: 1, b: 2 }, { reportInput: true });
    expect(parsed.success).toBe(false);
    expect(schemaDiagnostics(parsed.error!.issues, "json/invalid-value")).toEqual([
      { code: "json/invalid-value", severity: "error", message: "/a: expected a string, got 1" },
      { code: "json/invalid-value", severity: "error", message: "/: unknown field `b`" },
    ]);
  });
});
