/**
 * Reproducers: a finding of `pnpm fuzz` saved as a JSON file, and read back for `pnpm fuzz --replay`.
 * Inputs are written as JSON with the values JSON cannot hold (undefined, NaN, ±Infinity, -0, BigInt)
 * tagged, so an input replays exactly as it was generated.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What went wrong with an input. */
export type FindingKind = "throw" | "hang" | "wrong-accept";

/** A finding as saved: enough to run the input again through the same target. */
export interface Reproducer {
  readonly target: string;
  /** The target's file, relative to the working folder the runner was started in. */
  readonly file: string;
  readonly kind: FindingKind;
  readonly message: string;
  /** The fast-check seed and shrink path the input was found with, when it was found by a property run. */
  readonly seed?: number;
  readonly path?: string;
  readonly input: unknown;
}

const TAG = "$fuzz";

function tag(_key: string, value: unknown): unknown {
  if (value === undefined) return { [TAG]: "undefined" };
  if (typeof value === "bigint") return { [TAG]: "bigint", value: value.toString() };
  if (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0))) return { [TAG]: "number", value: Object.is(value, -0) ? "-0" : String(value) };
  return value;
}

function untag(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || !(TAG in value)) return value;
  const tagged = value as { [TAG]: string; value?: string };
  if (tagged[TAG] === "undefined") return undefined;
  if (tagged[TAG] === "bigint") return BigInt(tagged.value ?? "0");
  if (tagged[TAG] === "number") return tagged.value === "-0" ? -0 : Number(tagged.value);
  return value;
}

/** `input` as JSON text with the values JSON cannot hold tagged; a value that cannot be written at all (a cycle) as its description. */
export function encodeInput(input: unknown): string {
  try {
    return JSON.stringify(input, tag, 2);
  } catch (e) {
    return JSON.stringify({ [TAG]: "unwritable", value: String(e) });
  }
}

/** The input `encodeInput` wrote. */
export function decodeInput(text: string): unknown {
  return JSON.parse(text, untag);
}

/** Writes `finding` into `dir` and returns the file's path. */
export function saveReproducer(dir: string, finding: Reproducer): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${finding.target}-${finding.kind}-${new Date().toISOString().replaceAll(":", "-")}.json`);
  const { input, ...about } = finding;
  writeFileSync(file, `{\n"about": ${JSON.stringify(about)},\n"input": ${encodeInput(input)}\n}\n`);
  return file;
}

/** Reads a reproducer `saveReproducer` wrote. */
export function loadReproducer(file: string): Reproducer {
  const saved = decodeInput(readFileSync(file, "utf8")) as { about: Omit<Reproducer, "input">; input: unknown };
  return { ...saved.about, input: saved.input };
}
