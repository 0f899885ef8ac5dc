/** Checks the guideline header: every field present, well formed, and the review date after approval. */
import { vocabulary, type ir } from "@steward/core";
import type * as ast from "../ast.js";
import { suggest, type Checker } from "./context.js";
import { isCalendarDate, readFields, type FieldRule } from "./fields.js";

const headerFields: Record<string, FieldRule> = {
  title: { shape: "text", required: true, example: '"Urinary tract infection (lower): antimicrobial prescribing"' },
  version: { shape: "version", required: true, example: "1.0.0" },
  status: { shape: "word", required: true, example: "draft" },
  settings: { shape: "words", required: true, example: "primary-care, community-pharmacy" },
  owner: { shape: "text", required: true, example: '"Antimicrobial stewardship committee"' },
  approved: { shape: "date", required: true, example: "2025-01-31" },
  "review-by": { shape: "date", required: true, example: "2027-01-31" },
};

/** Checks a guideline header and returns it as IR, or undefined if any part is wrong. */
export function elaborateHeader(checker: Checker, decl: ast.GuidelineDecl): ir.GuidelineHeader | undefined {
  for (const entry of decl.entries) {
    if (entry.kind !== "field") {
      checker.report("check/unknown-field", entry.span, `the guideline header holds fields only; ${entry.kind === "cite" ? "citations belong in rules" : "codes belong in a `codes` list"}`);
    }
  }
  const fields = readFields(checker, decl.entries, headerFields, decl.name, "the guideline", !checker.hasSyntaxErrorIn(decl.span));
  let ok = fields.size === Object.keys(headerFields).length;

  const status = fields.get("status");
  if (status?.shape === "word") {
    const words = vocabulary.wordsOf(vocabulary.guidelineStatuses);
    if (!words.includes(status.value)) {
      checker.report("check/unknown-word", status.span, `\`${status.value}\` is not a guideline status`, suggest(status.value, words));
      ok = false;
    }
  }
  const settings = fields.get("settings");
  if (settings?.shape === "words") {
    const words = vocabulary.wordsOf(vocabulary.careSettings);
    const seen = new Set<string>();
    for (const s of settings.values) {
      if (!words.includes(s.text)) {
        checker.report("check/unknown-word", s.span, `\`${s.text}\` is not a care setting`, suggest(s.text, words));
        ok = false;
      } else if (seen.has(s.text)) {
        checker.report("check/duplicate-field", s.span, `\`${s.text}\` is listed twice`, undefined, "warning");
      }
      seen.add(s.text);
    }
  }
  for (const key of ["approved", "review-by"]) {
    const date = fields.get(key);
    if (date?.shape === "date" && !isCalendarDate(date.value)) {
      checker.report("check/invalid-date", date.span, `\`${date.value}\` is not a calendar date`);
      ok = false;
    }
  }
  const approved = fields.get("approved");
  const reviewBy = fields.get("review-by");
  if (approved?.shape === "date" && reviewBy?.shape === "date" && isCalendarDate(approved.value) && isCalendarDate(reviewBy.value) && reviewBy.value <= approved.value) {
    checker.report("check/review-before-approval", reviewBy.span, `the review date \`${reviewBy.value}\` is not after the approval date \`${approved.value}\``);
    ok = false;
  }
  if (!ok) return undefined;
  const text = (k: string): string => {
    const f = fields.get(k);
    return f !== undefined && "value" in f ? f.value : "";
  };
  return {
    id: decl.name.text,
    title: text("title"),
    version: text("version"),
    status: text("status") as ir.GuidelineHeader["status"],
    settings: settings?.shape === "words" ? (settings.values.map((s) => s.text).filter((s, i, all) => all.indexOf(s) === i) as ir.GuidelineHeader["settings"]) : [],
    owner: text("owner"),
    approved: text("approved"),
    reviewBy: text("review-by"),
  };
}
