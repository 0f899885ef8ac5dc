import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { format, parse, type ast } from "@steward/dsl";
import { untidyText } from "../arbitraries.js";
import { stripSpans } from "../strip-spans.js";

/** Every comment anywhere in a tree, in no particular order. */
function commentsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(commentsIn);
  if (node === null || typeof node !== "object") return [];
  const record = node as Record<string, unknown>;
  const own = ["leadingComments", "closingComments"].flatMap((k) => ((record[k] as ast.CommentNode[] | undefined) ?? []).map((c) => c.text));
  const trailing = record["trailingComment"] as ast.CommentNode | undefined;
  const nested = Object.entries(record)
    .filter(([k]) => k !== "leadingComments" && k !== "closingComments" && k !== "trailingComment")
    .flatMap(([, v]) => commentsIn(v));
  return [...own, ...(trailing ? [trailing.text] : []), ...nested];
}

/** The tree without spans, comments or blank-line marks: what the text means. */
function meaning(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(meaning);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (!["span", "leadingComments", "closingComments", "trailingComment", "blankLineBefore"].includes(k)) out[k] = meaning(v);
  }
  return out;
}

describe("untidy but valid layouts", () => {
  test("parse without diagnostics to a tree that means the same", () => {
    fc.assert(
      fc.property(untidyText, ({ tree, untidy }) => {
        const parsed = parse(untidy);
        expect(parsed.diagnostics, untidy).toEqual([]);
        expect(meaning(parsed.ast), untidy).toEqual(meaning(stripSpans(tree)));
      }),
      { numRuns: 300 },
    );
  });

  test("lose no comment when parsed and formatted", () => {
    fc.assert(
      fc.property(untidyText, ({ tree, untidy, addedComments }) => {
        const reparsed = parse(format(parse(untidy).ast)).ast;
        expect(commentsIn(reparsed).length, untidy).toBe(commentsIn(tree).length + addedComments);
      }),
      { numRuns: 300 },
    );
  });

  test("format to a fixed point", () => {
    fc.assert(
      fc.property(untidyText, ({ untidy }) => {
        const once = format(parse(untidy).ast);
        expect(format(parse(once).ast), untidy).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
