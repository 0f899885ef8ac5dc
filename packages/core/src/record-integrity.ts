/**
 * Record integrity: what a context must hold together before it is read. An id names one record
 * (an acknowledgement keyed by an order's id must never hide another order's alert); facts that
 * contradict each other are refused, or reported where a pharmacist would still want the decision
 * (docs/integration.md, "Record integrity"); a coding names its code system the way Steward reads
 * it, never a near miss whose codes would silently match nothing.
 */
import { nearMissCodeSystem } from "./code-systems.js";
import type { PatientContext } from "./context.js";
import type { Contradiction } from "./decision.js";
import type { Diagnostic } from "./diagnostic.js";
import { completedMonths, parseInstant } from "./time.js";
import { codings } from "./unknown-code-systems.js";

/**
 * The weeks of gestation each trimester can span under any of the conventions in use (the first
 * ends at 12, 13 or 14 weeks, the third begins at 27, 28 or 29): a trimester outside its span
 * contradicts the gestation under every one of them.
 */
const trimesterWeeks = { 1: [0, 14], 2: [12, 29], 3: [26, Number.POSITIVE_INFINITY] } as const;

/** A pregnancy is at term from 37 weeks of gestation (37+0: earlier is preterm). */
const TERM_WEEKS = 37;

/** Everything in `ctx` that breaks the integrity of the record, each naming the fields involved. */
export function integrityProblems(ctx: PatientContext, now: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const contradiction = (message: string, hint: string): void => void out.push({ code: "eval/contradictory-context", severity: "error", message, hint });

  const lists: [string, readonly { readonly id?: string | undefined }[] | undefined][] = [
    ["orders", ctx.orders],
    ["microbiology", ctx.microbiology],
    ["allergies", ctx.allergies],
    ["medicationHistory", ctx.medicationHistory],
  ];
  for (const [list, items] of lists) {
    const first = new Map<string, number>();
    items?.forEach((item, i) => {
      if (item.id === undefined) return;
      const j = first.get(item.id);
      if (j === undefined) first.set(item.id, i);
      else out.push({ code: "eval/duplicate-id", severity: "error", message: `/${list}/${i}/id: \`${item.id}\` is already the id of /${list}/${j}`, hint: "give each record its own id: alerts, acknowledgements and audit name records by id" });
    });
  }
  // One condition coded several ways is sent as one diagnosis per coding, all with its id: they must agree.
  const byId = new Map<string, number>();
  ctx.diagnoses?.forEach((d, i) => {
    if (d.id === undefined) return;
    const j = byId.get(d.id);
    if (j === undefined) return void byId.set(d.id, i);
    const other = ctx.diagnoses![j]!;
    const differs = (["status", "recorded", "onset"] as const).find((field) => d[field] !== other[field]);
    if (differs !== undefined) out.push({ code: "eval/duplicate-id", severity: "error", message: `/diagnoses/${i}/${differs}: diagnosis \`${d.id}\` is also /diagnoses/${j}, whose ${differs} differs`, hint: "entries sharing an id are one condition coded several ways and must agree; give different conditions different ids" });
  });

  const p = ctx.patient;
  if (p.age !== undefined && p.birthDate !== undefined) {
    const years = Math.floor(completedMonths(parseInstant(p.birthDate), now) / 12);
    if (years !== p.age) contradiction(`/patient/age: the age ${p.age} contradicts the date of birth ${p.birthDate}, which makes the patient ${years}`, "send the date of birth only, or an age that agrees with it");
  }
  const pregnancy = p.pregnancy;
  if (pregnancy !== undefined) {
    const weeks = pregnancy.gestationWeeks;
    if (pregnancy.status !== "pregnant" && (weeks !== undefined || pregnancy.trimester !== undefined || pregnancy.atTerm === true)) {
      const detail = weeks !== undefined ? "gestationWeeks" : pregnancy.trimester !== undefined ? "trimester" : "atTerm";
      contradiction(`/patient/pregnancy/${detail}: a pregnancy recorded as \`${pregnancy.status}\` has no ${detail}`, "record the pregnancy as `pregnant`, or leave out its details");
    } else if (weeks !== undefined) {
      const span = pregnancy.trimester === undefined ? undefined : trimesterWeeks[pregnancy.trimester];
      if (span !== undefined && (weeks < span[0] || weeks >= span[1])) contradiction(`/patient/pregnancy/trimester: trimester ${pregnancy.trimester} contradicts ${weeks} weeks' gestation`, "send the trimester and the gestation from the same record, or only one of them");
      if (pregnancy.atTerm !== undefined && pregnancy.atTerm !== weeks >= TERM_WEEKS) contradiction(`/patient/pregnancy/atTerm: \`atTerm: ${pregnancy.atTerm}\` contradicts ${weeks} weeks' gestation (term is from ${TERM_WEEKS} weeks)`, "send `atTerm` and the gestation from the same record, or only one of them");
    }
  }

  // A course or a culture whose times run backwards cannot be read as either of its times.
  const backwards = (list: string, items: readonly { readonly start?: string | undefined; readonly end?: string | undefined }[] | undefined, from: "start", to: "end"): void =>
    items?.forEach((c, i) => {
      if (c[from] !== undefined && c[to] !== undefined && parseInstant(c[to]) < parseInstant(c[from])) contradiction(`/${list}/${i}/${to}: the course ends (${c[to]}) before it starts (${c[from]})`, "send the times as recorded in the order; a course cannot end before its first dose");
    });
  backwards("orders", ctx.orders, "start", "end");
  backwards("medicationHistory", ctx.medicationHistory, "start", "end");
  ctx.microbiology?.forEach((c, i) => {
    if (c.collected !== undefined && c.reported !== undefined && parseInstant(c.reported) < parseInstant(c.collected)) contradiction(`/microbiology/${i}/reported: the culture is reported (${c.reported}) before its specimen was collected (${c.collected})`, "send the times the laboratory recorded");
  });

  for (const [pointer, coding] of codings(ctx)) {
    const meant = nearMissCodeSystem(coding.system);
    if (meant !== undefined) {
      out.push({ code: "eval/invalid-context", severity: "error", message: `${pointer}/system: \`${coding.system}\` is not how a code system is named, so its code would match nothing`, hint: `did you mean \`${meant.uri}\` (${meant.title})?` });
    }
  }
  return out;
}

