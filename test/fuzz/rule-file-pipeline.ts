/**
 * What the rule-file fuzz targets share: one run of a program held in memory through every stage a host uses
 * (load, check, format, compile, prepare, evaluate, explain), reporting an input that one stage
 * accepts and a later one then refuses or fails on. The stages never throw; a throw is a finding
 * the runner records.
 */
import { evaluate, explain, hasErrors, prepare, type Diagnostic } from "@steward/core";
import { check, compile, format, loadProgram, parse, type Limits, type SourceHost } from "@steward/dsl";
import type { FuzzOutcome } from "./target.js";

/** A context every guideline can be evaluated for: nothing recorded, so every condition is unknown. */
const emptyContext = { setting: "primary-care", patient: {} };
const NOW = "2026-06-15T12:00:00Z";

function codes(diagnostics: readonly Diagnostic[]): string {
  return [...new Set(diagnostics.map((d) => d.code))].join(", ");
}

/**
 * Loads `root` from `files` and runs it through every stage. Wrong accepts: check reports no error
 * but compile refuses; compile accepts but prepare refuses; prepare accepts but evaluating or
 * explaining fails inside the evaluator; a file that parses cleanly is formatted into text that does
 * not parse, or that formats differently again.
 */
export function throughThePipeline(files: Readonly<Record<string, string>>, root: string, limits: Partial<Limits> = {}, host?: SourceHost): FuzzOutcome {
  const reader: SourceHost = host ?? { read: (path) => files[path] };
  const program = loadProgram([root], reader, { limits });
  for (const file of program.files.values()) {
    if (hasErrors(file.parseDiagnostics)) continue;
    const formatted = format(file.ast);
    const again = parse(formatted, file.path, { limits: { ...limits, fileSize: Math.max(formatted.length, limits.fileSize ?? 0) } });
    if (hasErrors(again.diagnostics)) return { outcome: "accepted", wrongAccept: `format wrote ${file.path} as text that does not parse: ${codes(again.diagnostics)}` };
    if (format(again.ast) !== formatted) return { outcome: "accepted", wrongAccept: `format is not idempotent on ${file.path}` };
  }
  const checked = check(program);
  const compiled = compile(program, root);
  if (compiled._tag === "Left") {
    // A file with no guideline header and no rules is a library file: check accepts it, compile is right to refuse it.
    const notAGuideline = compiled.left.every((d) => d.code === "check/missing-header");
    return hasErrors(checked) || notAGuideline ? { outcome: "rejected" } : { outcome: "rejected", wrongAccept: `check found no error but compile refused: ${codes(compiled.left)}` };
  }
  const prepared = prepare([compiled.right]);
  if (prepared._tag === "Left") return { outcome: "accepted", wrongAccept: `compile accepted but prepare refused: ${codes(prepared.left)}` };
  for (const [stage, result] of [
    ["evaluate", evaluate(prepared.right, emptyContext, { now: NOW })],
    ["explain", explain(prepared.right, emptyContext, { now: NOW })],
  ] as const) {
    if (result._tag === "Left") return { outcome: "accepted", wrongAccept: `prepare accepted but ${stage} failed: ${codes(result.left)}` };
  }
  return { outcome: "accepted" };
}
