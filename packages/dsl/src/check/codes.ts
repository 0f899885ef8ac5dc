/** Checks code entries: a known code system, a well-formed code (with its check digit), no repeats. */
import { codeSystems, findCodeSystem, type ir } from "@steward/core";
import type * as ast from "../ast.js";
import { suggest, type Checker } from "./context.js";

/**
 * Checks the code entries of a block against the systems allowed there and returns them as IR
 * codings; entries with problems are reported and left out.
 */
export function checkCodes(checker: Checker, entries: readonly (ast.BlockEntry | ast.ScoreEntry)[], allowed: readonly ir.Coding["system"][], descendantsAllowed = false): ir.Coding[] {
  const out: ir.Coding[] = [];
  const seen = new Map<string, ast.CodeEntry>();
  for (const entry of entries) {
    if (entry.kind !== "code-entry") continue;
    const system = findCodeSystem(entry.system.text);
    if (system === undefined) {
      checker.report(
        "check/unknown-code-system",
        entry.system.span,
        `unknown code system \`${entry.system.text}\``,
        suggest(entry.system.text, codeSystems.map((s) => s.word)),
      );
      continue;
    }
    if (!allowed.includes(system.word)) {
      checker.report(
        "check/unknown-code-system",
        entry.system.span,
        `${system.title} codes cannot be used here`,
        `use ${allowed.map((a) => `\`${a}\``).join(" or ")}`,
      );
      continue;
    }
    if (entry.descendants && (!descendantsAllowed || system.word !== "snomed")) {
      checker.report(
        "check/invalid-value",
        entry.span,
        "`<<` (a concept and every concept below it) is for SNOMED CT codes in a code list",
        descendantsAllowed ? "write the SNOMED CT concept, or list the codes one by one" : "list the codes one by one, or name a code list that uses `<<`",
      );
      continue;
    }
    const problem = system.problem(entry.code.text);
    if (problem !== undefined) {
      checker.report("check/malformed-code", entry.code.span, `\`${entry.code.text}\` is not a valid ${system.title} code: ${problem}`, `a valid ${system.title} code looks like \`${system.example}\``);
      continue;
    }
    const key = `${system.word}|${entry.code.text}`;
    const previous = seen.get(key);
    if (previous !== undefined) {
      checker.report("check/duplicate-code", entry.code.span, `\`${entry.code.text}\` is already listed on line ${previous.span.line}`, undefined, "warning");
      continue;
    }
    seen.set(key, entry);
    out.push({
      system: system.word,
      code: entry.code.text,
      display: entry.display.value,
      ...(entry.unverified ? { unverified: entry.unverified.value } : {}),
    });
  }
  return out;
}