/** What an allergy record is to: its drug, class or coded substance, as one key. */
function allergen(a: NonNullable<PatientContext["allergies"]>[number]): string {
  return a.drug !== undefined ? `drug ${a.drug}` : a.class !== undefined ? `class ${a.class}` : `code ${a.code!.system}|${a.code!.code}`;
}

/**
 * Contradictions that do not stop the evaluation, with what was assumed: said in the Decision, for
 * the record to be put right. Each is resolved towards caution, never by silently picking one side.
 */
export function reportedContradictions(ctx: PatientContext): Contradiction[] {
  const out: Contradiction[] = [];
  const p = ctx.patient;
  if (p.sex === "male" && p.pregnancy?.status === "pregnant") {
    out.push({ fields: ["/patient/sex", "/patient/pregnancy/status"], message: "recorded as male and as pregnant: the pregnancy is taken as recorded, so every caution for pregnancy applies" });
  }
  // The same allergen recorded as refuted and, elsewhere, as confirmed or unconfirmed: the refutation
  // does not cancel the other record, so the allergy still counts.
  const refuted = new Map<string, number>();
  ctx.allergies?.forEach((a, i) => {
    if (a.verification === "refuted" && !refuted.has(allergen(a))) refuted.set(allergen(a), i);
  });
  ctx.allergies?.forEach((a, i) => {
    const j = refuted.get(allergen(a));
    if (j !== undefined && (a.verification === "confirmed" || a.verification === "unconfirmed")) {
      out.push({ fields: [`/allergies/${i}/verification`, `/allergies/${j}/verification`], message: `the allergy to ${allergen(a)} is recorded as ${a.verification} and as refuted: it is taken as ${a.verification}, so every caution for it applies` });
    }
  });
  return out;
}
