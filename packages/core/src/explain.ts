/**
 * `explain`: the same evaluation as `evaluate`, traced. For every rule of every guideline it says
 * whether the rule fired, did not, or could not be decided, with the value each condition saw, and
 * what became of each treatment option. `renderExplanation` prints it for a clinician.
 */
import { isLeft, right, type Either } from "#fp-ts/either";
import type { ConditionTrace } from "./condition.js";
import type { Decision } from "./decision-types.js";
import type { Diagnostic } from "./diagnostic.js";
import { guarded, runEvaluation, type EvaluateOptions } from "./evaluate.js";
import { describeMissing } from "./missing-data.js";
import type { Evaluator } from "./prepare.js";
import { isUnknown } from "./tri.js";

/** What became of one treatment option of a rule that fired. */
export interface OptionExplanation {
  readonly rank: string;
  readonly drug: string;
  readonly status: "offered" | "excluded" | "withheld";
  readonly reason?: string;
  readonly condition?: ConditionTrace;
  /** The traced conditions of the contraindications and resistances checked for the drug. */
  readonly checks?: readonly ConditionTrace[];
}

/** How one rule came out, and why. */
export interface RuleExplanation {
  readonly rule: string;
  readonly source: string;
  readonly status: "fired" | "not-fired" | "unknown";
  /** Why the rule was not looked at in detail (no diagnosis it needs), if so. */
  readonly skipped?: string;
  readonly condition?: ConditionTrace;
  readonly missing: readonly string[];
  readonly options: readonly OptionExplanation[];
}

/** The trace of one guideline. */
export interface GuidelineExplanation {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly contentHash: string;
  readonly applies: boolean;
  readonly rules: readonly RuleExplanation[];
  /** The contraindication and resistance conditions the order checks evaluated for this guideline's formulary. */
  readonly orderChecks: readonly ConditionTrace[];
}

/** The Decision together with the trace of every rule. */
export interface Explanation {
  readonly decision: Decision;
  readonly guidelines: readonly GuidelineExplanation[];
}

/** Evaluates with a trace of every rule; the Decision is the same one `evaluate` returns. */
export function explain(guidelines: Evaluator | readonly unknown[], context: unknown, options: EvaluateOptions): Either<readonly Diagnostic[], Explanation> {
  const run = guarded(() => runEvaluation(guidelines, context, options, true));
  if (isLeft(run)) return run;
  const { decision, outcomes } = run.right;
  return right({
    decision,
    guidelines: outcomes.map((g) => ({
      id: g.guideline.ir.guideline.id,
      title: g.guideline.ir.guideline.title,
      version: g.guideline.ir.guideline.version,
      contentHash: g.guideline.ir.contentHash,
      applies: g.applies,
      orderChecks: g.orderChecks,
      rules: g.rules.map((r): RuleExplanation => ({
        rule: r.rule.rule.id,
        source: r.rule.label,
        status: r.result === true ? "fired" : isUnknown(r.result) ? "unknown" : "not-fired",
        ...(r.skipped ? { skipped: "the patient has none of the diagnoses this rule requires" } : {}),
        ...(r.trace !== undefined ? { condition: r.trace } : {}),
        missing: isUnknown(r.result) ? r.result.missing.map((k) => describeMissing(k, g.guideline.ir)) : [],
        options: r.options.map((o) => ({
          rank: o.option.option.rank,
          drug: o.option.drug.id,
          status: o.status,
          ...(o.reason !== undefined ? { reason: o.reason } : {}),
          ...(o.trace !== undefined ? { condition: o.trace } : {}),
          ...(o.checks.length > 0 ? { checks: o.checks } : {}),
        })),
      })),
    })),
  });
}

const marks = { true: "✓", false: "✗", unknown: "?" } as const;

function renderCondition(trace: ConditionTrace, indent: string, lines: string[]): void {
  const only = trace.children[0];
  if (trace.text === "not" && trace.children.length === 1 && only !== undefined && only.children.length === 0) {
    // `not pregnant` reads better on one line than as a node with one child
    const seen = only.seen.length > 0 ? `   [${only.seen.join("; ")}]` : "";
    lines.push(`${indent}${marks[trace.result]} not ${only.text}${seen}`);
    return;
  }
  const seen = trace.seen.length > 0 ? `   [${trace.seen.join("; ")}]` : "";
  lines.push(`${indent}${marks[trace.result]} ${trace.text}${seen}`);
  for (const child of trace.children) renderCondition(child, `${indent}  `, lines);
}

/** The explanation as plain text: one block per guideline, one entry per rule, conditions as a tree. */
export function renderExplanation(explanation: Explanation): string {
  const lines: string[] = [];
  for (const g of explanation.guidelines) {
    lines.push(`${g.title} (${g.id} ${g.version}, ${g.contentHash.slice(0, 19)}…)`);
    if (!g.applies) {
      lines.push("  does not apply in this care setting", "");
      continue;
    }
    for (const r of g.rules) {
      const word = r.status === "fired" ? "FIRED    " : r.status === "unknown" ? "UNKNOWN  " : "not fired";
      lines.push(`  ${word} ${r.rule} — ${r.source}`);
      if (r.skipped !== undefined) lines.push(`      ${r.skipped}`);
      if (r.condition !== undefined) renderCondition(r.condition, "      ", lines);
      if (r.missing.length > 0) lines.push(`      would be decided by: ${r.missing.join("; ")}`);
      for (const o of r.options) {
        lines.push(`      ${o.status.padEnd(8)} ${o.rank} choice ${o.drug}${o.reason !== undefined ? ` — ${o.reason}` : ""}`);
      }
    }
    lines.push("");
  }
  return lines.join("\n").trimEnd();
}
