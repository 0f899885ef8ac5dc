import { describe, expect, test } from "vitest";
import { regimenText, type ir } from "@steward/core";
import { format, parse } from "@steward/dsl";
import { choiceErrors, choiceHint, choiceLine, choiceRegimens, choiceRule } from "./guideline.js";




const daily = (perDay: number, words: string, orPerDay?: number): ir.Schedule => ({ kind: "daily", perDay, ...(orPerDay !== undefined ? { orPerDay } : {}), words });

describe("doses and frequencies given as alternatives (§14.10)", () => {
  test("NG84: phenoxymethylpenicillin 500 mg four times a day or 1,000 mg twice a day for 5 to 10 days is one regimen with two doses", () => {
    const rs = choiceRegimens("first choice phenoxymethylpenicillin 500 mg oral four times daily or 1000 mg twice daily for 5 to 10 days");
    expect(rs).toHaveLength(1);
    expect(rs[0]!.steps[0]).toMatchObject({ dose: { value: 500, unit: "mg" }, schedule: daily(4, "four times daily"), or: [{ dose: { value: 1000, unit: "mg" }, schedule: daily(2, "twice daily") }] });
    expect(regimenText(rs[0]!)).toBe("500 mg oral four times daily or 1000 mg twice daily for 5 to 10 days");
  });

  test("NG111: cefalexin 500 mg twice or three times a day is one dose at either frequency", () => {
    const rs = choiceRegimens("first choice cefalexin 500 mg oral twice or three times daily for 7 to 10 days");
    expect(rs[0]!.steps[0]!.schedule).toEqual(daily(2, "twice or three times daily", 3));
    expect(rs[0]!.steps[0]!.or).toBeUndefined();
    expect(regimenText(rs[0]!)).toBe("500 mg oral twice or three times daily for 7 to 10 days");
  });

  test("NG111 children: cefalexin 12.5 mg/kg or 125 mg twice a day gives the frequency once", () => {
    const rs = choiceRegimens("first choice cefalexin 12.5 mg/kg or 125 mg oral twice daily for 7 to 10 days");
    expect(rs[0]!.steps[0]).toMatchObject({ dose: { value: 12.5, unit: "mg/kg" }, schedule: daily(2, "twice daily"), or: [{ dose: { value: 125, unit: "mg" }, schedule: daily(2, "twice daily") }] });
    expect(regimenText(rs[0]!)).toBe("12.5 mg/kg or 125 mg oral twice daily for 7 to 10 days");
  });

  test("NG84 erythromycin: a range at one frequency or another range at another", () => {
    const rs = choiceRegimens("alternative choice erythromycin 250 mg to 500 mg oral four times daily or 500 mg to 1000 mg twice daily for 5 days");
    expect(regimenText(rs[0]!)).toBe("250 mg to 500 mg oral four times daily or 500 mg to 1000 mg twice daily for 5 days");
  });

  test("an `or` line after a regimen ending in a single dose starts another regimen, not another dose of that step", () => {
    const rs = choiceRegimens(`first choice amoxicillin 3 g oral once {
    or 500 mg oral three times daily for 5 days "if the single dose is not possible"
  }`);
    expect(rs.map(regimenText)).toEqual(["3 g oral once", "500 mg oral three times daily for 5 days"]);
  });

  test("doses that share a frequency give it once, and frequencies that share a dose give it once", () => {
    expect(choiceErrors("first choice cefalexin 12.5 mg/kg oral twice daily or 125 mg twice daily for 3 days")).toEqual([{ code: "check/invalid-value", severity: "error", line: choiceLine, column: 64 }]);
    expect(choiceHint("first choice cefalexin 12.5 mg/kg oral twice daily or 125 mg twice daily for 3 days")).toBe("write `12.5 mg/kg or 125 mg twice daily`");
    expect(choiceErrors("first choice cefalexin 500 mg oral twice daily or 500 mg three times daily for 7 days")).toEqual([{ code: "check/invalid-value", severity: "error", line: choiceLine, column: 60 }]);
    expect(choiceHint("first choice cefalexin 500 mg oral twice daily or 500 mg three times daily for 7 days")).toBe("write `500 mg twice or three times daily`");
  });

  test("a two-count frequency gives the smaller first, and says `times` for three or four", () => {
    expect(choiceErrors("first choice cefalexin 500 mg oral three or twice daily for 7 days")).toEqual([{ code: "check/invalid-value", severity: "error", line: choiceLine, column: 38 }]);
    expect(choiceHint("first choice cefalexin 500 mg oral three or twice daily for 7 days")).toBe("write `twice or three times daily`");
    expect(choiceHint("first choice cefalexin 500 mg oral twice or three daily for 7 days")).toBe("write `twice or three times daily`");
    expect(choiceHint("first choice cefalexin 500 mg oral twice times daily for 7 days")).toBe("write `twice daily`");
  });

  test("alternatives are written back as they are read", () => {
    for (const choice of [
      "first choice phenoxymethylpenicillin 500 mg oral four times daily or 1000 mg twice daily for 5 to 10 days",
      "first choice cefalexin 12.5 mg/kg or 125 mg oral twice daily for 7 to 10 days",
      "first choice cefalexin 500 mg oral twice or three times daily for 7 to 10 days",
    ]) {
      const text = choiceRule(choice);
      expect(format(parse(text).ast)).toBe(text);
    }
  });
});

