import { describe, expect, test } from "vitest";
import { compileErrors, compileOk, header } from "./guideline.js";

/** The header with one field line replaced (or removed, when `to` is empty). */
function withField(key: string, to: string): string {
  return header.replace(new RegExp(`\\n  ${key} [^\\n]*`), to === "" ? "" : `\n  ${to}`);
}

describe("the guideline header (§4)", () => {
  test("lowers every field to the IR header", () => {
    const ir = compileOk(header.replace("settings primary-care", "settings primary-care, inpatient"));
    expect(ir.guideline).toEqual({
      id: "test-guideline",
      title: "Test guideline",
      version: "1.0.0",
      status: "draft",
      settings: ["primary-care", "inpatient"],
      owner: "Stewardship group",
      approved: "2025-01-31",
      reviewBy: "2027-01-31",
    });
  });

  test("accepts a pre-release version", () => {
    expect(compileOk(withField("version", "version 2.1.0-rc.1")).guideline.version).toBe("2.1.0-rc.1");
  });

  test("a setting listed twice is a warning and appears once", () => {
    const ir = compileOk(withField("settings", "settings primary-care, inpatient, primary-care"));
    expect(ir.guideline.settings).toEqual(["primary-care", "inpatient"]);
  });

  test("a missing field is reported at the guideline's name", () => {
    expect(compileErrors(withField("owner", ""))).toEqual([{ code: "check/missing-field", severity: "error", line: 1, column: 11 }]);
  });

  test("an unknown status is reported at the word", () => {
    expect(compileErrors(withField("status", "status drafted"))).toEqual([{ code: "check/unknown-word", severity: "error", line: 4, column: 10 }]);
  });

  test("an unknown care setting is reported at the word", () => {
    expect(compileErrors(withField("settings", "settings primary-care, hospital"))).toEqual([{ code: "check/unknown-word", severity: "error", line: 5, column: 26 }]);
  });

  test("a version that is not semantic is reported", () => {
    expect(compileErrors(withField("version", 'version "one"'))).toEqual([{ code: "check/invalid-version", severity: "error", line: 3, column: 11 }]);
  });

  test("a date that is not on the calendar is reported", () => {
    expect(compileErrors(withField("approved", "approved 2025-02-30"))).toEqual([{ code: "check/invalid-date", severity: "error", line: 7, column: 12 }]);
  });

  test("a review date on or before the approval date is reported at the review date", () => {
    expect(compileErrors(withField("review-by", "review-by 2025-01-31"))).toEqual([{ code: "check/review-before-approval", severity: "error", line: 8, column: 13 }]);
  });

  test("a field the header does not have is reported", () => {
    expect(compileErrors(header.replace("  owner", '  author "me"\n  owner'))).toEqual([{ code: "check/unknown-field", severity: "error", line: 6, column: 3 }]);
  });

  test("a field given twice is reported at the second", () => {
    expect(compileErrors(header.replace("  owner", '  title "Again"\n  owner'))).toEqual([{ code: "check/duplicate-field", severity: "error", line: 6, column: 3 }]);
  });

  test("a file holds one guideline header", () => {
    const second = header.replace("guideline test-guideline", "guideline another").replace(/source nice \{[^}]*\}/, "");
    expect(compileErrors(`${header}\n${second}`)).toEqual([{ code: "check/duplicate-header", severity: "error", line: 15, column: 1 }]);
  });

  test("a file without a header does not compile", () => {
    expect(compileErrors('finding f "F"\n')).toEqual([{ code: "check/missing-header", severity: "error" }]);
  });
});
