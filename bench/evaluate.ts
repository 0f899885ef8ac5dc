/**
 * Evaluation bench: 100,000 generated patients through `prepare` once and
 * `evaluate(evaluator, context, { now })` per patient — against NG109 alone (compared like for like
 * with a hand-written NG109, bench/ng109-hand-written.ts) and against every guideline in
 * guidelines/ — and through the context schema alone; then the same patients against K extra
 * guidelines that cannot apply to them (flatness).
 *
 * Each implementation gets a warm-up pass, three throughput passes (one clock around the loop; the
 * median is reported, since a major GC landing in one pass moves it a lot) and a latency pass
 * (hrtime around each call); memory is sampled every 1,000 calls in all passes.
 * Run alone, after `pnpm build`: `pnpm exec tsx bench/evaluate.ts`.
 */
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { evaluate, PatientContextSchema, prepare, type Decision, type Evaluator, type GuidelineIR, type PatientContextInput } from "@steward/core";
import { compileText } from "@steward/dsl";
import { unrelatedGuideline } from "./generate-guideline.js";
import { compileGuidelines, unwrap } from "./guidelines.js";
import { handWrittenNg109 } from "./ng109-hand-written.js";
import { generatePatients, NOW } from "./patients.js";
import { formatNumber, mb, ms, printMachine, printTable, ratio, us, type Row } from "./report.js";
import { collectGarbage, MemorySampler, msSince, summarise, type Summary } from "./stats.js";

/** Sizes of the runs; the defaults keep `pnpm bench` to a couple of minutes on two cores. */
export interface EvaluateBenchOptions {
  readonly patients: number;
  readonly warmup: number;
  readonly flatPatients: number;
  readonly extraGuidelines: readonly number[];
  readonly sample: number;
}

/** The default sizes (override with BENCH_PATIENTS, BENCH_FLAT_PATIENTS). */
export const defaultOptions: EvaluateBenchOptions = {
  patients: Number(process.env["BENCH_PATIENTS"] ?? 100_000),
  warmup: 5_000,
  flatPatients: Number(process.env["BENCH_FLAT_PATIENTS"] ?? 5_000),
  extraGuidelines: [0, 10, 100, 1000],
  sample: 200,
};

/** Throughput, latency and memory of one implementation over the patients. */
export interface Measurement {
  readonly name: string;
  /** Median of the throughput passes, and the slowest and fastest. */
  readonly perSecond: number;
  readonly perSecondRange: readonly [number, number];
  readonly latency: Summary;
  readonly heapPeak: number;
  readonly heapDelta: number;
  readonly rssPeak: number;
  readonly rssDelta: number;
  /** Heap still in use after a full GC at the end, minus before: what the calls kept alive. */
  readonly heapRetained: number;
  readonly failures: number;
}

/** Results of the evaluation bench. */
export interface EvaluateResult {
  /** Steward with NG109 alone: the like-for-like comparison with the hand-written function. */
  readonly steward: Measurement;
  /** Steward with every guideline in guidelines/. */
  readonly stewardAll: Measurement;
  readonly handWritten: Measurement;
  readonly validation: Measurement;
  readonly mismatches: number;
  readonly sampled: number;
  readonly flatness: readonly { readonly extra: number; readonly perSecond: number; readonly ratio: number }[];
  readonly flatPatients: number;
}

/** A call under test: returns false when the implementation rejected the input. */
type Call = (context: PatientContextInput) => boolean;

/** Warm-up, throughput pass and latency pass of `call` over `patients`. */
export function measure(name: string, call: Call, patients: readonly PatientContextInput[], warmup: number): Measurement {
  for (let i = 0; i < Math.min(warmup, patients.length); i++) call(patients[i]!);
  const memory = new MemorySampler();
  let failures = 0;

  const rates: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    failures = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < patients.length; i++) {
      if (!call(patients[i]!)) failures++;
      if (i % 1000 === 0) memory.sample();
    }
    rates.push(patients.length / (msSince(start) / 1000));
  }
  rates.sort((a, b) => a - b);

  const latencies = new Float64Array(patients.length);
  for (let i = 0; i < patients.length; i++) {
    const t = process.hrtime.bigint();
    call(patients[i]!);
    latencies[i] = Number(process.hrtime.bigint() - t) / 1e6;
    if (i % 1000 === 0) memory.sample();
  }
  memory.sample();
  collectGarbage();
  return {
    name,
    perSecond: rates[1]!,
    perSecondRange: [rates[0]!, rates[2]!],
    latency: summarise(latencies),
    heapPeak: memory.heapPeak,
    heapDelta: memory.heapPeak - memory.heapBefore,
    rssPeak: memory.rssPeak,
    rssDelta: memory.rssPeak - memory.rssBefore,
    heapRetained: process.memoryUsage().heapUsed - memory.heapBefore,
    failures,
  };
}

