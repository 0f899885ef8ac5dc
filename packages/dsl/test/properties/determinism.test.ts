import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { isRight } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import type { GuidelineIR } from "@steward/core";
import { compile, compileText, format, loadProgram, parse, type SourceHost } from "@steward/dsl";
import { wellTypedGuideline } from "../arbitraries.js";

const ng109 = fileURLToPath(new URL("../../../../guidelines/ng109-lower-uti/ng109.stw", import.meta.url));

const disk: SourceHost = { read: (path) => (existsSync(path) ? readFileSync(path, "utf8") : undefined) };
/** The same files, each passed through `format` first. */
const formattedDisk: SourceHost = {
  read: (path) => {
    const text = disk.read(path);
    return typeof text === "string" ? format(parse(text, path).ast) : text;
  },
};

function compiled(result: ReturnType<typeof compile>): GuidelineIR {
  if (!isRight(result)) throw new Error(`expected the guideline to compile:\n${result.left.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`).join("\n")}`);
  return result.right;
}

describe("compiling NG109 from disk", () => {
  test("twice gives byte-identical JSON", () => {
    const first = JSON.stringify(compiled(compile(loadProgram([ng109], disk), ng109)));
    const second = JSON.stringify(compiled(compile(loadProgram([ng109], disk), ng109)));
    expect(second).toBe(first);
  });

  test("after formatting every file gives the same IR and content hash", () => {
    const before = compiled(compile(loadProgram([ng109], disk), ng109));
    const after = compiled(compile(loadProgram([ng109], formattedDisk), ng109));
    expect(after.contentHash).toBe(before.contentHash);
    expect(after).toEqual(before);
  });
});

describe("compiling generated guidelines", () => {
  test("twice gives byte-identical JSON", () => {
    fc.assert(
      fc.property(wellTypedGuideline, (text) => {
        const first = JSON.stringify(compiled(compileText(text)));
        expect(JSON.stringify(compiled(compileText(text)))).toBe(first);
      }),
      { numRuns: 100 },
    );
  });

  test("after formatting gives the same content hash (formatting never changes meaning)", () => {
    fc.assert(
      fc.property(wellTypedGuideline, (text) => {
        const formatted = format(parse(text).ast);
        const before = compiled(compileText(text));
        const after = compiled(compileText(formatted));
        expect(after.contentHash, formatted).toBe(before.contentHash);
      }),
      { numRuns: 100 },
    );
  });
});