describe("a dose on day 1, and the course total (§14.4, §14.6)", () => {
  test("NG120: doxycycline 200 mg on day 1 then 100 mg once a day for 4 days reads with its 5 days total", () => {
    const rs = choiceRegimens("first choice doxycycline 200 mg oral on day 1 then 100 mg once daily for 4 days");
    expect(rs[0]!.steps[0]!.schedule).toEqual({ kind: "on-day", day: 1 });
    expect(rs[0]!.steps[1]!.route).toBe("oral");
    expect(regimenText(rs[0]!)).toBe("200 mg oral on day 1 then 100 mg oral once daily for 4 days (5 days total)");
  });

  test("NG141: with a range, the total is a range", () => {
    expect(regimenText(choiceRegimens("first choice doxycycline 200 mg oral on day 1 then 100 mg once daily for 4 to 6 days")[0]!)).toBe("200 mg oral on day 1 then 100 mg oral once daily for 4 to 6 days (5 to 7 days total)");
  });

  test("a course ending `to complete`, or with a step of open length, has no total added", () => {
    expect(regimenText(choiceRegimens("first choice doxycycline 200 mg oral on day 1 then 100 mg once daily to complete 5 days")[0]!)).toBe("200 mg oral on day 1 then 100 mg oral once daily to complete 5 days");
    expect(regimenText(choiceRegimens("first choice amoxicillin 1 g iv three times daily until review then 500 mg oral three times daily for 5 days")[0]!)).toBe("1 g iv three times daily until review then 500 mg oral three times daily for 5 days");
  });

  test("`on day 1` is the first of several steps, and takes no duration; other days are reported", () => {
    expect(choiceErrors("first choice doxycycline 200 mg oral on day 1")).toEqual([{ code: "check/conflicting-clauses", severity: "error", line: choiceLine, column: 40 }]);
    expect(choiceErrors("first choice doxycycline 200 mg oral once then 100 mg on day 1 then 100 mg once daily for 3 days")[0]?.code).toBe("check/conflicting-clauses");
    expect(choiceErrors("first choice doxycycline 200 mg oral on day 2 then 100 mg once daily for 4 days")).toEqual([{ code: "check/invalid-value", severity: "error", line: choiceLine, column: 40 }]);
    expect(choiceErrors("first choice doxycycline 200 mg oral on day 1 for 1 day then 100 mg once daily for 4 days")).toEqual([{ code: "check/conflicting-clauses", severity: "error", line: choiceLine, column: 49 }]);
  });
});
