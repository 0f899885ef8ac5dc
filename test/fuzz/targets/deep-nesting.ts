/**
 * Fuzz target: conditions nested deep (brackets, `not`, `any … where`, `time since`, mixed) and
 * chains of defines written before or after their use, at depths around and far past the limits,
 * under random limits. Nothing may exhaust the stack; what check accepts, prepare must run.
 */
import fc from "fast-check";
import { guidelinePrelude } from "../../../packages/dsl/test/arbitraries.js";
import { throughThePipeline } from "../rule-file-pipeline.js";
import type { FuzzTarget } from "../target.js";

type Shape = "brackets" | "not" | "where" | "time-since" | "mixed" | "defines-before" | "defines-after" | "nested-defines";

interface Deep {
  readonly shape: Shape;
  readonly depth: number;
  readonly nesting?: number;
  readonly defineDepth?: number;
}

function condition(shape: Shape, depth: number): string {
  switch (shape) {
    case "brackets":
      return `${"(".repeat(depth)}pregnant${")".repeat(depth)}`;
    case "not":
      return `${"not ".repeat(depth)}pregnant`;
    case "where":
      return `${"any course where ".repeat(depth)}pregnant`;
    case "time-since":
      return `${"time since ".repeat(depth)}course start > 3 days`;
    default:
      return `${"not (pregnant or ".repeat(depth)}pregnant${")".repeat(depth)}`;
  }
}

function text({ shape, depth }: Deep): string {
  const rule = (when: string): string => `\nrule r {\n  cite nice\n  when ${when}\n  advice "a"\n}\n`;
  if (shape === "defines-before" || shape === "defines-after" || shape === "nested-defines") {
    const body = (i: number): string => (i === 0 ? "pregnant" : shape === "nested-defines" ? `${"not ".repeat(30)}d${i - 1}` : `d${i - 1} and pregnant`);
    const defines = Array.from({ length: depth + 1 }, (_, i) => `define d${i} = ${body(i)}`);
    return `${guidelinePrelude}\n${(shape === "defines-after" ? defines.reverse() : defines).join("\n")}\n${rule(`d${depth}`)}`;
  }
  return `${guidelinePrelude}${rule(condition(shape, depth))}`;
}

const target: FuzzTarget = {
  name: "deep-nesting",
  arbitrary: fc.record(
    {
      shape: fc.constantFrom<Shape>("brackets", "not", "where", "time-since", "mixed", "defines-before", "defines-after", "nested-defines"),
      depth: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 90, max: 110 }), fc.integer({ min: 190, max: 210 }), fc.integer({ min: 300, max: 1200 })),
      nesting: fc.integer({ min: 1, max: 1000 }),
      defineDepth: fc.integer({ min: 1, max: 1000 }),
    },
    { requiredKeys: ["shape", "depth"] },
  ),
  run: (input) => {
    const deep = input as Deep;
    return throughThePipeline({ "deep.stw": text(deep) }, "deep.stw", {
      ...(deep.nesting !== undefined ? { nesting: deep.nesting } : {}),
      ...(deep.defineDepth !== undefined ? { defineDepth: deep.defineDepth } : {}),
    });
  },
};

export default target;
