/**
 * The words of an alert's or action's card (`summary`, `detail`, `override`), and the proof that
 * every summary fits a CDS Hooks card: with each placeholder at the longest value the evaluator lets
 * it take in a summary, it must be under 140 characters. An alert whose own
 * message can be longer and that has no summary gets a warning, since its card would shorten it.
 */
import { courseFields, cultureFields, PLACEHOLDER_LIMIT, SUMMARY_LIMIT, type ir } from "@steward/core";
import type * as ast from "../ast.js";
import { wordLists } from "./conditions.js";
import type { Checker } from "./context.js";

// invariant: the evaluator fills a word-valued field with one of its words or, for a fact not
// recorded, with at most 14 characters (`(not recorded)`, `(not reviewed)`); a time with 20
// (`2026-11-25T09:00:00Z`) or at most 30 (`(collection time not recorded)`); anything else is cut
// to PLACEHOLDER_LIMIT in a summary (core's evaluate.ts, `fill`).
const NOT_RECORDED = 14;
const TIME = 30;

/** The longest value a placeholder (`course route`, `culture organism`) takes in a summary. */
export function placeholderLength(name: string): number {
  const [subject, field] = name.trim().split(/\s+/);
  const type = (subject === "course" ? courseFields : subject === "culture" ? cultureFields : []).find((f) => f.name === field)?.type;
  if (type?.kind === "word") return Math.max(NOT_RECORDED, ...wordLists[type.domain].map((w) => [...w].length));
  if (type?.kind === "datetime") return TIME;
  return PLACEHOLDER_LIMIT;
}

/** What a card's text compiles to, or undefined when it has errors (reported). */
export type CardTextIr = ir.CardText & { overrideReasons?: ir.OverrideReason[] };

/** The longest a text can be once its placeholders are filled, and that text with each placeholder's length. */
export function worstCase(text: string): { readonly length: number; readonly text: string } {
  const longest = text.replace(/\{([^{}]*)\}/g, (_, name: string) => "x".repeat(placeholderLength(name)));
  return { length: [...longest].length, text: text.replace(/\{([^{}]*)\}/g, (_, name: string) => `{${name.trim()}: ${placeholderLength(name)} characters}`) };
}

/**
 * Checks the card text of a clause (`what` names it in messages) and lowers it; `template` checks
 * placeholders. Override reasons are for alerts only; `message`, for an alert, is checked too.
 */
export function elaborateCardText(
  checker: Checker,
  card: readonly ast.CardTextPart[],
  clause: { readonly kind: string; readonly span: ast.AlertClause["span"] },
  template: (text: ast.Text) => string,
  message?: ast.Text,
): CardTextIr | undefined {
  let ok = true;
  const out: { summary?: string; detail?: string; overrideReasons?: ir.OverrideReason[] } = {};
  const codes = new Set<string>();
  for (const part of card) {
    const word = part.word.text;
    if (word === "override") {
      if (clause.kind !== "alert") {
        checker.report("check/unknown-field", part.word.span, "override reasons are given for alerts only", "put `override <code> \"…\"` under the rule's `alert`");
        ok = false;
        continue;
      }
      const code = part.code?.text;
      if (code === undefined || codes.has(code)) {
        checker.report(code === undefined ? "check/missing-field" : "check/duplicate-field", part.word.span, code === undefined ? "an override reason needs a code" : `the override reason \`${code}\` is given twice`, 'write `override <code> "what the clinician reads"`');
        ok = false;
        continue;
      }
      codes.add(code);
      (out.overrideReasons ??= []).push({ code, display: part.text.value });
      continue;
    }
    if (part.code !== undefined) {
      checker.report("check/unknown-field", part.code.span, `\`${word}\` takes only its text`, `write \`${word} "…"\``);
      ok = false;
      continue;
    }
    const key = word as "summary" | "detail";
    if (out[key] !== undefined) {
      checker.report("check/duplicate-field", part.word.span, `the ${clause.kind} already has a \`${word}\``);
      ok = false;
      continue;
    }
    out[key] = template(part.text);
    if (key === "summary") ok = provedShort(checker, part.text, "its summary", true) && ok;
  }
  // An alert without a summary shows its message; if that can be too long, the card has to shorten it.
  if (message !== undefined && out.summary === undefined) provedShort(checker, message, "the alert's message", false);
  return ok ? out : undefined;
}

/** Reports a text whose longest filling is not under 140 characters: an error for a summary, a warning for a message the card would shorten. */
function provedShort(checker: Checker, text: ast.Text, what: string, isSummary: boolean): boolean {
  const worst = worstCase(text.value);
  if (worst.length <= SUMMARY_LIMIT) return true;
  checker.report(
    "check/summary-too-long",
    text.span,
    `${what} can be ${worst.length} characters long, with each placeholder at its longest; a card summary must be under 140`,
    isSummary ? `shorten it by ${worst.length - SUMMARY_LIMIT}: the longest it can be is "${worst.text}"` : 'add `summary "…"` under the alert, under 140 characters, for its card',
    isSummary ? "error" : "warning",
  );
  return false;
}
