import { isLeft } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import { maxConditionDepth, prepare } from "@steward/core";
import { check, compileText, defaultLimits, depthCeiling, loadProgram, parse, resolveLimits } from "@steward/dsl";
import { compileOk, header, memoryHost, ruleWhen, summary } from "./guideline.js";

/** The codes of the diagnostics of `text`, parsed and checked as `main.stw`, under `limits`. */
function checked(text: string, limits: Parameters<typeof resolveLimits>[0] = {}): ReturnType<typeof summary> {
  return summary(check(loadProgram(["main.stw"], memoryHost({ "main.stw": text }), { limits })));
}

const egfr = `observation egfr "eGFR" {
  unit mL/min/1.73m2
  loinc 33914-3 "eGFR (MDRD)"
}
`;

describe("deep nesting is refused at a limit, never by exhausting the stack (§22.8)", () => {
  test("350 nested brackets: one parse/too-deep at the bracket past the limit, no exception", () => {
    const text = `define x = ${"(".repeat(350)}pregnant${")".repeat(350)}\n`;
    const { diagnostics } = parse(text, "deep.stw");
    expect(summary(diagnostics)).toEqual([{ code: "parse/too-deep", severity: "error", line: 1, column: 12 + defaultLimits.nesting }]);
  });

  test("2,000 chained `not`: one parse/too-deep at the `not` past the limit", () => {
    const { diagnostics } = parse(`define x = ${"not ".repeat(2000)}pregnant\n`, "deep.stw");
    expect(summary(diagnostics)).toEqual([{ code: "parse/too-deep", severity: "error", line: 1, column: 12 + 4 * defaultLimits.nesting }]);
  });

  test("`any … where` and `time since` nest too, and the declarations after the deep one are still read", () => {
    const where = parse(`define x = ${"any course where ".repeat(100)}pregnant\nfinding later "Later"\n`, "deep.stw");
    expect(where.diagnostics.map((d) => d.code)).toEqual(["parse/too-deep"]);
    expect(where.ast.items.map((i) => i.kind)).toContain("finding");
    expect(parse(`define x = age > ${"time since ".repeat(100)}course start\n`).diagnostics.map((d) => d.code)).toEqual(["parse/too-deep"]);
  });

  test("a condition exactly at the limit compiles; the limit can be raised up to its ceiling, and lowered", () => {
    const at = `(`.repeat(defaultLimits.nesting - 1);
    compileOk(`${header}\n${ruleWhen(`${at}pregnant${")".repeat(defaultLimits.nesting - 1)}`)}`);
    const deeper = `${header}\n${ruleWhen(`${"(".repeat(80)}pregnant${")".repeat(80)}`)}`;
    expect(checked(deeper).map((d) => d.code)).toEqual(["parse/too-deep"]);
    expect(checked(deeper, { nesting: 90 })).toEqual([]);
    expect(checked(`${header}\n${ruleWhen("not not pregnant")}`, { nesting: 1 }).map((d) => d.code)).toEqual(["parse/too-deep"]);
    expect(resolveLimits({ nesting: 1_000_000 }).nesting).toBe(depthCeiling);
  });
});

