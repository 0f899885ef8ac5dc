/**
 * Scaling bench: one inpatient record with some of everything (orders, cultures, observations,
 * diagnoses, allergies, findings, past courses, acknowledgements), grown ×1, ×2, ×4 and ×8 in one
 * list at a time, and in every list at once; each size evaluated against every guideline in
 * guidelines/. The cost and the Decision's size should grow about as the record does: a ratio near
 * the factor is linear, one near its square is not. Sizes stay within the default limits, so this is
 * what a host can be sent. Run alone, after `pnpm build`: `pnpm exec tsx bench/scaling-records.ts`.
 */
import { pathToFileURL } from "node:url";
import { evaluate, prepare, type Evaluator, type PatientContextInput } from "@steward/core";
import { compileGuidelines, unwrap } from "./guidelines.js";
import { formatNumber, ms, printTable, ratio, type Row } from "./report.js";
import { msSince } from "./stats.js";

const NOW = "2026-11-25T09:00:00Z";
const FACTORS = [1, 2, 4, 8] as const;

const snomed = (code: string, display: string) => ({ system: "http://snomed.info/sct", code, display });
const hoursBefore = (h: number): string => new Date(Date.parse(NOW) - h * 3_600_000).toISOString().replace(".000Z", "Z");

/** The `i`th item of each list, distinct from every other (ids, times), as an inpatient's record holds them. */
const item: { readonly [K in Dimension]: (i: number) => unknown } = {
  orders: (i) => ({
    id: `rx-${i}`,
    status: i % 5 === 4 ? "draft" : "active",
    drug: { id: ["amoxicillin", "piperacillin-tazobactam", "gentamicin", "linezolid", "trimethoprim"][i % 5] },
    route: i % 5 === 4 ? "oral" : "iv",
    start: hoursBefore(60 + i),
    review: { outcome: "continue", at: hoursBefore(30 + (i % 20)) },
    indications: [snomed("10001005", "Bacterial sepsis")],
  }),
  microbiology: (i) => ({
    id: `culture-${i}`,
    specimen: i % 2 === 0 ? "blood" : "urine",
    status: "final",
    collected: hoursBefore(72 + i),
    reported: hoursBefore(20 + (i % 10)),
    organism: snomed("3092008", "Staphylococcus aureus"),
    susceptibilities: [
      { drug: { id: "amoxicillin" }, result: i % 3 === 0 ? "resistant" : "susceptible" },
      { drug: { id: "flucloxacillin" }, result: "susceptible" },
      { drug: { id: "gentamicin" }, result: "susceptible" },
      { drug: { id: "trimethoprim" }, result: i % 4 === 0 ? "resistant" : "susceptible" },
    ],
  }),
  observations: (i) => [
    { code: { system: "http://loinc.org", code: "8310-5" }, value: 37 + (i % 20) / 10, unit: "Cel", time: hoursBefore(i) },
    { code: { system: "http://loinc.org", code: "33914-3" }, value: 60 + (i % 30), unit: "mL/min/1.73m2", time: hoursBefore(i) },
    { code: snomed("1104051000000101", "NEWS2"), value: i % 8, unit: "{score}", time: hoursBefore(i) },
  ][i % 3],
  diagnoses: (i) => ({ id: `dx-${i}`, code: snomed(["10001005", "385093006", "38822007", "22298006", "195967001"][i % 5]!, "diagnosis"), status: i % 4 === 3 ? "resolved" : "active", recorded: hoursBefore(100 + i).slice(0, 10) }),
  allergies: (i) => ({ id: `allergy-${i}`, code: snomed(["91936005", "294505008", "293963004"][i % 3]!, "allergy"), verification: "confirmed", reaction: "rash" }),
  findings: (i) => ({ finding: ["clinical-signs-improving", "vomiting", "sepsis-suspected"][i % 3], present: i % 2 === 0, time: hoursBefore(i) }),
  medicationHistory: (i) => ({ id: `past-${i}`, status: "completed", drug: { id: "amoxicillin" }, route: "oral", start: hoursBefore(2000 + 200 * i), end: hoursBefore(1900 + 200 * i) }),
  acknowledgedAlerts: (i) => ({ key: `organism-resistant@rx-${i}+culture-${i}`, at: hoursBefore(2) }),
};

