/**
 * DSL bench: parse (`loadProgram`), `check` and `compile` times for the real NG109 guideline with
 * its imports, and for a generated ~10,000-line guideline. Each stage is timed separately in the
 * same iteration; median and p95 are over the measured runs after warm-up.
 * Run alone, after `pnpm build`: `pnpm exec tsx bench/dsl.ts`.
 */
import { pathToFileURL } from "node:url";
import { check, compile, loadProgram, type Program, type SourceHost } from "@steward/dsl";
import { largeGuideline } from "./generate-guideline.js";
import { diskHost, unwrap } from "./guidelines.js";
import { formatNumber, ms, printMachine, printTable, type Row } from "./report.js";
import { msSince, summarise, type Summary } from "./stats.js";

/** What the DSL bench measured for one input. */
export interface DslMeasurement {
  readonly name: string;
  readonly lines: number;
  readonly files: number;
  readonly parse: Summary;
  readonly check: Summary;
  readonly compile: Summary;
  readonly total: Summary;
}

/** Results of the DSL bench. */
export interface DslResult {
  readonly ng109: DslMeasurement;
  readonly large: DslMeasurement;
}

function lineCount(program: Program): number {
  let lines = 0;
  for (const file of program.files.values()) lines += file.text.split("\n").length - (file.text.endsWith("\n") ? 1 : 0);
  return lines;
}

/** Times parse, check and compile of `root` `runs` times after `warmup` untimed runs. */
function measure(name: string, root: string, host: SourceHost, warmup: number, runs: number): DslMeasurement {
  const parse: number[] = [];
  const checkTimes: number[] = [];
  const compileTimes: number[] = [];
  const total: number[] = [];
  let program: Program | undefined;
  for (let i = 0; i < warmup + runs; i++) {
    let t = process.hrtime.bigint();
    program = loadProgram([root], host);
    const p = msSince(t);
    t = process.hrtime.bigint();
    const diagnostics = check(program);
    const c = msSince(t);
    t = process.hrtime.bigint();
    const ir = compile(program, root);
    const k = msSince(t);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) throw new Error(`${name}: check reported ${errors.length} errors, first: ${errors[0]!.code} ${errors[0]!.message}`);
    unwrap(ir, `compiling ${name}`);
    if (i < warmup) continue;
    parse.push(p);
    checkTimes.push(c);
    compileTimes.push(k);
    total.push(p + c + k);
  }
  return {
    name,
    lines: lineCount(program!),
    files: program!.files.size,
    parse: summarise(parse),
    check: summarise(checkTimes),
    compile: summarise(compileTimes),
    total: summarise(total),
  };
}

/** Runs the DSL bench and prints its tables. */
export function runDslBench(): DslResult {
  console.log("\n=== DSL: parse + check + compile ===");
  const ng109 = measure("NG109 + imports", "guidelines/ng109-lower-uti/ng109.stw", diskHost(), 10, 40);

  const text = largeGuideline(10_000);
  const file = "generated/large.stw";
  const diagnostics = check(loadProgram([file], { read: (p) => (p === file ? text : undefined) }));
  console.log(`generated guideline: ${formatNumber(text.split("\n").length - 1)} lines, check reports ${diagnostics.filter((d) => d.severity === "error").length} errors and ${diagnostics.length} diagnostics in all`);
  const large = measure("generated ~10k lines", file, { read: (p) => (p === file ? text : undefined) }, 3, 12);

  for (const m of [ng109, large]) {
    const rows: Row[] = (["parse", "check", "compile", "total"] as const).map((stage) => [
      stage,
      ms(m[stage].median),
      ms(m[stage].p95),
      `${formatNumber(m.lines / (m[stage].median / 1000))} lines/s`,
    ]);
    printTable(`${m.name}: ${m.files} file(s), ${formatNumber(m.lines)} lines, ${m.total.n} runs after warm-up`, ["stage", "median", "p95", "throughput (median)"], rows);
  }
  console.log("note: `compile` runs every check again before it builds the IR, so a host that calls check() then compile() checks twice");
  return { ng109, large };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  printMachine();
  runDslBench();
}
