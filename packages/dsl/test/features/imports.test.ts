import { describe, expect, test } from "vitest";
import { check, loadProgram } from "@steward/dsl";
import { compileErrors, compileOk, formulary, header, memoryHost, ruleWhen, summary } from "./guideline.js";

const sources = `source bnf {
  title "BNF"
}

source unused-source {
  title "Never cited"
}
`;

const shared = `import "sources.stw"

${formulary.replace('drug nitrofurantoin "Nitrofurantoin" {', 'drug nitrofurantoin "Nitrofurantoin" {\n  cite bnf "Nitrofurantoin"')}
`;

/** Another guideline: importing it brings its declarations, never its header or rules. */
const other = `${header.replace("guideline test-guideline", "guideline other-guideline").replace("source nice", "source other-source")}
finding other-finding "Other"

rule other-rule {
  cite other-source
  when pregnant
  advice "from the other guideline"
}
`;

const prescribe = `rule r {
  cite nice
  when pregnant
  first choice amoxicillin 500 mg oral three times daily for 5 days
}
`;

describe("imports (§3)", () => {
  test("`import \"file\"` brings in every declaration of that file", () => {
    const ir = compileOk(`import "shared.stw"\n${header}\n${prescribe}`, { "shared.stw": shared, "sources.stw": sources });
    expect(ir.drugs.map((d) => d.id)).toEqual(["amoxicillin", "nitrofurantoin"]);
    expect(ir.classes.map((c) => c.id)).toEqual(["beta-lactams", "penicillins"]);
  });

  test("importing another guideline brings its declarations but neither its header nor its rules", () => {
    const ir = compileOk(`import "other.stw"\n${header}\n${ruleWhen("other-finding")}`, { "other.stw": other });
    expect(ir.guideline.id).toBe("test-guideline");
    expect(ir.findings.map((f) => f.id)).toEqual(["other-finding"]);
    expect(ir.sources.map((s) => s.id)).toEqual(["nice", "other-source"]);
    expect(ir.rules.map((r) => r.id)).toEqual(["r"]);
  });

  test("declarations the imported file itself imports come in only when something uses them", () => {
    const ir = compileOk(`import "shared.stw"\n${header}\n${prescribe}`, { "shared.stw": shared, "sources.stw": sources });
    // `bnf` is cited by nitrofurantoin; `unused-source` is in scope of shared.stw only and nobody cites it
    expect(ir.sources.map((s) => s.id)).toEqual(["bnf", "nice"]);
  });

  test("`import a, b from \"file\"` brings in only the names listed (and what they refer to)", () => {
    const ir = compileOk(`import amoxicillin from "shared.stw"\n${header}\n${prescribe}`, { "shared.stw": shared, "sources.stw": sources });
    expect(ir.drugs.map((d) => d.id)).toEqual(["amoxicillin"]);
    expect(ir.classes.map((c) => c.id)).toEqual(["beta-lactams", "penicillins"]);
    expect(ir.sources.map((s) => s.id)).toEqual(["nice"]);
  });

  test("a name not imported is not in scope", () => {
    const text = `import amoxicillin from "shared.stw"\n${header}\nrule r {\n  cite nice\n  when pregnant\n  first choice nitrofurantoin 50 mg oral four times daily for 3 days\n}\n`;
    expect(compileErrors(text, { "shared.stw": shared, "sources.stw": sources })).toEqual([
      { code: "check/drug-not-in-formulary", severity: "error", line: 19, column: 16 },
    ]);
  });

  test("import paths are relative to the importing file", () => {
    const files = {
      "guidelines/shared/formulary.stw": `import "../sources/sources.stw"\n${formulary}`,
      "guidelines/sources/sources.stw": sources,
    };
    const ir = compileOk(`import "../shared/formulary.stw"\n${header}\n${prescribe}`, files, "guidelines/uti/main.stw");
    expect(ir.drugs.map((d) => d.id)).toEqual(["amoxicillin", "nitrofurantoin"]);
  });

  test("a guideline whose path is written with a leading `./` still compiles", () => {
    expect(compileOk(header, {}, "./main.stw").guideline.id).toBe("test-guideline");
  });

  test("importing a file that cannot be read is reported at the path", () => {
    expect(compileErrors(`import "missing.stw"\n${header}`)).toEqual([{ code: "check/import-not-found", severity: "error", line: 1, column: 8 }]);
  });

  test("importing a name the file does not declare is reported at the name", () => {
    expect(compileErrors(`import amoxicilin from "shared.stw"\n${header}`, { "shared.stw": shared, "sources.stw": sources })).toEqual([
      { code: "check/import-unknown-name", severity: "error", line: 1, column: 8 },
    ]);
  });

  test("rules cannot be imported by name", () => {
    expect(compileErrors(`import other-rule from "other.stw"\n${header}`, { "other.stw": other })).toEqual([
      { code: "check/wrong-kind-of-name", severity: "error", line: 1, column: 8 },
    ]);
  });

  test("an imported name that clashes with a local declaration is reported", () => {
    const text = `import "shared.stw"\n${header}\ndrug amoxicillin "Local amoxicillin" {\n  routes oral\n}\n`;
    expect(compileErrors(text, { "shared.stw": shared, "sources.stw": sources })).toEqual([{ code: "check/duplicate-id", severity: "error", line: 1, column: 8 }]);
  });

  test("a cycle of imports is reported at the import that closes it", () => {
    const files = { "a.stw": `import "b.stw"\nfinding a-finding "A"\n`, "b.stw": `import "a.stw"\nfinding b-finding "B"\n` };
    const program = loadProgram(["a.stw"], memoryHost(files));
    expect(summary(check(program))).toEqual([{ code: "check/import-cycle", severity: "error", line: 1, column: 1 }]);
  });

  test("a file imported twice under different spellings of its path is read once", () => {
    const reads: string[] = [];
    const files: Record<string, string> = { "main.stw": `import "shared.stw"\nimport "./shared.stw"\n${header}`, "shared.stw": `finding f "F"\n` };
    loadProgram(["main.stw"], { read: (path) => (reads.push(path), files[path]) });
    expect(reads).toEqual(["main.stw", "shared.stw"]);
  });

  test("imports are not transitive: a name the imported file imports is not in scope", () => {
    const text = `import "shared.stw"\n${header}\nrule r {\n  cite bnf\n  when pregnant\n  advice "a"\n}\n`;
    expect(compileErrors(text, { "shared.stw": shared, "sources.stw": sources })).toEqual([{ code: "check/unknown-source", severity: "error", line: 17, column: 8 }]);
  });

  test("importing the same declaration by two routes is fine", () => {
    const files = { "shared.stw": shared, "sources.stw": sources };
    const ir = compileOk(`import "shared.stw"\nimport amoxicillin from "shared.stw"\n${header}\n${prescribe}`, files);
    expect(ir.drugs.map((d) => d.id)).toEqual(["amoxicillin", "nitrofurantoin"]);
  });

  test("an imported define can be used in a condition", () => {
    const files = { "defs.stw": `define adult = age >= 18 years\n` };
    const ir = compileOk(`import adult from "defs.stw"\n${header}\n${ruleWhen("adult")}`, files);
    expect(ir.defines).toEqual([{ id: "adult", expr: { kind: "compare", op: ">=", left: { kind: "patient", field: "age" }, right: { kind: "quantity", value: 18, unit: "years" }, text: "age >= 18 years" } }]);
    expect(ir.rules[0]!.when).toEqual({ kind: "truth", value: { kind: "define", id: "adult" }, text: "adult" });
  });
});

