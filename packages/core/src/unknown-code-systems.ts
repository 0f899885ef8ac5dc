/**
 * Codings in a patient context whose code system Steward does not know (say Read codes, or a
 * misspelt SNOMED CT URI). Such a code can match nothing, so the Decision lists where each was sent
 * rather than treating it silently as absent.
 */
import { findContextCodeSystem } from "./code-systems.js";
import type { ContextCoding, PatientContext } from "./context.js";
import type { UnknownCodeSystem } from "./decision.js";

/** Every coding of the context with its JSON pointer. */
export function* codings(ctx: PatientContext): Generator<[string, ContextCoding]> {
  for (const [i, d] of (ctx.diagnoses ?? []).entries()) yield [`/diagnoses/${i}/code`, d.code];
  for (const [i, a] of (ctx.allergies ?? []).entries()) {
    if (a.code) yield [`/allergies/${i}/code`, a.code];
    for (const [j, m] of (a.manifestations ?? []).entries()) yield [`/allergies/${i}/manifestations/${j}`, m];
  }
  for (const [i, o] of (ctx.observations ?? []).entries()) yield [`/observations/${i}/code`, o.code];
  for (const [i, f] of (ctx.findings ?? []).entries()) if (f.code) yield [`/findings/${i}/code`, f.code];
  for (const [i, o] of (ctx.orders ?? []).entries()) {
    if (o.drug.code) yield [`/orders/${i}/drug/code`, o.drug.code];
    for (const [j, c] of (o.indications ?? []).entries()) yield [`/orders/${i}/indications/${j}`, c];
  }
  for (const [i, c] of (ctx.microbiology ?? []).entries()) {
    if (c.organism) yield [`/microbiology/${i}/organism`, c.organism];
    for (const [j, s] of c.susceptibilities.entries()) if (s.drug.code) yield [`/microbiology/${i}/susceptibilities/${j}/drug/code`, s.drug.code];
  }
}

/** The code systems of `ctx` Steward does not know, sorted, each with the fields that used it in context order. */
export function unknownCodeSystems(ctx: PatientContext): UnknownCodeSystem[] {
  const bySystem = new Map<string, string[]>();
  for (const [pointer, coding] of codings(ctx)) {
    if (findContextCodeSystem(coding.system) !== undefined) continue;
    const fields = bySystem.get(coding.system) ?? [];
    fields.push(`${pointer}/system`);
    bySystem.set(coding.system, fields);
  }
  return [...bySystem].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([system, fields]) => ({ system, fields }));
}
