/** Builds each file's scope: its own declarations plus what it imports, and reports clashes and cycles. */
import type * as ast from "../ast.js";
import type { SourceFile } from "../program.js";
import { kindWords, type Checker, type Named, type Symbol } from "./context.js";

function isNamed(item: ast.Item): item is Named {
  return item.kind !== "import" && item.kind !== "guideline" && item.kind !== "tests" && item.kind !== "scenario";
}

/** Fills `checker.scopes` for every file of the program. */
export function buildScopes(checker: Checker): void {
  const own = new Map<string, Map<string, Symbol>>();
  for (const file of checker.program.files.values()) {
    const names = new Map<string, Symbol>();
    for (const item of file.ast.items) {
      if (!isNamed(item)) continue;
      const previous = names.get(item.name.text);
      if (previous !== undefined) {
        checker.report(
          "check/duplicate-id",
          item.name.span,
          `\`${item.name.text}\` is already declared as ${kindWords[previous.decl.kind]} on line ${previous.decl.name.span.line}`,
          "each name in a file must be unique",
        );
        continue;
      }
      names.set(item.name.text, { decl: item, file: file.path });
    }
    own.set(file.path, names);
  }

  for (const file of checker.program.files.values()) {
    const scope = new Map(own.get(file.path));
    for (const imp of file.imports) {
      const exported = own.get(imp.path);
      if (exported === undefined) continue; // reported by the loader
      const wanted: [ast.Name | undefined, Symbol][] = [];
      if (imp.decl.names.length === 0) {
        for (const sym of exported.values()) if (sym.decl.kind !== "rule") wanted.push([undefined, sym]);
      } else {
        for (const name of imp.decl.names) {
          const sym = exported.get(name.text);
          if (sym === undefined) {
            checker.report("check/import-unknown-name", name.span, `\`${imp.decl.path.value}\` declares no \`${name.text}\``);
          } else if (sym.decl.kind === "rule") {
            checker.report("check/wrong-kind-of-name", name.span, `\`${name.text}\` is a rule; rules cannot be imported`);
          } else wanted.push([name, sym]);
        }
      }
      for (const [name, sym] of wanted) {
        const existing = scope.get(sym.decl.name.text);
        if (existing === undefined) scope.set(sym.decl.name.text, sym);
        else if (existing.decl !== sym.decl) {
          checker.report(
            "check/duplicate-id",
            name?.span ?? imp.decl.path.span,
            `importing \`${sym.decl.name.text}\` clashes with ${existing.file === file.path ? "a declaration in this file" : `\`${sym.decl.name.text}\` from \`${existing.file}\``}`,
            "rename one of them, or import only the names you need",
          );
        }
      }
    }
    checker.scopes.set(file.path, scope);
  }
  reportImportCycles(checker);
}

function reportImportCycles(checker: Checker): void {
  const state = new Map<string, "visiting" | "done">();
  const visit = (file: SourceFile, stack: string[]): void => {
    state.set(file.path, "visiting");
    for (const imp of file.imports) {
      const target = checker.program.files.get(imp.path);
      if (target === undefined) continue;
      const s = state.get(target.path);
      if (s === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(target.path)), file.path, target.path];
        checker.report("check/import-cycle", imp.decl.span, `this import closes a cycle: ${cycle.map((p) => `\`${p}\``).join(" → ")}`, "move the shared declarations into a file both can import");
      } else if (s === undefined) visit(target, [...stack, file.path]);
    }
    state.set(file.path, "done");
  };
  for (const file of [...checker.program.files.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (!state.has(file.path)) visit(file, []);
  }
}
