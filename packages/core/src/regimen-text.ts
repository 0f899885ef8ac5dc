/** Writes a regimen as a prescriber reads it, in the same words the rule file uses. */
import type { DoseStep, Quantity, Regimen } from "./ir.js";

function quantity(q: Quantity): string {
  return q.unit === "" ? String(q.value) : `${q.value} ${q.unit}`;
}

function step(s: DoseStep): string {
  const parts = [quantity(s.dose)];
  if (s.max) parts.push(`max ${quantity(s.max)}`);
  if (s.form) parts.push(s.form);
  parts.push(s.route);
  parts.push(s.schedule.kind === "every" ? `every ${quantity(s.schedule.interval)}` : s.schedule.words);
  if (s.duration) {
    switch (s.duration.kind) {
      case "for":
        parts.push(`for ${quantity(s.duration.length)}`);
        break;
      case "to-complete":
        parts.push(`to complete ${quantity(s.duration.length)}`);
        break;
      case "until-review":
        parts.push("until review");
        break;
    }
  }
  return parts.join(" ");
}

/** The regimen as text: `400 mg oral once then 200 mg oral three times daily to complete 3 days`. */
export function regimenText(r: Regimen): string {
  return r.steps.map(step).join(" then ");
}
