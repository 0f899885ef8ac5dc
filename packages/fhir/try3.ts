import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fromFhir } from "@steward/fhir";
const base = "/work/shared/conformance";
const folders = ["fhir-r4/examples", "uk-core/examples-json", "synthea", "cds-hooks/spec-examples", "cds-hooks/hook-examples", "cds-hooks/logical-models-draft"];
for (const folder of folders) for (const f of readdirSync(join(base, folder)).sort()) {
  if (!f.endsWith(".json")) continue;
  const input = JSON.parse(readFileSync(join(base, folder, f), "utf8"));
  const a = fromFhir(input, { now: "2026-11-25T09:00:00Z" });
  const b = fromFhir(input, { now: "2026-11-25T09:00:00Z", setting: "primary-care" });
  const summary = (r: any) => r._tag === "Left" ? `LEFT ${r.left.filter((d: any) => d.severity === "error").map((d: any) => d.code).join(",")}` : `${Object.keys(r.right.context).filter(k => k !== "patient" && k !== "setting").join(",")} | ${Object.entries(r.right.diagnostics.reduce((m: any, d: any) => (m[d.code] = (m[d.code] ?? 0) + 1, m), {})).map(([k, v]) => `${k}×${v}`).join(" ")}`;
  console.log(`${folder}/${f}\n   own: ${a._tag === "Left" ? summary(a) : a.right.context.setting}\n   host: ${summary(b)}`);
  if (process.argv[2] && f.includes(process.argv[2]) && b._tag === "Right") for (const d of b.right.diagnostics) console.log("     ", d.severity, d.code, d.message);
}
