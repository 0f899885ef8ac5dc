/**
 * Where `evaluate` spends its time: runs it under V8's sampling CPU profiler (the profiler behind
 * `node --cpu-prof`, driven in-process through `node:inspector`) and prints the functions and files
 * with the most self time. Run alone, after `pnpm build`: `pnpm exec tsx bench/profile.ts`.
 */
import { Session } from "node:inspector/promises";
import { relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { evaluate, prepare } from "@steward/core";
import { compileGuidelines, repoRoot, unwrap } from "./guidelines.js";
import { generatePatients, NOW } from "./patients.js";
import { printMachine, printTable } from "./report.js";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

/** A file as a short name: repository-relative, or the package for dependencies. */
function shortFile(url: string): string {
  if (url === "") return "(V8 / native)";
  if (url.startsWith("node:")) return url;
  const path = url.startsWith("file:") ? fileURLToPath(url) : url;
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (dependency) return `${dependency[1]} (dependency)`;
  return relative(repoRoot, path);
}

/** A function as `name  file[:line]`; tsx emits each module on one line, so line 1 says nothing. */
function describeFrame(frame: ProfileNode["callFrame"]): string {
  const name = frame.functionName === "__name" || frame.functionName === "set name" ? `${frame.functionName} (tsx keepNames helper)` : frame.functionName || "(anonymous)";
  return `${name}  ${shortFile(frame.url)}${frame.url !== "" && frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : ""}`;
}

/** Shares of samples (not time deltas, which one slow sample can skew): self by function and file, and inclusive under `root`. */
export function selfTimes(profile: Profile, root = "runEvaluation"): { functions: [string, number][]; files: [string, number][]; inclusive: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let underRoot = 0;
  for (const id of profile.samples) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === "(idle)" || frame.functionName === "(program)") continue;
    total++;
    const name = describeFrame(frame);
    functions.set(name, (functions.get(name) ?? 0) + 1);
    const file = shortFile(frame.url);
    files.set(file, (files.get(file) ?? 0) + 1);
    const chain: string[] = [];
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)!.callFrame;
      if (f.functionName === root) {
        underRoot++;
        for (const n of new Set(chain)) inclusive.set(n, (inclusive.get(n) ?? 0) + 1);
        break;
      }
      if (f.functionName !== "" && f.functionName !== "(anonymous)") chain.push(describeFrame(f));
    }
  }
  const top = (m: Map<string, number>, of: number): [string, number][] => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, (100 * v) / of]);
  return { functions: top(functions, total), files: top(files, total), inclusive: top(inclusive, underRoot) };
}

/** Profiles `evaluate` over `count` generated patients after a warm-up, and prints the top self times. */
export async function runProfile(count = 20_000, top = 15): Promise<ReturnType<typeof selfTimes>> {
  console.log(`\n=== where the time goes in evaluate (V8 CPU profile of ${count.toLocaleString("en-GB")} evaluations) ===`);
  const evaluator = unwrap(prepare(compileGuidelines("guidelines")), "prepare");
  const patients = generatePatients(count);
  for (const p of patients.slice(0, 5000)) evaluate(evaluator, p, { now: NOW });
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  for (const p of patients) evaluate(evaluator, p, { now: NOW });
  const { profile } = (await session.post("Profiler.stop")) as { profile: Profile };
  session.disconnect();
  const result = selfTimes(profile);
  printTable("top functions by self time", ["function  file:line", "self %"], result.functions.slice(0, top).map(([name, pct]) => [name, `${pct.toFixed(1)}%`]));
  printTable("self time by file", ["file", "self %"], result.files.slice(0, 12).map(([name, pct]) => [name, `${pct.toFixed(1)}%`]));
  printTable("inclusive time of named functions, as a share of runEvaluation (evaluate's body)", ["function  file", "inclusive %"], result.inclusive.slice(0, top).map(([name, pct]) => [name, `${pct.toFixed(1)}%`]));
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  printMachine();
  await runProfile(Number(process.argv[2] ?? 20_000), 30);
}
