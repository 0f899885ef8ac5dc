// Types for the parts of @lhncbc/ucum-lhc Steward calls (the package ships none).
declare module "@lhncbc/ucum-lhc" {
  interface UcumUtils {
    validateUnitString(unit: string, suggest?: boolean): { status: "valid" | "invalid" | "error"; ucumCode: string | null; msg: string[] };
    convertUnitTo(from: string, value: number, to: string): { status: "succeeded" | "failed" | "error"; toVal: number | null; msg: string[] };
  }
  const ucum: { UcumLhcUtils: { getInstance(): UcumUtils } };
  export = ucum;
}
