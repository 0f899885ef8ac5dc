// Code lists with `snomed << concept` (language §6.4) in analysis and diff: the regions include a
// patient coded below the concept, and a new expansion shows up as codes that moved.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isLeft } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import type { GuidelineIR } from "@steward/core";
import { compileText } from "@steward/dsl";
import { analyze, diffGuidelines, renderDiff } from "@steward/testing";
import { headerOf } from "./guidelines.js";

const sampleText = readFileSync(resolve(import.meta.dirname, "../../../test/fixtures/terminology/sample-uti-expansion.json"), "utf8");

const guideline = (version: string) => `${headerOf("uti-any", "Any urinary tract infection", version)}
codes uti-any "Urinary tract infection, any kind" {
  expansion "uti.json"
  snomed << 68566005 "Urinary tract infectious disease"
}

codes uti-unspecified "Urinary tract infection, not further specified" {
  snomed 68566005 "Urinary tract infectious disease"
}

rule specified-uti {
  cite nice "1.1"
  when diagnosis in uti-any and not (diagnosis in uti-unspecified)
  alert low "A specific urinary tract infection is coded" key specified-uti
}
`;

function compiled(version: string, expansion: string): GuidelineIR {
  const result = compileText(guideline(version), "uti-any.stw", { read: (p) => (p === "uti.json" ? expansion : undefined) });
  if (isLeft(result)) throw new Error(result.left.map((d) => d.message).join("; "));
  return result.right;
}

const v1 = compiled("1.0.0", sampleText);
const withoutPyelonephritis = (() => {
  const vs = JSON.parse(sampleText) as { expansion: { timestamp: string; total: number; contains: { code: string }[] } };
  vs.expansion.contains = vs.expansion.contains.filter((c) => c.code !== "45816000");
  vs.expansion.total = vs.expansion.contains.length;
  vs.expansion.timestamp = "2027-04-01T09:00:00Z";
  return JSON.stringify(vs);
})();
const v2 = compiled("1.1.0", withoutPyelonephritis);

describe("analysis", () => {
  test("tries a patient coded below the concept, so a rule only descendants reach is not called unreachable", () => {
    // Exact regions only: generated patients would find a descendant by chance.
    const analysis = analyze(v1, { now: "2026-06-01T12:00:00Z", searchRuns: 0 });
    expect(analysis.findings.filter((f) => f.kind === "unreachable")).toEqual([]);
  });
});

describe("diff", () => {
  const diff = diffGuidelines(v1, v2, { now: "2026-06-01T12:00:00Z" });

  test("lists the codes a new expansion drops, with the concept they were below and both expansions", () => {
    expect(diff.codeLists).toEqual([
      {
        id: "uti-any",
        added: [],
        removed: [{ system: "snomed", code: "45816000", display: "Pyelonephritis", expandedFrom: "68566005" }],
        expansionsBefore: v1.codeLists.find((l) => l.id === "uti-any")!.expansions,
        expansionsAfter: v2.codeLists.find((l) => l.id === "uti-any")!.expansions,
      },
    ]);
    expect(renderDiff(diff)).toContain("- 45816000 Pyelonephritis (below 68566005)");
    expect(renderDiff(diff)).toContain("expansions: <<68566005 expanded 2026-11-20T09:00:00Z → <<68566005 expanded 2027-04-01T09:00:00Z");
  });

  test("shows the decision change for a patient coded with the dropped code, with that patient as witness", () => {
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]!.before).toEqual(["low alert: A specific urinary tract infection is coded"]);
    expect(diff.changes[0]!.after).toEqual([]);
    expect(diff.changes[0]!.witness.diagnoses).toEqual([{ code: { system: "http://snomed.info/sct", code: "45816000" } }]);
  });
});
