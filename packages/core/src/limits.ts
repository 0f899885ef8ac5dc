/**
 * The bounds on what a host may send, and the walk that checks a value against them before anything
 * else reads it: no value a host passes — nested ten thousand deep, cyclic, holding a BigInt, a
 * function or a symbol, or simply too big — can make an evaluation throw or run unbounded.
 *
 * How it works: one iterative walk (no recursion, so no depth can overflow the stack) visits each
 * value once, adding up the length of the JSON text it would make, and stops at the first limit
 * passed. An object that is one of its own ancestors is a cycle.
 */
import type { Diagnostic, DiagnosticCode } from "./diagnostic.js";

/** The largest input `evaluate` reads; a host may raise or lower any of them (`EvaluateOptions.limits`). */
export interface ContextLimits {
  /** The whole input as JSON text, in characters (for an object, the text it would make). */
  readonly maxSize: number;
  /** How deeply objects and lists may nest. */
  readonly maxDepth: number;
  /** The longest string, in characters. */
  readonly maxStringLength: number;
  /** The most items in a list, by the field that holds it; `*` is for any list not named. */
  readonly maxItems: Readonly<Record<string, number>>;
}

/** The limits of a patient context, each far above what one patient's record holds (docs/integration.md, "Limits"). */
export const defaultContextLimits: ContextLimits = {
  maxSize: 20_000_000,
  maxDepth: 32,
  maxStringLength: 10_000,
  maxItems: {
    "*": 1_000,
    orders: 100,
    microbiology: 500,
    observations: 50_000,
    diagnoses: 10_000,
    findings: 10_000,
    medicationHistory: 10_000,
    acknowledgedAlerts: 10_000,
  },
};

/** `limits` with `changes` applied; the lists a change names replace their own limits only. */
export function withLimits(limits: ContextLimits, changes: Partial<ContextLimits> | undefined): ContextLimits {
  return changes === undefined ? limits : { ...limits, ...changes, maxItems: { ...limits.maxItems, ...changes.maxItems } };
}

interface Frame {
  readonly value: unknown;
  readonly parent: Frame | undefined;
  readonly key: string | number;
  readonly depth: number;
}

function pointerOf(frame: Frame): string {
  const steps: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) steps.push(`/${String(f.key).replaceAll("~", "~0").replaceAll("/", "~1")}`);
  return steps.reverse().join("") || "/";
}

const kinds: Readonly<Record<string, string>> = { bigint: "a BigInt", function: "a function", symbol: "a symbol" };

/**
 * What stops `value` being read as JSON data within `limits`, each naming its pointer: a value JSON
 * cannot hold (`codes.invalid`) or a limit passed (`codes.limit`). Empty when the value is fine.
 * Never throws, even on a proxy whose traps do.
 */
export function hostValueProblems(value: unknown, limits: ContextLimits, codes: { readonly invalid: DiagnosticCode; readonly limit: DiagnosticCode }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (code: DiagnosticCode, frame: Frame, what: string, hint?: string): void => {
    const pointer = pointerOf(frame);
    out.push({ code, severity: "error", message: `${pointer}: ${what}`, location: { pointer: pointer === "/" ? "" : pointer }, ...(hint === undefined ? {} : { hint: `raise \`limits.${hint}\` if a record really holds this much` }) });
  };
  const bad = (frame: Frame, what: string): void => report(codes.invalid, frame, what);
  const over = (frame: Frame, what: string, limit: string): void => report(codes.limit, frame, what, limit);
  const stack: Frame[] = [{ value, parent: undefined, key: "", depth: 0 }];
  let size = 0;
  let frame = stack[0]!;
  try {
    while (stack.length > 0 && out.length < 20) {
      frame = stack.pop()!;
      const v = frame.value;
      switch (typeof v) {
        case "string":
          size += v.length + 2;
          if (v.length > limits.maxStringLength) over(frame, `a text of ${v.length} characters is longer than the limit of ${limits.maxStringLength}`, "maxStringLength");
          break;
        case "number":
        case "boolean":
        case "undefined":
          size += 5;
          break;
        case "object": {
          if (v === null) break;
          let ancestor = frame.parent;
          while (ancestor !== undefined && ancestor.value !== v) ancestor = ancestor.parent;
          if (ancestor !== undefined) {
            bad(frame, `the value contains itself (it is the value at \`${pointerOf(ancestor)}\`), which JSON cannot hold`);
            break;
          }
          if (frame.depth >= limits.maxDepth) {
            over(frame, `nested more than ${limits.maxDepth} levels deep`, "maxDepth");
            return out;
          }
          const depth = frame.depth + 1;
          if (Array.isArray(v)) {
            const list = typeof frame.key === "string" ? frame.key : "*";
            const most = limits.maxItems[list] ?? limits.maxItems["*"] ?? Number.POSITIVE_INFINITY;
            if (v.length > most) {
              over(frame, `a list of ${v.length} items is longer than the limit of ${most}`, `maxItems.${list in limits.maxItems ? list : "*"}`);
              break;
            }
            size += v.length + 2;
            for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i] as unknown, parent: frame, key: i, depth });
          } else if (Object.prototype.toString.call(v) !== "[object Object]") {
            bad(frame, `${Object.prototype.toString.call(v).slice(8, -1)} is not JSON data: send it as text, a number or a plain object`);
          } else {
            const keys = Object.keys(v);
            for (let i = keys.length - 1; i >= 0; i--) {
              size += keys[i]!.length + 4;
              stack.push({ value: (v as Record<string, unknown>)[keys[i]!], parent: frame, key: keys[i]!, depth });
            }
          }
          break;
        }
        default:
          bad(frame, `${kinds[typeof v]} is not a JSON value`);
      }
      if (size > limits.maxSize) {
        over({ value, parent: undefined, key: "", depth: 0 }, `the input is more than ${limits.maxSize} characters as JSON`, "maxSize");
        break;
      }
    }
  } catch {
    bad(frame, "the value cannot be read: reading it threw an error");
  }
  return out;
}
