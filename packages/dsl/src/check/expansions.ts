/**
 * Resolves `snomed << concept` entries of a code list against the expansion file the list names
 * (`expansion "file.json"`), at compile time: the list gets every concept of the expansion, each
 * marked with the concept it is below, and the IR records which expansion each came from. A missing,
 * unreadable, incomplete or stale expansion is an error at the entry or the file name, never an
 * empty list.
 */
import type { ir } from "@steward/core";
import type * as ast from "../ast.js";
import { readExpansionFile, type ExpansionFile } from "../expansion.js";
import { pathRefusal, resolveImport } from "../paths.js";
import type { Checker } from "./context.js";

function implicitValueSet(code: string): string {
  return `http://snomed.info/sct?fhir_vs=ecl/<<${code}`;
}

function readFile(checker: Checker, path: string): ExpansionFile | undefined {
  const cached = checker.expansions.get(path);
  if (cached !== undefined) return cached;
  const text = checker.program.expansionFiles.get(path);
  if (text === undefined) return undefined;
  const read = readExpansionFile(text);
  checker.expansions.set(path, read);
  return read;
}

/**
 * The codes of a code list with its `<<` entries expanded, and where each expansion came from; undefined
 * (after reporting why) when an expansion is missing or unusable. `codes` are the list's checked entries.
 */
export function expandDescendants(checker: Checker, file: string, decl: ast.CodesDecl, codes: readonly ir.Coding[]): { codes: ir.Coding[]; expansions: ir.CodeListExpansion[] } | undefined {
  const entries = decl.entries.filter((e): e is ast.CodeEntry => e.kind === "code-entry" && e.descendants === true);
  if (entries.length === 0) return { codes: [...codes], expansions: [] };
  const field = decl.entries.find((e): e is ast.Field => e.kind === "field" && e.key.text === "expansion");
  const name = field?.values[0];
  if (name?.kind !== "text") {
    for (const e of entries) {
      checker.report(
        "check/missing-expansion",
        e.span,
        `\`<< ${e.code.text}\` needs an expansion, and the code list \`${decl.name.text}\` names no expansion file`,
        `add \`expansion "<file>.json"\` to the list: the result of \`$expand\` on \`${implicitValueSet(e.code.text)}\` from your terminology server`,
      );
    }
    return undefined;
  }
  const path = resolveImport(file, name.value);
  const refusal = pathRefusal(file, name.value, path, checker.program.root, ".json");
  if (refusal !== undefined) {
    checker.report(refusal.code, name.span, refusal.message, refusal.hint);
    return undefined;
  }
  const read = readFile(checker, path);
  if (read === undefined) {
    checker.report("check/expansion-not-found", name.span, `cannot read the expansion file \`${name.value}\``, `looked for \`${path}\`; the path is relative to the rule file`);
    return undefined;
  }
  if (!read.ok) {
    checker.report("check/invalid-expansion", name.span, `\`${name.value}\` cannot be used as an expansion: ${read.problem}`, "produce it again with `$expand` (docs/integration.md, expansion files)");
    return undefined;
  }
  const out = [...codes];
  const seen = new Set(codes.map((c) => `${c.system}|${c.code}`));
  const expansions: ir.CodeListExpansion[] = [];
  let ok = true;
  for (const e of entries) {
    const expansion = read.byFocus.get(e.code.text);
    if (expansion === undefined) {
      const held = [...read.byFocus.keys()].map((k) => `\`<<${k}\``).join(", ");
      checker.report("check/missing-expansion", e.code.span, `\`${name.value}\` holds no expansion of \`<<${e.code.text}\``, `it holds ${held}; add the result of \`$expand\` on \`${implicitValueSet(e.code.text)}\``);
      ok = false;
      continue;
    }
    if (!expansion.concepts.some((c) => c.code === e.code.text)) {
      checker.report(
        "check/stale-expansion",
        e.code.span,
        `the expansion of \`<<${e.code.text}\` in \`${name.value}\` does not contain \`${e.code.text}\` itself`,
        `the concept may be inactive in the release it was expanded from (${expansion.version ?? "version not recorded"}, ${expansion.timestamp}), or the expansion is of another concept: expand it again`,
      );
      ok = false;
      continue;
    }
    for (const c of [...expansion.concepts].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
      if (seen.has(`snomed|${c.code}`)) continue;
      seen.add(`snomed|${c.code}`);
      out.push({ system: "snomed", code: c.code, display: c.display, expandedFrom: e.code.text });
    }
    expansions.push({
      code: e.code.text,
      display: e.display.value,
      valueSet: expansion.valueSet,
      ...(expansion.version !== undefined ? { version: expansion.version } : {}),
      timestamp: expansion.timestamp,
      contentHash: expansion.contentHash,
      concepts: expansion.concepts.length,
    });
  }
  return ok ? { codes: out, expansions } : undefined;
}