describe("paths a rule file names stay inside the guideline folder (§22.8)", () => {
  /** A host over `files` that records every path it is asked for. */
  function recordingHost(files: Readonly<Record<string, string>>): { read: (path: string) => string | undefined; asked: string[] } {
    const asked: string[] = [];
    return { asked, read: (path) => (asked.push(path), files[path]) };
  }
  const passwd = "root:x:0:0:root:/root:/bin/bash\n";

  test('`import "/etc/passwd"` is refused at the path without reading it, and nothing of the file appears in any diagnostic', () => {
    const host = recordingHost({ "main.stw": `import "/etc/passwd"\n${header}`, "/etc/passwd": passwd });
    const diagnostics = check(loadProgram(["main.stw"], host));
    expect(summary(diagnostics)).toEqual([{ code: "check/path-outside-root", severity: "error", line: 1, column: 8 }]);
    expect(host.asked).toEqual(["main.stw"]);
    expect(JSON.stringify(diagnostics)).not.toContain("root:x");
  });

  test("`..` that leads out of the root is refused; within the root it is followed", () => {
    const files = { "guidelines/uti/main.stw": `import "../shared.stw"\nimport "../../secret.stw"\n${header}`, "guidelines/shared.stw": 'finding shared "Shared"\n', "secret.stw": 'finding secret "Secret"\n' };
    const host = recordingHost(files);
    const diagnostics = check(loadProgram(["guidelines/uti/main.stw"], host, { root: "guidelines" }));
    expect(summary(diagnostics)).toEqual([{ code: "check/path-outside-root", severity: "error", line: 2, column: 8 }]);
    expect(host.asked).toEqual(["guidelines/uti/main.stw", "guidelines/shared.stw"]);
  });

  test("an import, a tests line or an expansion that names a file of the wrong kind is refused without reading it", () => {
    const main = `import "notes.txt"\n${header}\ncodes uti "UTI" {\n  expansion "uti.csv"\n  snomed << 68566005 "Urinary tract infectious disease"\n}\n`;
    const host = recordingHost({ "main.stw": main, "notes.txt": passwd, "uti.csv": passwd });
    const diagnostics = check(loadProgram(["main.stw"], host));
    expect(summary(diagnostics)).toEqual([
      { code: "check/wrong-file-type", severity: "error", line: 1, column: 8 },
      { code: "check/wrong-file-type", severity: "error", line: main.split("\n").indexOf('  expansion "uti.csv"') + 1, column: 13 },
    ]);
    expect(host.asked).toEqual(["main.stw"]);
    const tests = recordingHost({ "t.test.stw": 'tests "guideline.json"\n', "guideline.json": passwd });
    expect(summary(check(loadProgram(["t.test.stw"], tests))).map((d) => d.code)).toEqual(["check/wrong-file-type"]);
    expect(tests.asked).toEqual(["t.test.stw"]);
  });

  test("without a root, a path may not climb higher with `..` than the file naming it", () => {
    const host = recordingHost({ "main.stw": `import "../outside.stw"\n${header}` });
    expect(summary(check(loadProgram(["main.stw"], host))).map((d) => d.code)).toEqual(["check/path-outside-root"]);
    expect(host.asked).toEqual(["main.stw"]);
  });

  test("a host that will not read a file says why, and the diagnostic says it too", () => {
    const host = { read: (path: string) => (path === "main.stw" ? `import "pipe.stw"\n${header}` : { refused: "it is a named pipe, not a regular file" }) };
    const diagnostics = check(loadProgram(["main.stw"], host));
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([["check/import-not-found", "cannot read the imported file `pipe.stw`: it is a named pipe, not a regular file"]]);
  });
});
