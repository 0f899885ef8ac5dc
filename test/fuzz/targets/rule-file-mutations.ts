/**
 * Fuzz target: the real guidelines with random edits (characters and tokens inserted, deleted,
 * repeated or swapped, numbers changed, line ends and byte order marks changed), through load,
 * check, format, compile, prepare, evaluate and explain. A wrong accept is a stage accepting what
 * a later one refuses.
 */
import fc from "fast-check";
import { throughThePipeline } from "../rule-file-pipeline.js";
import type { FuzzTarget } from "../target.js";
import { guidelineFiles, ruleFiles } from "../rule-file-corpus.js";

/** One edit at a position given as a fraction of the text, so it lands anywhere in any file. */
type Edit =
  | { readonly kind: "insert"; readonly at: number; readonly text: string }
  | { readonly kind: "delete"; readonly at: number; readonly length: number }
  | { readonly kind: "repeat"; readonly at: number; readonly length: number }
  | { readonly kind: "number"; readonly at: number; readonly digits: string }
  | { readonly kind: "line-ends"; readonly end: "\r\n" | "\r" }
  | { readonly kind: "bom" };

const fragment = fc.oneof(
  fc.constantFrom("(", ")", "{", "}", "not ", " and ", " or ", "any course where ", "time since ", '"', "#", "\n", "\r", "\uFEFF", "define x = y\n", "import \"../x.stw\"\n", "0.99 months", "100000000000000000000 hours", "<<", "@", "\u0000"),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 4 }),
);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("insert" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fragment }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("delete" as const, "repeat" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 200 }) }) as fc.Arbitrary<Edit> },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("number" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), digits: fc.constantFrom("0", "0.5", "1.0000000000000001", "9".repeat(401), "1000000001", "12.5", "2401") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("line-ends" as const), end: fc.constantFrom("\r\n" as const, "\r" as const) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "bom" as const }) },
);

function apply(text: string, e: Edit): string {
  if (e.kind === "line-ends") return text.replaceAll("\n", e.end);
  if (e.kind === "bom") return `\uFEFF${text}`;
  const at = Math.floor(e.at * text.length);
  if (e.kind === "insert") return text.slice(0, at) + e.text + text.slice(at);
  if (e.kind === "delete") return text.slice(0, at) + text.slice(at + e.length);
  if (e.kind === "repeat") return text.slice(0, at + e.length) + text.slice(at, at + e.length) + text.slice(at + e.length);
  // Replace the number at or after `at` with other digits.
  const match = /\d+(?:\.\d+)?/.exec(text.slice(at));
  return match === null ? text : text.slice(0, at + match.index) + e.digits + text.slice(at + match.index + match[0].length);
}

/** An input: which guideline to compile, which of the files it may read to edit, and the edits. */
interface Mutation {
  readonly root: string;
  readonly target: string;
  readonly edits: readonly Edit[];
}

const target: FuzzTarget = {
  name: "rule-file-mutations",
  arbitrary: fc.record({ root: fc.constantFrom(...guidelineFiles), target: fc.constantFrom(...Object.keys(ruleFiles)), edits: fc.array(edit, { minLength: 1, maxLength: 6 }) }),
  run: (input) => {
    const { root, target: edited, edits } = input as Mutation;
    const files = { ...ruleFiles, [edited]: edits.reduce(apply, ruleFiles[edited]!) };
    return throughThePipeline(files, root);
  },
};

export default target;
