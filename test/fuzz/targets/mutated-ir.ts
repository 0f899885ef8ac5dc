/**
 * Fuzz target: compiled guidelines (the IR of every guideline under `guidelines/`) with random
 * values replaced, members removed, lists and conditions nested deep or made cyclic, with the content
 * hash left stale or stated again, through prepare, evaluate and explain. A wrong accept is IR that
 * prepare accepts and the evaluator then fails on, or an edit with a stale hash that prepare accepts.
 */
import fc from "fast-check";
import { evaluate, explain, prepare, type GuidelineIR } from "@steward/core";
import { guidelineHash } from "@steward/core/content-hash";
import { compile, loadProgram } from "@steward/dsl";
import type { FuzzTarget } from "../target.js";
import { guidelineFiles, ruleFiles } from "../rule-file-corpus.js";

const compiled: readonly GuidelineIR[] = guidelineFiles.flatMap((root) => {
  const result = compile(loadProgram([root], { read: (p) => ruleFiles[p] }), root);
  return result._tag === "Right" ? [result.right] : [];
});

type Replacement = "number" | "negative" | "nan-like" | "huge" | "string" | "empty-string" | "null" | "array" | "object" | "delete" | "deep" | "cycle" | "self-define";

interface Mutated {
  readonly guideline: number;
  /** Which value to change, as a fraction of the values in the IR (walked in a fixed order). */
  readonly at: number;
  readonly replacement: Replacement;
  readonly rehash: boolean;
}

/** Every object or array in `value` with each of its keys, in a fixed order. */
function slots(value: unknown, out: [Record<string, unknown>, string][] = []): [Record<string, unknown>, string][] {
  if (value === null || typeof value !== "object") return out;
  for (const key of Object.keys(value)) {
    out.push([value as Record<string, unknown>, key]);
    slots((value as Record<string, unknown>)[key], out);
  }
  return out;
}

function replace(ir: Record<string, unknown>, slot: [Record<string, unknown>, string], replacement: Replacement): void {
  const [holder, key] = slot;
  const old = holder[key];
  switch (replacement) {
    case "number":
      holder[key] = typeof old === "number" ? old / 10 : 4.5;
      return;
    case "negative":
      holder[key] = -1;
      return;
    case "nan-like":
      holder[key] = Number.NaN;
      return;
    case "huge":
      holder[key] = 1e308;
      return;
    case "string":
      holder[key] = "x";
      return;
    case "empty-string":
      holder[key] = "";
      return;
    case "null":
      holder[key] = null;
      return;
    case "array":
      holder[key] = [old];
      return;
    case "object":
      holder[key] = { kind: "not", arg: old };
      return;
    case "delete":
      delete holder[key];
      return;
    case "deep": {
      let nested: unknown = old;
      for (let i = 0; i < 5000; i++) nested = { kind: "not", arg: nested };
      holder[key] = nested;
      return;
    }
    case "cycle":
      holder[key] = holder;
      return;
    case "self-define": {
      const defines = ir["defines"] as { id: string; expr: unknown }[] | undefined;
      const d = defines?.[0];
      if (d !== undefined) d.expr = { kind: "truth", value: { kind: "define", id: d.id }, text: d.id };
      return;
    }
  }
}

const context = { setting: "primary-care", patient: { age: 40, sex: "female", pregnancy: { status: "not-pregnant" } }, diagnoses: [{ code: { system: "http://snomed.info/sct", code: "38822007" } }], allergies: [], orders: [], microbiology: [] };
const NOW = "2026-06-15T12:00:00Z";

const target: FuzzTarget = {
  name: "mutated-ir",
  arbitrary: fc.record({
    guideline: fc.nat({ max: Math.max(0, compiled.length - 1) }),
    at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    replacement: fc.constantFrom<Replacement>("number", "negative", "nan-like", "huge", "string", "empty-string", "null", "array", "object", "delete", "deep", "cycle", "self-define"),
    rehash: fc.boolean(),
  }),
  run: (input) => {
    const m = input as Mutated;
    const ir = structuredClone(compiled[m.guideline]!) as unknown as Record<string, unknown>;
    const all = slots(ir).filter(([, key]) => key !== "contentHash");
    // A number is changed among the numbers, so edits the schema admits (eGFR 45 made 4.5) are tried as often as ones it refuses.
    const numbers = all.filter(([holder, key]) => typeof holder[key] === "number");
    const among = (m.replacement === "number" || m.replacement === "negative") && numbers.length > 0 ? numbers : all;
    replace(ir, among[Math.floor(m.at * among.length)]!, m.replacement);
    const changed = m.replacement !== "cycle" && m.replacement !== "deep" && JSON.stringify(ir) !== JSON.stringify(compiled[m.guideline]);
    if (m.rehash && m.replacement !== "cycle") {
      try {
        ir["contentHash"] = guidelineHash(ir);
      } catch {
        // too deep to hash: left as it is, and prepare must refuse it
      }
    }
    const prepared = prepare([ir]);
    if (prepared._tag === "Left") return { outcome: "rejected" };
    if (changed && !m.rehash) return { outcome: "accepted", wrongAccept: "prepare accepted an IR changed after it was compiled, with its old content hash" };
    for (const [stage, result] of [
      ["evaluate", evaluate(prepared.right, context, { now: NOW })],
      ["explain", explain(prepared.right, context, { now: NOW })],
    ] as const) {
      if (result._tag === "Left" && result.left.some((d) => d.code === "eval/internal-error")) return { outcome: "accepted", wrongAccept: `prepare accepted an IR that ${stage} then failed on: ${result.left[0]!.message}` };
    }
    return { outcome: "accepted" };
  },
};

export default target;