/** What the sanity check compares: treatments as drug + rank + regimen texts, and alert keys. */
function essentials(d: Decision): unknown {
  return {
    treatments: d.treatments.map((t) => [t.drug.id, t.rank, t.regimens.map((r) => r.text)]),
    alerts: d.alerts.map((a) => a.key),
  };
}

function stewardCall(evaluator: Evaluator): Call {
  return (context) => evaluate(evaluator, context, { now: NOW })._tag === "Right";
}

/** Runs the evaluation bench and prints its tables. */
export function runEvaluateBench(options: EvaluateBenchOptions = defaultOptions): EvaluateResult {
  console.log("\n=== evaluate: throughput, latency and memory ===");
  let t = process.hrtime.bigint();
  const guidelines = compileGuidelines("guidelines");
  const evaluator = unwrap(prepare(guidelines), "prepare");
  console.log(`guidelines: ${guidelines.map((g) => `${g.guideline.id} (${g.rules.length} rules)`).join(", ")}; compiled and prepared in ${ms(msSince(t))}`);
  const ng109 = guidelines.find((g) => g.guideline.id === "ng109-lower-uti");
  if (ng109 === undefined) throw new Error("guidelines/ has no ng109-lower-uti guideline");
  const ng109Evaluator = unwrap(prepare([ng109]), "prepare NG109");
  const handWritten = handWrittenNg109(ng109.contentHash);

  t = process.hrtime.bigint();
  const patients = generatePatients(options.patients);
  console.log(`patients: ${formatNumber(patients.length)} generated in ${ms(msSince(t))} (seeded; evaluated at ${NOW})`);

  // Sanity check first: a fast hand-written function that decides differently proves nothing.
  const step = Math.max(1, Math.floor(patients.length / options.sample));
  let mismatches = 0;
  let fullMismatches = 0;
  let sampled = 0;
  let example: { index: number; steward: unknown; handWritten: unknown } | undefined;
  const differingFields = new Map<string, number>();
  for (let i = 0; i < patients.length && sampled < options.sample; i += step, sampled++) {
    const s = evaluate(ng109Evaluator, patients[i], { now: NOW });
    if (s._tag === "Left") throw new Error(`patient ${i} rejected: ${s.left[0]?.message}`);
    const h = handWritten(patients[i]!, { now: NOW });
    if (!isDeepStrictEqual(essentials(s.right), essentials(h))) {
      mismatches++;
      example ??= { index: i, steward: essentials(s.right), handWritten: essentials(h) };
    }
    // Plain JSON on both sides, so only content counts (not key order or shared objects).
    const plain = (d: Decision): Record<string, unknown> => JSON.parse(JSON.stringify(d)) as Record<string, unknown>;
    const [a, b] = [plain(s.right), plain(h)];
    if (!isDeepStrictEqual(a, b)) {
      fullMismatches++;
      for (const key of Object.keys(a)) if (!isDeepStrictEqual(a[key], b[key])) differingFields.set(key, (differingFields.get(key) ?? 0) + 1);
    }
  }
  console.log(`sanity check on ${sampled} patients (every ${formatNumber(step)}th): ${mismatches} mismatches in treatments (drug, rank, regimen texts) and alert keys; ${fullMismatches} whole Decisions differ`);
  if (differingFields.size > 0) console.log(`  Decision fields that differ (patients): ${[...differingFields].map(([k, n]) => `${k} (${n})`).join(", ")}`);
  if (example !== undefined) {
    console.log(`first mismatch, patient ${example.index}: ${JSON.stringify(patients[example.index])}`);
    console.log(`  Steward:      ${JSON.stringify(example.steward)}`);
    console.log(`  hand-written: ${JSON.stringify(example.handWritten)}`);
  }

  const steward = measure("Steward evaluate(), NG109", stewardCall(ng109Evaluator), patients, options.warmup);
  const hand = measure("hand-written NG109", (c) => handWritten(c, { now: NOW }).guidelines.length === 1, patients, options.warmup);
  const stewardAll = measure(`Steward evaluate(), all ${guidelines.length} guidelines`, stewardCall(evaluator), patients, options.warmup);
  const validation = measure("zod PatientContextSchema.safeParse only", (c) => PatientContextSchema.safeParse(c).success, patients, options.warmup);
  collectGarbage();

  const rows: Row[] = [steward, hand, stewardAll, validation].map((m) => [
    m.name,
    `${formatNumber(m.perSecond)}/s`,
    `${formatNumber(m.perSecondRange[0])}–${formatNumber(m.perSecondRange[1])}`,
    us(m.latency.median),
    us(m.latency.p99),
    us(m.latency.mean),
    mb(m.heapPeak),
    mb(m.heapDelta),
    mb(m.heapRetained),
    mb(m.rssPeak),
    mb(m.rssDelta),
    String(m.failures),
  ]);
  printTable(
    `${formatNumber(patients.length)} patients per pass (warm-up ${formatNumber(options.warmup)}; throughput: median of 3 passes and range; latency: hrtime per call)`,
    ["implementation", "evaluations", "range", "p50", "p99", "mean", "heap peak", "heap Δ", "retained", "rss peak", "rss Δ", "rejected"],
    rows,
  );
  console.log("heap peak and Δ include garbage not yet collected (V8 lets it grow to hundreds of MB between major GCs); `retained` is what is still live after a full GC");
  const timeRatio = hand.perSecond / steward.perSecond;
  printTable("Steward (NG109 alone) / hand-written NG109", ["measure", "Steward", "hand-written", "Steward / hand-written"], [
    ["throughput (evaluations/s)", formatNumber(steward.perSecond), formatNumber(hand.perSecond), `${(steward.perSecond / hand.perSecond).toFixed(3)} (hand-written is ${ratio(timeRatio)} faster)`],
    ["p50 latency", us(steward.latency.median), us(hand.latency.median), ratio(steward.latency.median / hand.latency.median)],
    ["p99 latency", us(steward.latency.p99), us(hand.latency.p99), ratio(steward.latency.p99 / hand.latency.p99)],
  ]);
  console.log(`zod validation alone is ${formatNumber((100 * validation.latency.mean) / steward.latency.mean)}% of Steward's mean evaluation time (p50 ${us(validation.latency.median)} of ${us(steward.latency.median)})`);

  // Flatness: the same patients against guidelines/ plus K guidelines they can never trigger.
  const most = Math.max(...options.extraGuidelines);
  t = process.hrtime.bigint();
  const extra: GuidelineIR[] = [];
  for (let i = 0; i < most; i++) extra.push(unwrap(compileText(unrelatedGuideline(i), `generated/unrelated-${i}.stw`), `compiling unrelated guideline ${i}`));
  console.log(`\nflatness: compiled ${formatNumber(most)} unrelated guidelines in ${ms(msSince(t))} (4 rules each, all needing ICD-10 B-chapter diagnoses no patient has)`);
  const flatPatients = patients.slice(0, options.flatPatients);
  const flatness: EvaluateResult["flatness"][number][] = [];
  for (const k of options.extraGuidelines) {
    t = process.hrtime.bigint();
    const withExtra = unwrap(prepare([...guidelines, ...extra.slice(0, k)]), `prepare with ${k} extra guidelines`);
    const prepareMs = msSince(t);
    const call = stewardCall(withExtra);
    // A fresh `prepare` means fresh closures, which V8 must warm up again: up to 3,000 calls or 2 s.
    const warm = process.hrtime.bigint();
    for (let i = 0; i < Math.min(3000, flatPatients.length) && msSince(warm) < 2000; i++) call(flatPatients[i]!);
    // Median of three passes: one major GC landing in a pass moves it a lot.
    const rates: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      collectGarbage();
      const start = process.hrtime.bigint();
      for (const p of flatPatients) call(p);
      rates.push(flatPatients.length / (msSince(start) / 1000));
    }
    const perSecond = rates.sort((a, b) => a - b)[1]!;
    flatness.push({ extra: k, perSecond, ratio: perSecond / (flatness[0]?.perSecond ?? perSecond) });
    console.log(`  K = ${k}: prepare ${ms(prepareMs)}, ${formatNumber(perSecond)} evaluations/s`);
  }
  printTable(
    `flatness: the first ${formatNumber(flatPatients.length)} patients against guidelines/ plus K unrelated guidelines`,
    ["K extra guidelines", "evaluations/s", "µs per evaluation", "ratio to K = 0"],
    flatness.map((f) => [f.extra, `${formatNumber(f.perSecond)}/s`, us(1000 / f.perSecond), ratio(f.ratio)]),
  );
  return { steward, stewardAll, handWritten: hand, validation, mismatches, sampled, flatness, flatPatients: flatPatients.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  printMachine();
  runEvaluateBench();
}