describe("chained defines (§22.8)", () => {
  const chain = (n: number, declaredAfterUse: boolean): string => {
    const defines = Array.from({ length: n }, (_, i) => (i === n - 1 ? `define d${i} = pregnant` : `define d${i} = d${i + 1}`));
    return `${header}\n${(declaredAfterUse ? defines : [...defines].reverse()).join("\n")}\n${ruleWhen("d0")}`;
  };

  test("500 defines declared after their use: one check/define-too-deep at the first define past the limit, no exception", () => {
    const diagnostics = checked(chain(500, true));
    expect(diagnostics.map((d) => d.code)).toEqual(["check/define-too-deep"]);
    // d467 is the 33rd from the end of the chain (d499 is the first).
    expect(diagnostics[0]!.line).toBe(chain(500, true).split("\n").indexOf("define d467 = d468") + 1);
  });

  test("2,000 chained defines in either order are refused the same way", () => {
    expect(checked(chain(2000, false)).map((d) => d.code)).toEqual(["check/define-too-deep"]);
    expect(checked(chain(2000, true)).map((d) => d.code)).toEqual(["check/define-too-deep"]);
  });

  test("a chain within the limit compiles and prepares, whichever order its defines are written in", () => {
    for (const order of [true, false]) {
      const ir = compileOk(chain(defaultLimits.defineDepth, order));
      expect(isLeft(prepare([ir]))).toBe(false);
    }
    expect(checked(chain(60, true), { defineDepth: 60 })).toEqual([]);
  });

  test(`a condition that counting its defines nests more than ${maxConditionDepth} levels is check/define-too-deep, so check accepts only what prepare runs`, () => {
    // Ten defines, each 30 `not`s around the previous one: e0 nests 31 levels, e1 62, … e6 217.
    const defines = Array.from({ length: 10 }, (_, i) => `define e${i} = ${"not ".repeat(30)}${i === 0 ? "pregnant" : `e${i - 1}`}`);
    const text = `${header}\n${defines.join("\n")}\n${ruleWhen("e9")}`;
    const diagnostics = checked(text);
    expect(diagnostics).toEqual([{ code: "check/define-too-deep", severity: "error", line: text.split("\n").findIndex((l) => l.startsWith("define e6 ")) + 1, column: 8 }]);
    expect(isLeft(compileText(text, "main.stw"))).toBe(true);
    // The first six are within the bound (e5 nests 186 levels): that guideline compiles and prepares.
    const within = `${header}\n${defines.slice(0, 6).join("\n")}\n${ruleWhen("e5")}`;
    expect(isLeft(prepare([compileOk(within)]))).toBe(false);
  });
});

describe("file size, string length, declarations and files (§22.8)", () => {
  test("an 8-million-character string is refused at its opening quote without an exception", () => {
    const { diagnostics } = parse(`source s {\n  title "${"a".repeat(8_000_000)}"\n}\n`, "long.stw", { limits: { fileSize: 10_000_000 } });
    expect(summary(diagnostics)).toEqual([{ code: "parse/string-too-long", severity: "error", line: 2, column: 9 }]);
  });

  test("a file over the size limit is refused whole at its start, and not read further", () => {
    const { ast, diagnostics } = parse(`# ${"x".repeat(defaultLimits.fileSize)}\nfinding f "F"\n`, "big.stw");
    expect(summary(diagnostics)).toEqual([{ code: "parse/file-too-large", severity: "error", line: 1, column: 1 }]);
    expect(ast.items).toEqual([]);
  });

  test("a program that imports more files than the limit stops reading at the limit", () => {
    const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.stw`, `import "f${i + 1}.stw"\nfinding x${i} "X"\n`]));
    const program = loadProgram(["f0.stw"], memoryHost(files), { limits: { files: 5 } });
    expect(program.files.size).toBe(5);
    expect(check(program).map((d) => d.code)).toEqual(["check/too-many-files"]);
  });

  test("a 128 KB web address is checked in linear time, and one without a dot in its host is still refused", () => {
    const long = `https://www.nice.org.uk/${"a".repeat(128_000)}`;
    const source = (url: string): string => `${header}\nsource long {\n  title "Long"\n  url "${url}"\n}\n`;
    expect(checked(source(long), { stringLength: 200_000 })).toEqual([]);
    expect(checked(source(`https://${"a".repeat(128_000)}`), { stringLength: 200_000 }).map((d) => d.code)).toEqual(["check/invalid-url"]);
  });

  test("limits that are not positive whole numbers keep their defaults", () => {
    expect(resolveLimits({ fileSize: Number.NaN, stringLength: -1, declarations: 2.5, files: 0 })).toEqual(defaultLimits);
  });
});

describe("egfr thresholds still compile alongside the limits", () => {
  test("an ordinary guideline is untouched by them", () => {
    expect(compileOk(`${header}\n${egfr}\n${ruleWhen("egfr >= 45 mL/min/1.73m2 and not (pregnant or age < 16 years)")}`).rules).toHaveLength(1);
  });
});
