/**
 * Reading untrusted JSON without trusting its shape: every accessor checks the type it returns,
 * so a mutated or malformed resource yields `undefined`, never an exception.
 */

/** A JSON object, such as a FHIR resource or one of its elements. */
export type JsonObject = { readonly [key: string]: unknown };

/** True when `value` is a JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The field as an object, or undefined. */
export function objectAt(o: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = o?.[key];
  return isObject(v) ? v : undefined;
}

/** The field as a non-empty string, or undefined. */
export function textAt(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

/** The field as a finite number, or undefined. */
export function numberAt(o: JsonObject | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The field as a boolean, or undefined. */
export function booleanAt(o: JsonObject | undefined, key: string): boolean | undefined {
  const v = o?.[key];
  return typeof v === "boolean" ? v : undefined;
}

/** The objects of an array field, each with its index; anything else in the array is skipped. */
export function objectsAt(o: JsonObject | undefined, key: string): { readonly value: JsonObject; readonly index: number }[] {
  const v = o?.[key];
  if (!Array.isArray(v)) return [];
  const out: { value: JsonObject; index: number }[] = [];
  v.forEach((item: unknown, index) => {
    if (isObject(item)) out.push({ value: item, index });
  });
  return out;
}

/** The strings of an array field. */
export function textsAt(o: JsonObject | undefined, key: string): string[] {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** A JSON pointer one step further down (`/entry/3` + `resource`), escaping `~` and `/` as RFC 6901 says. */
export function pointerTo(pointer: string, ...steps: readonly (string | number)[]): string {
  return steps.reduce<string>((p, s) => `${p}/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`, pointer);
}