type Dimension = "orders" | "microbiology" | "observations" | "diagnoses" | "allergies" | "findings" | "medicationHistory" | "acknowledgedAlerts";

/** Items of each list at ×1; ×8 stays within the default limits (100 orders, 500 cultures …). */
const BASE: Readonly<Record<Dimension, number>> = { orders: 12, microbiology: 60, observations: 500, diagnoses: 50, allergies: 20, findings: 100, medicationHistory: 100, acknowledgedAlerts: 100 };

function patient(sizes: Readonly<Record<Dimension, number>>): PatientContextInput {
  const list = (d: Dimension) => Array.from({ length: sizes[d] }, (_, i) => item[d](i));
  return {
    patient: { birthDate: "1960-03-13", sex: "male", weight: { value: 80, unit: "kg" } },
    setting: "inpatient",
    admitted: hoursBefore(96),
    orders: list("orders"),
    microbiology: list("microbiology"),
    observations: list("observations"),
    diagnoses: list("diagnoses"),
    allergies: list("allergies"),
    findings: list("findings"),
    medicationHistory: list("medicationHistory"),
    acknowledgedAlerts: list("acknowledgedAlerts"),
  } as PatientContextInput;
}

/** The median of `runs` timed evaluations, the Decision's size as JSON, and its alert count. */
function measure(evaluator: Evaluator, context: PatientContextInput, runs: number): { time: number; bytes: number; alerts: number } {
  const times: number[] = [];
  let bytes = 0;
  let alerts = 0;
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    const decision = unwrap(evaluate(evaluator, context, { now: NOW }), "evaluating a scaled patient");
    times.push(msSince(start));
    bytes = JSON.stringify(decision).length;
    alerts = decision.alerts.length + decision.suppressedAlerts.length;
  }
  return { time: times.sort((a, b) => a - b)[Math.floor(runs / 2)]!, bytes, alerts };
}

/** One dimension's growth: time and Decision size at each factor, and their ratios to ×1. */
export interface Scaling {
  readonly dimension: string;
  readonly points: readonly { readonly factor: number; readonly items: number; readonly time: number; readonly bytes: number; readonly alerts: number }[];
  /** Time at ×8 over time at ×1. */
  readonly timeRatio: number;
  /** Decision size at ×8 over size at ×1. */
  readonly sizeRatio: number;
}

/** Runs the scaling bench and prints one table per dimension. */
export function runScalingBench(runs = Number(process.env["BENCH_SCALING_RUNS"] ?? 5)): Scaling[] {
  const evaluator = unwrap(prepare(compileGuidelines("guidelines")), "preparing the guidelines");
  const dimensions: [string, readonly Dimension[]][] = [...(Object.keys(BASE) as Dimension[]).map((d): [string, Dimension[]] => [d, [d]]), ["every list at once", Object.keys(BASE) as Dimension[]]];
  measure(evaluator, patient(BASE), runs); // warm-up
  const out: Scaling[] = [];
  for (const [name, grown] of dimensions) {
    const points = FACTORS.map((factor) => {
      const sizes = { ...BASE };
      for (const d of grown) sizes[d] = BASE[d] * factor;
      return { factor, items: grown.reduce((n, d) => n + sizes[d], 0), ...measure(evaluator, patient(sizes), runs) };
    });
    const first = points[0]!;
    const last = points[points.length - 1]!;
    const result: Scaling = { dimension: name, points, timeRatio: last.time / first.time, sizeRatio: last.bytes / first.bytes };
    out.push(result);
    const rows: Row[] = points.map((p) => [`×${p.factor}`, formatNumber(p.items), ms(p.time), ratio(p.time / first.time), `${formatNumber(p.bytes / 1024)} kB`, ratio(p.bytes / first.bytes), formatNumber(p.alerts)]);
    printTable(`scaling: ${name}`, ["factor", "items", "evaluate (median)", "time ratio", "Decision", "size ratio", "alerts"], rows);
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) runScalingBench();
