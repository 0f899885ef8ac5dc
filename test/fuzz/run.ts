/**
 * `pnpm fuzz`: runs every fuzz target in `test/fuzz/targets/` (each file default-exports a
 * `FuzzTarget`, see ./target.ts) for a budget of inputs or seconds, each in a worker thread. It counts
 * the inputs accepted and refused, fails on any throw, hang (an input running past the timeout) or
 * wrong accept, prints a summary table and saves each finding, shrunk, as a reproducer that
 * `pnpm fuzz --replay <file>` runs again.
 *
 *   pnpm fuzz [--seconds N | --runs N] [--target NAME]... [--timeout MS] [--seed N] [--out DIR]
 *   pnpm fuzz --replay FILE [--timeout MS]
 */
import { readdirSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { loadReproducer, saveReproducer, type FindingKind, type Reproducer } from "./reproducer.js";
import type { WorkerMessage, WorkerTask } from "./worker.js";

const here = import.meta.dirname;
const workerFile = join(here, "worker.ts");
const defaultTargets = join(here, "targets");
/** How long a target may take to load (compiling its seeds) before its first input. */
const LOAD_TIMEOUT_MS = 120_000;

/** How one target's run ended. */
interface TargetResult {
  readonly name: string;
  readonly accepted: number;
  readonly rejected: number;
  /** Seconds spent loading the target (its seeds), and then running inputs. */
  readonly loadSeconds: number;
  readonly seconds: number;
  readonly finding?: Omit<Reproducer, "target" | "file">;
}

const usage = `usage: pnpm fuzz [--seconds N | --runs N] [--target NAME]... [--timeout MS] [--seed N] [--out DIR] [--dir DIR]
       pnpm fuzz --replay FILE [--timeout MS]
  --seconds N   run each target for N seconds (default 60)
  --runs N      run each target for N inputs instead
  --target NAME run only this target (repeatable); targets: ${targetNames(defaultTargets).join(", ")}
  --timeout MS  an input running longer than this is a hang (default 10000)
  --seed N      the fast-check seed (default: random, printed)
  --out DIR     where reproducers are written (default fuzz-findings/)
  --dir DIR     the folder of targets (default test/fuzz/targets)
  --replay FILE run the input of a reproducer again`;

function targetNames(targetsDir: string): string[] {
  return readdirSync(targetsDir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => basename(f, ".ts"))
    .sort();
}

/** Runs `task` in a worker, stopping it when one input runs longer than `timeoutMs`. */
function runInWorker(name: string, task: WorkerTask, timeoutMs: number): Promise<TargetResult> {
  const started = Date.now();
  return new Promise((done) => {
    // A worker thread does not inherit the TypeScript loader the runner was started with: it registers it itself.
    const worker = new Worker(`import { register } from "tsx/esm/api"; register(); await import(${JSON.stringify(pathToFileURL(workerFile).href)});`, { eval: true, workerData: task });
    let input: unknown;
    /** When the current input started; until the first, loading the target is timed against `LOAD_TIMEOUT_MS`. */
    let inputStarted: number | undefined;
    let firstInput: number | undefined;
    let counts = { accepted: 0, rejected: 0 };
    let ended = false;
    const end = (result: Omit<TargetResult, "name" | "seconds" | "loadSeconds">): void => {
      if (ended) return;
      ended = true;
      clearInterval(watch);
      void worker.terminate();
      const now = Date.now();
      done({ name, loadSeconds: ((firstInput ?? now) - started) / 1000, seconds: (now - (firstInput ?? now)) / 1000, ...result });
    };
    const watch = setInterval(() => {
      if (inputStarted === undefined) {
        if (Date.now() - started > LOAD_TIMEOUT_MS) end({ accepted: 0, rejected: 0, finding: { kind: "hang", message: `loading the target took more than ${LOAD_TIMEOUT_MS} ms`, input: null } });
        return;
      }
      if (Date.now() - inputStarted <= timeoutMs) return;
      end({ ...counts, finding: { kind: "hang", message: `an input ran for more than ${timeoutMs} ms`, input } });
    }, Math.min(250, timeoutMs));
    worker.on("message", (message: WorkerMessage) => {
      if (message.kind === "start") {
        input = message.input;
        inputStarted = Date.now();
        firstInput ??= inputStarted;
        counts = { accepted: message.accepted, rejected: message.rejected };
        return;
      }
      end(message.finding !== undefined ? { accepted: message.accepted, rejected: message.rejected, finding: message.finding } : { accepted: message.accepted, rejected: message.rejected });
    });
    worker.on("error", (error) => end({ ...counts, finding: { kind: "throw", message: `the worker failed: ${String(error)}`, input } }));
    worker.on("exit", (code) => end({ ...counts, finding: { kind: "throw", message: `the worker stopped (exit code ${code}) before it finished`, input } }));
  });
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
}

function printSummary(results: readonly TargetResult[]): void {
  const count = (r: TargetResult, kind: FindingKind): string => String(r.finding?.kind === kind ? 1 : 0);
  const header = ["target", "inputs", "accepted", "rejected", "throws", "hangs", "wrong accepts", "load s", "run s", "inputs/s"];
  const rows = results.map((r) => {
    const inputs = r.accepted + r.rejected;
    return [r.name, String(inputs), String(r.accepted), String(r.rejected), count(r, "throw"), count(r, "hang"), count(r, "wrong-accept"), r.loadSeconds.toFixed(1), r.seconds.toFixed(1), (inputs / Math.max(r.seconds, 0.001)).toFixed(0)];
  });
  const total = results.reduce((n, r) => n + r.accepted + r.rejected, 0);
  rows.push(["total", String(total), "", "", String(results.filter((r) => r.finding?.kind === "throw").length), String(results.filter((r) => r.finding?.kind === "hang").length), String(results.filter((r) => r.finding?.kind === "wrong-accept").length), "", "", ""]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  console.log(`\n${pad(header, widths)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of rows) console.log(pad(row, widths));
}

function positive(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`${flag} must be a whole number above 0, not ${JSON.stringify(value)}\n\n${usage}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string" },
      runs: { type: "string" },
      target: { type: "string", multiple: true },
      timeout: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      replay: { type: "string" },
      dir: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help === true) return (console.log(usage), 0);
  const timeout = positive("--timeout", values.timeout) ?? 10_000;
  if (values.replay !== undefined) {
    const saved = loadReproducer(values.replay);
    console.log(`replaying a ${saved.kind} of ${saved.target}: ${saved.message.split("\n")[0]}`);
    const result = await runInWorker(saved.target, { file: resolve(saved.file), seed: 0, replay: { input: saved.input } }, timeout);
    if (result.finding === undefined) return (console.log(`the input is now ${result.accepted > 0 ? "accepted" : "rejected"}, with no throw, hang or wrong accept`), 0);
    return (console.log(`still a ${result.finding.kind}: ${result.finding.message}`), 1);
  }
  const runs = positive("--runs", values.runs);
  const seconds = runs === undefined ? (positive("--seconds", values.seconds) ?? 60) : positive("--seconds", values.seconds);
  const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
  const targetsDir = resolve(values.dir ?? defaultTargets);
  const known = targetNames(targetsDir);
  const chosen = values.target ?? known;
  const unknown = chosen.filter((t) => !known.includes(t));
  if (unknown.length > 0) return (console.error(`no fuzz target ${unknown.join(", ")}; targets: ${known.join(", ")}`), 2);
  const out = resolve(values.out ?? "fuzz-findings");
  console.log(`fuzzing ${chosen.length} targets, ${runs !== undefined ? `${runs} inputs` : ""}${runs !== undefined && seconds !== undefined ? " or " : ""}${seconds !== undefined ? `${seconds} s` : ""} each, seed ${seed}, timeout ${timeout} ms per input`);
  const results: TargetResult[] = [];
  for (const name of chosen) {
    const file = join(targetsDir, `${name}.ts`);
    const result = await runInWorker(name, { file, seed, ...(runs !== undefined ? { runs } : {}), ...(seconds !== undefined ? { seconds } : {}) }, timeout);
    results.push(result);
    const inputs = result.accepted + result.rejected;
    if (result.finding === undefined) console.log(`${name}: ${inputs} inputs, no finding`);
    else console.log(`${name}: ${result.finding.kind} after ${inputs} inputs: ${result.finding.message}\n  reproducer: ${saveReproducer(out, { target: name, file: relative(process.cwd(), file), ...result.finding })}`);
  }
  printSummary(results);
  return results.some((r) => r.finding !== undefined) ? 1 : 0;
}

process.exitCode = await main();
