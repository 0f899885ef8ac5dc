import { readFileSync } from "node:fs";
import { evaluate, renderDecision } from "@steward/core";
import { fromFhir } from "@steward/fhir";
import { bundledEvaluator, bundledGuidelines } from "../../test/support/guidelines.js";
const ev = bundledEvaluator(bundledGuidelines().filter((g) => g.guideline.settings.includes("primary-care")));
const [file, now] = process.argv.slice(2);
const input = JSON.parse(readFileSync(`/work/shared/conformance/synthea/${file}`, "utf8"));
for (const e of input.entry) { const r = e.resource; if (r.resourceType === "Encounter" && r.period.start.slice(0,10) === now!.slice(0,10)) console.log("ENC", r.class.code, r.period, r.type[0].text, r.reasonCode?.[0]?.coding?.[0]?.display); }
const res = fromFhir(input, { now: now!, setting: "primary-care" });
if (res._tag === "Left") { console.log(res.left); process.exit(); }
const c = res.right.context;
console.log(JSON.stringify({ setting: c.setting, patient: c.patient, diagnoses: c.diagnoses?.filter(d => d.status === "active"), allergies: c.allergies, orders: c.orders, obs: c.observations?.length, hist: c.medicationHistory?.map(h => [h.drug.display, h.authored]), micro: c.microbiology }, null, 1));
for (const d of res.right.diagnostics) if (d.severity !== "info") console.log(d.code, d.message);
const d = evaluate(ev, c, { now: now! });
if (d._tag === "Left") console.log(d.left); else console.log(renderDecision(d.right));
