import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fromFhir } from "@steward/fhir";
const base = "/work/shared/conformance";
const files = process.argv.slice(2);
for (const f of files) {
  const input = JSON.parse(readFileSync(join(base, f), "utf8"));
  const a = fromFhir(input, { now: "2026-11-25T09:00:00Z" });
  const b = fromFhir(input, { now: "2026-11-25T09:00:00Z", setting: "primary-care" });
  const own = a._tag === "Left" ? a.left.filter((d) => d.severity === "error").map((d) => d.code)[0] : a.right.context.setting;
  if (b._tag === "Left") { console.log(`  ["${f}", { own: "${own}", refused: "${b.left.filter((d) => d.severity === "error").map((d) => d.code)[0]}" }],`); continue; }
  const lists = Object.keys(b.right.context).filter((k) => k !== "patient" && k !== "setting");
  const counts: Record<string, number> = {};
  for (const d of b.right.diagnostics) counts[d.code.slice(5)] = (counts[d.code.slice(5)] ?? 0) + 1;
  console.log(`  ["${f}", { own: "${own}", lists: ${JSON.stringify(lists.join(" "))}, diagnostics: ${JSON.stringify(Object.entries(counts).map(([k, v]) => v === 1 ? k : `${k}×${v}`).join(" "))} }],`);
}
