/** Equality helper: a copy of an AST (or any plain data) with every `span` field removed, at any depth. */
export function stripSpans<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => stripSpans(v)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (key !== "span") out[key] = stripSpans(v);
    return out as T;
  }
  return value;
}
