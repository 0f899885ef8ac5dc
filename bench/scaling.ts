/**
 * Scaling bench: how the cost of reading rule files and preparing guidelines grows with their size.
 * Each input is measured at sizes ×1, ×2, ×4 and ×8 (median of the runs after a warm-up); the last
 * column is the time at ×8 over the time at ×1, which is about 8 for linear cost and 64 for
 * quadratic. Inputs: `check` of a file with N errors of three kinds (unresolved names, syntax
 * errors, and errors all on one line of a file with lone carriage returns for line ends), and
 * `prepare` of a generated guideline with N rules.
 * Run alone, after `pnpm build`: `pnpm exec tsx bench/scaling.ts`.
 */
import { pathToFileURL } from "node:url";
import { prepare, type GuidelineIR } from "@steward/core";
import { check, compileText, loadProgram } from "@steward/dsl";
import { largeGuideline } from "./generate-guideline.js";
import { unwrap } from "./guidelines.js";
import { formatNumber, ms, printMachine, printTable, ratio } from "./report.js";
import { msSince, summarise } from "./stats.js";

/** The size factors each input is measured at. */
const FACTORS = [1, 2, 4, 8] as const;

/** One input measured at every factor. */
export interface ScalingMeasurement {
  readonly name: string;
  /** What one unit of size is (`errors`, `lines`). */
  readonly unit: string;
  readonly sizes: readonly number[];
  /** Median milliseconds at each size. */
  readonly medians: readonly number[];
  /** The median at ×8 over the median at ×1: about 8 when the cost is linear. */
  readonly growth: number;
}

const header = `guideline scaling {
  title "Scaling"
  version 1.0.0
  status draft
  settings primary-care
  owner "Bench"
  approved 2025-01-31
  review-by 2027-01-31
}

source nice {
  title "A NICE guideline"
}
`;

/** The header, `prelude`, then `n` rules, each with the clause `clause(i)` (a mistake, or a condition). */
function rulesWith(n: number, clause: (i: number) => string, prelude = ""): string {
  let text = `${header}\n${prelude}`;
  for (let i = 0; i < n; i++) text += `\nrule r${i} {\n  cite nice\n  ${clause(i)}\n  advice "a"\n}\n`;
  return text;
}

/** Times `run(size)` at every factor of `base`, after one untimed run at the smallest size. */
function measure(name: string, unit: string, base: number, runs: number, setup: (size: number) => () => void): ScalingMeasurement {
  const sizes = FACTORS.map((f) => base * f);
  setup(sizes[0]!)();
  const medians = sizes.map((size) => {
    const run = setup(size);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      run();
      times.push(msSince(t));
    }
    return summarise(times).median;
  });
  return { name, unit, sizes, medians, growth: medians[medians.length - 1]! / medians[0]! };
}

/** `check` of `text` as one file, the whole of it timed (parse included). */
function checking(text: string): () => void {
  return () => void check(loadProgram(["scaling.stw"], { read: (p) => (p === "scaling.stw" ? text : undefined) }));
}

/** Runs the scaling bench and prints its table. */
export function runScalingBench(): ScalingMeasurement[] {
  console.log("\n=== scaling: check in the number of errors, prepare in the number of rules ===");
  const results = [
    measure("check: unresolved names", "errors", 1_000, 3, (n) => checking(rulesWith(n, (i) => `when missing-${i}`))),
    measure("check: syntax errors", "errors", 1_000, 3, (n) => checking(rulesWith(n, () => "when pregnant @"))),
    measure("check: errors on one line (lone \\r line ends)", "errors", 1_000, 3, (n) => checking(rulesWith(n, (i) => `when missing-${i}`).replaceAll("\n", "\r"))),
    measure("prepare: rules for one diagnosis, through shared defines", "rules", 1_000, 3, (n) => {
      const defines = `codes uti "UTI" {\n  snomed 38822007 "Cystitis"\n}\n\ndefine adult = age >= 16 years\n\ndefine adult-uti = diagnosis in uti and adult\n`;
      const ir: GuidelineIR = unwrap(compileText(rulesWith(n, (i) => `when adult-uti and age < ${16 + (i % 80)} years`, defines)), "compiling the rules");
      return () => void unwrap(prepare([ir]), "preparing the rules");
    }),
    measure("prepare: generated guideline", "lines", 1_250, 5, (lines) => {
      const ir: GuidelineIR = unwrap(compileText(largeGuideline(lines)), "compiling the generated guideline");
      return () => void unwrap(prepare([ir]), "preparing the generated guideline");
    }),
  ];
  printTable(
    "median time at each size (×1, ×2, ×4, ×8); growth is ×8 over ×1: 8 for linear cost, 64 for quadratic",
    ["input", ...FACTORS.map((f) => `×${f}`), "growth ×8/×1"],
    results.map((r) => [r.name, ...r.medians.map((m, i) => `${ms(m)} (${formatNumber(r.sizes[i]!)} ${r.unit})`), ratio(r.growth)]),
  );
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  printMachine();
  runScalingBench();
}
