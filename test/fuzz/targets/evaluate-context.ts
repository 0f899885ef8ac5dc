/**
 * Fuzz target: plausible patient contexts (the test kit's generator, drawing codes and drugs from
 * the bundled guidelines) passed to `evaluate` as JavaScript values, some with one value replaced
 * by one JSON cannot hold or a host could pass by mistake: a BigInt, a function, a symbol, a Date,
 * undefined, NaN, Infinity, a cycle, a proxy or getter that throws, an object with no prototype, an
 * own `__proto__` key, a sparse list. Accepted contexts must give a Decision DecisionSchema takes.
 */
import fc from "fast-check";
import { evaluate, type PatientContextInput } from "@steward/core";
import { patientContext } from "@steward/testing/arbitraries";
import { bundledEvaluator, guidelines, judge, NOW, slots, type FuzzTarget } from "../host-data.js";

const hostile = ["none", "bigint", "function", "symbol", "date", "undefined", "nan", "infinity", "cycle", "throwing-proxy", "throwing-getter", "null-prototype", "own-proto", "sparse"] as const;
type Hostile = (typeof hostile)[number];

function hostileValue(kind: Hostile, holder: Record<string, unknown>, old: unknown): unknown {
  switch (kind) {
    case "none":
      return old;
    case "bigint":
      return 10n ** 30n;
    case "function":
      return () => old;
    case "symbol":
      return Symbol("value");
    case "date":
      return new Date(0);
    case "undefined":
      return undefined;
    case "nan":
      return Number.NaN;
    case "infinity":
      return Number.POSITIVE_INFINITY;
    case "cycle":
      return holder;
    case "throwing-proxy":
      return new Proxy({}, { ownKeys: () => { throw new Error("proxy trap"); }, get: () => { throw new Error("proxy trap"); } });
    case "throwing-getter":
      return Object.defineProperty({}, "code", { enumerable: true, get: () => { throw new Error("getter"); } });
    case "null-prototype":
      return Object.assign(Object.create(null) as object, typeof old === "object" && old !== null ? old : { value: old });
    case "own-proto":
      return Object.defineProperty({ ...(typeof old === "object" && old !== null ? old : {}) }, "__proto__", { value: { polluted: true }, enumerable: true });
    case "sparse":
      return [old, , old];
  }
}

interface Input {
  readonly context: PatientContextInput;
  readonly at: number;
  readonly kind: Hostile;
}

const target: FuzzTarget = {
  name: "evaluate-context",
  arbitrary: fc.record({
    context: patientContext({ now: NOW, guidelines: guidelines() }),
    at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    kind: fc.constantFrom(...hostile),
  }),
  run: (input) => {
    const { context, at, kind } = input as Input;
    const copy = structuredClone(context) as unknown as Record<string, unknown>;
    const all = slots(copy);
    if (all.length > 0 && kind !== "none") {
      const [holder, key] = all[Math.floor(at * all.length)]!;
      holder[key] = hostileValue(kind, holder, holder[key]);
    }
    return judge(evaluate(bundledEvaluator(), copy, { now: NOW }), "evaluate");
  },
};

export default target;
