import { describe, expect, test } from "vitest";
import { check, checkProgram, loadProgram, type ast } from "@steward/dsl";
import type { ir } from "@steward/core";

const files: Record<string, string> = {
  "/g/formulary.stw": `source bnf {
  title "BNF"
}

drug trimethoprim "Trimethoprim" {
  aware access
  routes oral
  cite bnf "Trimethoprim"
}
`,
  "/g/main.stw": `import "formulary.stw"

guideline g {
  title "G"
  version 1.0.0
  status draft
  settings primary-care
}

codes uti "UTI" {
  snomed 38822007 "Cystitis"
}

rule r {
  cite bnf
  when diagnosis in uti
  first choice trimethoprim 200 mg oral twice daily for 3 days
}
`,
};

const program = loadProgram(["/g/main.stw"], { read: (path) => files[path] });

describe("checkProgram: the checker's view of a program for tools", () => {
  test("has the same diagnostics as check", () => {
    expect(checkProgram(program).diagnostics).toEqual(check(program));
  });

  test("a file's scope holds its own names and the names it imports, each with the file declaring it", () => {
    const scope = checkProgram(program).scope("/g/main.stw");
    expect([...scope.entries()].map(([name, b]) => `${name} ${b.decl.kind} ${b.file}`).sort()).toEqual([
      "bnf source /g/formulary.stw",
      "r rule /g/main.stw",
      "trimethoprim drug /g/formulary.stw",
      "uti codes /g/main.stw",
    ]);
    expect(checkProgram(program).scope("/nowhere.stw").size).toBe(0);
  });

  test("gives the IR a declaration compiled to", () => {
    const checked = checkProgram(program);
    const drug = checked.scope("/g/main.stw").get("trimethoprim")!.decl as ast.DrugDecl;
    expect(checked.compiled(drug)).toMatchObject({ id: "trimethoprim", name: "Trimethoprim", aware: "access", routes: ["oral"] } satisfies Partial<ir.Drug>);
  });

  test("gives nothing for a declaration with errors", () => {
    const broken = loadProgram(["/b.stw"], { read: (path) => (path === "/b.stw" ? 'drug d "D" {\n  aware sometimes\n}\n' : undefined) });
    const checked = checkProgram(broken);
    expect(checked.diagnostics.map((d) => d.code)).toContain("check/unknown-word");
    expect(checked.compiled(checked.scope("/b.stw").get("d")!.decl)).toBeUndefined();
  });
});
