/**
 * Loads the guidelines a command evaluates: rule files (compiled here) and, for `eval` and
 * `explain`, compiled IR files as `steward compile` writes them (`-` reads one from standard input).
 */
import { prepare, type Diagnostic, type GuidelineIR } from "@steward/core";
import { compile, loadProgram } from "@steward/dsl";
import { maxJsonBytes, readRegularFile } from "@steward/dsl/node";
import { parseJson } from "@steward/json";
import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { collectFiles, diskHost, RULE_FILE_EXTENSION, STDIN, type RuleFileAccess } from "./files.js";
import type { Output } from "./io.js";
import { renderDiagnostic, renderFileDiagnostic } from "./render.js";
import type { Style } from "./style.js";

/** The extension of compiled guideline files looked for in directories. */
export const IR_FILE_EXTENSION = ".ir.json";

/** Guidelines ready to prepare, or what stopped them loading. */
export interface LoadedGuidelines {
  readonly guidelines: readonly GuidelineIR[];
  /** Problems, each with the compiled file it is about (a rule file's diagnostics carry their own span). */
  readonly problems: readonly { readonly file?: string; readonly diagnostic: Diagnostic }[];
  readonly texts: ReadonlyMap<string, string>;
}

/** Compiles every guideline in the rule files under `paths`. */
export function loadGuidelines(paths: readonly string[], stdin: () => string, access: RuleFileAccess): LoadedGuidelines {
  return compileRuleFiles(collectFiles(paths), stdin, access);
}

/**
 * Compiles the rule files and reads the compiled IR files under `paths`: a directory gives its rule
 * files and its `*.ir.json` files; a file ending `.json`, or `-`, is compiled IR. Each IR file is
 * checked on its own, so a malformed one or one of another IR version is named.
 */
export function loadGuidelinesOrIr(paths: readonly string[], stdin: () => string, access: RuleFileAccess): LoadedGuidelines {
  const files = collectFiles(paths, [RULE_FILE_EXTENSION, IR_FILE_EXTENSION]);
  const isIr = (file: string): boolean => file === STDIN || file.endsWith(".json");
  const rules = compileRuleFiles(files.filter((f) => !isIr(f)), stdin, access);
  const guidelines = [...rules.guidelines];
  const problems = [...rules.problems];
  for (const file of files.filter(isIr)) {
    const text = file === STDIN ? stdin() : readRegularFile(file, maxJsonBytes);
    if (typeof text !== "string") {
      problems.push({ file, diagnostic: { code: "io/unreadable", severity: "error", message: `cannot read \`${file}\`${text === undefined ? "" : `: ${text.refused}`}` } });
      continue;
    }
    const parsed = parseJson(text, "the compiled guideline");
    const checked = isLeft(parsed) ? parsed : prepare([parsed.right]);
    if (isLeft(checked)) problems.push(...checked.left.map((diagnostic) => ({ file, diagnostic })));
    // invariant: prepare accepted it, so it is a guideline's IR
    else if (isRight(parsed)) guidelines.push(parsed.right as GuidelineIR);
  }
  return { guidelines, problems, texts: rules.texts };
}

function compileRuleFiles(files: readonly string[], stdin: () => string, access: RuleFileAccess): LoadedGuidelines {
  const host = diskHost(stdin, access);
  const program = loadProgram(files, host, access);
  const guidelines: GuidelineIR[] = [];
  for (const file of files) {
    const source = program.files.get(file);
    if (source === undefined || !source.ast.items.some((i) => i.kind === "guideline")) continue;
    const result = compile(program, file);
    // The whole program is checked each time: the first failure already lists every error.
    if (isLeft(result)) return { guidelines: [], problems: result.left.map((diagnostic) => ({ diagnostic })), texts: host.texts };
    guidelines.push(result.right);
  }
  return { guidelines, problems: [], texts: host.texts };
}

/** Prints what stopped the guidelines loading, each compiled file's problems under its name. */
export function printProblems(out: Output, loaded: LoadedGuidelines, style: Style): void {
  for (const { file, diagnostic } of loaded.problems) {
    out.error(file === undefined ? `${renderDiagnostic(diagnostic, (f) => loaded.texts.get(f), style)}\n` : renderFileDiagnostic(file, diagnostic, style));
  }
}
