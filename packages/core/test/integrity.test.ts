import { isLeft, isRight } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import { maxConditionDepth, maxIrDepth, prepare, type GuidelineIR, type ir } from "@steward/core";
import { guidelineHash } from "../src/content-hash.js";
import { compileNg109, compileRules, cystitis, decide, egfr, patient, rehashed, rule } from "./support/evaluation.js";

const ng109 = compileNg109();

/** NG109 with nitrofurantoin's renal contraindication moved from an eGFR below 45 to one below `threshold`. */
function withRenalThreshold(threshold: number): GuidelineIR {
  const edited = structuredClone(ng109) as GuidelineIR & { contraindications: ir.Contraindication[] };
  const renal = edited.contraindications.find((c) => JSON.stringify(c.when).includes('"value":45'));
  if (renal === undefined || renal.when.kind !== "compare" || renal.when.right.kind !== "quantity") throw new Error("NG109 has no contraindication at an eGFR of 45");
  (renal.when.right as { value: number }).value = threshold;
  return edited;
}

function codes(result: ReturnType<typeof prepare>): string[] {
  return isLeft(result) ? result.left.map((d) => d.code) : [];
}

describe("prepare checks that the IR is what was compiled (its content hash)", () => {
  test("NG109 edited by hand (nitrofurantoin's eGFR 45 changed to 4.5) is refused with eval/content-hash-mismatch, naming the guideline and its hash", () => {
    const result = prepare([withRenalThreshold(4.5)]);
    expect(codes(result)).toEqual(["eval/content-hash-mismatch"]);
    const message = isLeft(result) ? result.left[0]!.message : "";
    expect(message).toContain("`ng109-lower-uti`");
    expect(message).toContain(ng109.contentHash);
  });

  test("a hash edited to match another IR is refused too: the hash is worked out from the content, not trusted", () => {
    const other = compileRules(rule("uti", "diagnosis in lower-uti"));
    expect(codes(prepare([{ ...withRenalThreshold(4.5), contentHash: other.contentHash }]))).toEqual(["eval/content-hash-mismatch"]);
    expect(codes(prepare([{ ...ng109, contentHash: `sha256:${"0".repeat(64)}` }]))).toEqual(["eval/content-hash-mismatch"]);
  });

  test("the compiled IR, and the same IR after a JSON round trip, are accepted", () => {
    expect(isRight(prepare([ng109]))).toBe(true);
    expect(isRight(prepare([JSON.parse(JSON.stringify(ng109))]))).toBe(true);
  });

  test("Decisions cite the hash of what was evaluated: an IR that states its own new hash is evaluated under that hash", () => {
    const edited = rehashed(withRenalThreshold(30));
    expect(edited.contentHash).not.toBe(ng109.contentHash);
    expect(edited.contentHash).toBe(guidelineHash(edited));
    // A woman of 30 with cystitis and an eGFR of 40, as examples/patients/02 records her.
    const context = patient({ patient: { birthDate: "1996-05-14", sex: "female", pregnancy: { status: "not-pregnant" } }, diagnoses: [cystitis], allergies: [], orders: [], microbiology: [], observations: [egfr(40, "2026-06-01T09:00:00Z")] });
    const decision = decide([edited], context);
    const hashes = new Set([...decision.guidelines.map((g) => g.contentHash), ...decision.treatments.map((t) => t.provenance.contentHash), ...decision.alerts.map((a) => a.provenance.contentHash)]);
    expect([...hashes]).toEqual([edited.contentHash]);
    // With the threshold at 30, an eGFR of 40 no longer rules nitrofurantoin out.
    expect(decision.treatments.map((t) => t.drug.id)).toContain("nitrofurantoin");
    expect(decide([ng109], context).treatments.map((t) => t.drug.id)).not.toContain("nitrofurantoin");
  });
});

describe("prepare never recurses without bound over the IR", () => {
  /** The test guideline with `defines` added and a rule reading the last of them. */
  function withDefines(defines: ir.Define[]): GuidelineIR {
    const base = compileRules(rule("uti", "diagnosis in lower-uti"));
    const last = defines[defines.length - 1]!.id;
    const rules = [{ ...base.rules[0]!, when: { kind: "truth", value: { kind: "define", id: last }, text: last } }];
    return rehashed({ ...base, defines: [...base.defines, ...defines], rules } as GuidelineIR);
  }
  const chain = (n: number): ir.Define[] =>
    Array.from({ length: n }, (_, i): ir.Define => ({
      id: `d${i}`,
      expr: i === 0 ? { kind: "known", value: { kind: "patient", field: "age" }, negated: false, text: "age is known" } : { kind: "truth", value: { kind: "define", id: `d${i - 1}` }, text: `d${i - 1}` },
    }));

  test("2,000 chained defines are refused with a diagnostic, not a stack overflow", () => {
    const result = prepare([withDefines(chain(2000))]);
    expect(codes(result)).toEqual(["eval/invalid-guideline"]);
    expect(isLeft(result) ? result.left[0]!.message : "").toContain(`more than ${maxConditionDepth} levels deep`);
  });

  test(`a chain of defines just within ${maxConditionDepth} levels is prepared and evaluated`, () => {
    const result = prepare([withDefines(chain(maxConditionDepth - 2))]);
    expect(codes(result)).toEqual([]);
    expect(decide([withDefines(chain(maxConditionDepth - 2))], patient({ patient: { age: 40 }, diagnoses: [cystitis] })).guidelines[0]!.rulesApplied).toEqual(["uti"]);
  });

  test("defines that name each other in a loop are refused", () => {
    const loop: ir.Define[] = [
      { id: "a", expr: { kind: "truth", value: { kind: "define", id: "b" }, text: "b" } },
      { id: "b", expr: { kind: "truth", value: { kind: "define", id: "a" }, text: "a" } },
    ];
    const result = prepare([withDefines(loop)]);
    expect(codes(result)).toEqual(["eval/invalid-guideline"]);
    expect(isLeft(result) ? result.left[0]!.message : "").toContain("depends on itself");
  });

  test("a rule condition nested 100,000 levels deep is refused before it is read", () => {
    const base = compileRules(rule("uti", "diagnosis in lower-uti"));
    let when: ir.Expr = base.rules[0]!.when;
    for (let i = 0; i < 100_000; i++) when = { kind: "not", arg: when };
    const result = prepare([{ ...base, rules: [{ ...base.rules[0]!, when }] }]);
    expect(codes(result)).toEqual(["eval/invalid-guideline"]);
    expect(isLeft(result) ? result.left[0]!.message : "").toContain(`more than ${maxIrDepth} levels deep`);
  });

  test("a guideline object that contains itself is refused, not walked for ever", () => {
    const base = compileRules(rule("uti", "diagnosis in lower-uti")) as GuidelineIR & { self?: unknown };
    const cyclic = { ...base } as Record<string, unknown>;
    cyclic["self"] = cyclic;
    expect(codes(prepare([cyclic]))).toEqual(["eval/invalid-guideline"]);
  });
});
