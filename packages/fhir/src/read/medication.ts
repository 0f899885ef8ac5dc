/**
 * Medication orders, statements and administrations, as they stood at `now`. A course still running
 * at `now` is a current order (or a draft); one that had ended is history. Administrations date the
 * first dose of their order. A current course Steward cannot identify or route leaves the current
 * orders unknown, rather than a list that silently misses it.
 */
import { addTime, findContextUnit, formatInstant, vocabulary, type ContextCoding, type DrugReference, type PatientContextInput } from "@steward/core";
import { codingsOf, conceptText, preferredCoding, systems, withDisplay } from "../codes.js";
import type { FhirTime } from "../fhir-time.js";
import { numberAt, objectAt, objectsAt, textAt, type JsonObject } from "../json-value.js";
import { aboutResource, nameOf, type LocatedResource } from "../located.js";
import { lookUp } from "../mapping-tables.js";
import { isQuantityProblem, readQuantity, reportQuantity, type QuantityValue } from "../quantity.js";
import { keyOf } from "../references.js";
import { sourceOf, timeAt, type Reading, type Source, type Sourced } from "../reading.js";

type Order = NonNullable<PatientContextInput["orders"]>[number];
type PastCourse = NonNullable<PatientContextInput["medicationHistory"]>[number];

/** What the medication resources say: current orders (undefined when unknown) and past courses. */
export interface Medications {
  readonly orders: Sourced<Order>[] | undefined;
  readonly history: Sourced<PastCourse>[] | undefined;
}

/** A moment of a course: when (milliseconds), as the record wrote it (when exact), and where it was read. */
interface Moment {
  readonly at: number;
  readonly text: string | undefined;
  readonly source: Source;
}

/** The text of a moment for the context: as recorded when exact, otherwise in UTC. */
function momentText(m: Moment): string {
  return m.text ?? formatInstant(m.at);
}

/** The parts of a course every medication resource has, read the same way. */
interface Course {
  readonly drug: DrugReference | undefined;
  readonly route: vocabulary.Route | undefined;
  readonly dose: QuantityValue | undefined;
  readonly frequency: string | undefined;
  readonly start: Moment | undefined;
  readonly end: Moment | undefined;
  readonly duration: { readonly value: QuantityValue; readonly source: Source } | undefined;
  readonly authored: string | undefined;
  readonly indications: ContextCoding[];
}

/** Reads every medication resource. */
export function readMedications(reading: Reading): Medications {
  const firstDoses = firstDosesByOrder(reading);
  const orders: Sourced<Order>[] = [];
  const history: Sourced<PastCourse>[] = [];
  let ordersKnown = true;
  let historyKnown = true;
  const place = (r: LocatedResource, course: Course, state: "active" | "draft" | "completed" | "stopped"): void => {
    const current = state === "active" || state === "draft";
    if (course.drug === undefined || (current && course.route === undefined)) {
      const missing = course.drug === undefined ? "the drug cannot be identified" : "its route is not one Steward reads";
      reading.report(
        aboutResource(
          "fhir/incomplete-list",
          "warning",
          r,
          [],
          `${missing}, so ${current ? "the current orders are" : "the medication history is"} left unknown rather than read without it`,
          course.drug === undefined ? "code the medication (dm+d or SNOMED CT), or map the local code with the `medications` table" : "code the route in SNOMED CT, or add the code to the `routes` table",
        ),
      );
      if (current) ordersKnown = false;
      else historyKnown = false;
      return;
    }
    const fields: Record<string, Source> = {};
    if (course.start !== undefined) fields["/start"] = course.start.source;
    if (course.end !== undefined) fields["/end"] = course.end.source;
    if (course.duration !== undefined) fields["/duration"] = course.duration.source;
    const common = {
      drug: course.drug,
      ...(course.start === undefined ? {} : { start: momentText(course.start) }),
      ...(course.authored === undefined ? {} : { authored: course.authored }),
      ...(course.duration === undefined ? {} : { duration: course.duration.value }),
      ...(course.end === undefined ? {} : { end: momentText(course.end) }),
    };
    const indications = course.indications.length === 0 ? {} : { indications: course.indications };
    if (current) {
      const order: Order = {
        id: r.id ?? keyOf(r),
        status: state,
        ...common,
        route: course.route!,
        ...(course.dose === undefined ? {} : { dose: course.dose }),
        ...(course.frequency === undefined ? {} : { frequency: course.frequency }),
        ...indications,
      };
      orders.push({ value: order, source: sourceOf(r), fields });
    } else {
      const past: PastCourse = { ...(r.id === undefined ? {} : { id: r.id }), status: state, ...common, ...(course.route === undefined ? {} : { route: course.route }), ...indications };
      history.push({ value: past, source: sourceOf(r), fields });
    }
  };

  for (const r of reading.ofType("MedicationRequest")) {
    const status = textAt(r.resource, "status");
    if (status === "entered-in-error" || status === "cancelled") continue;
    const intent = textAt(r.resource, "intent");
    if (intent === "proposal" || intent === "plan" || intent === "option" || intent === "directive") {
      reading.notRead(r, "a proposal, plan or option, not an order");
      continue;
    }
    const authored = timeAt(reading, r, "authoredOn");
    if (authored !== undefined && authored.earliest > reading.now) continue;
    if (status === "on-hold") {
      reading.notRead(r, "an order on hold: not being given");
      continue;
    }
    if (status !== "active" && status !== "draft" && status !== "completed" && status !== "stopped") {
      reading.report(aboutResource("fhir/incomplete-list", "warning", r, ["status"], `status \`${status ?? "none"}\` does not say whether the course is running`, "the current orders are left unknown"));
      ordersKnown = false;
      continue;
    }
    const dosages = objectsAt(r.resource, "dosageInstruction");
    const course = readCourse(reading, r, {
      dosages,
      authored,
      firstDose: firstDoses.get(keyOf(r)),
      supply: objectAt(objectAt(r.resource, "dispenseRequest"), "expectedSupplyDuration"),
      period: undefined,
    });
    place(r, course, stateAt(reading, status, course));
  }

  for (const r of reading.ofType("MedicationStatement")) {
    const status = textAt(r.resource, "status");
    if (status === "entered-in-error" || status === "not-taken") continue;
    if (status !== "active" && status !== "completed" && status !== "stopped") {
      reading.notRead(r, `a statement with status \`${status ?? "none"}\`: not a course being or already taken`);
      continue;
    }
    const asserted = timeAt(reading, r, "dateAsserted");
    const period = objectAt(r.resource, "effectivePeriod");
    const started = timeAt(reading, r, "effectiveDateTime") ?? (period && timeAt(reading, r, "start", { object: period, steps: ["effectivePeriod"] }));
    if ((asserted !== undefined && asserted.earliest > reading.now) || (started !== undefined && started.earliest > reading.now)) continue;
    const course = readCourse(reading, r, { dosages: objectsAt(r.resource, "dosage"), authored: asserted, firstDose: undefined, supply: undefined, period });
    place(r, course, stateAt(reading, status === "active" ? "active" : status, course));
  }

  return { orders: ordersKnown ? orders : undefined, history: historyKnown ? history : undefined };
}

/** Where a course stood at `now`: running (as recorded, or because its dates say so) or over. */
function stateAt(reading: Reading, status: "active" | "draft" | "completed" | "stopped", course: Course): "active" | "draft" | "completed" | "stopped" {
  const ended = course.end !== undefined && course.end.at <= reading.now;
  if (status === "active") return ended ? "completed" : "active";
  if (status === "draft") return "draft";
  const running = course.start !== undefined && course.start.at <= reading.now && course.end !== undefined && course.end.at > reading.now;
  return running ? "active" : status;
}

/** The first recorded dose given by `now` of each order, by the order's key. */
function firstDosesByOrder(reading: Reading): Map<string, Moment> {
  const out = new Map<string, Moment>();
  for (const r of reading.ofType("MedicationAdministration")) {
    const status = textAt(r.resource, "status");
    if (status !== "completed" && status !== "in-progress") {
      if (status !== "entered-in-error") reading.notRead(r, `an administration with status \`${status ?? "none"}\`: no dose given`);
      continue;
    }
    const period = objectAt(r.resource, "effectivePeriod");
    const given = timeAt(reading, r, "effectiveDateTime") ?? (period && timeAt(reading, r, "start", { object: period, steps: ["effectivePeriod"] }));
    if (given === undefined || given.earliest > reading.now) continue;
    const order = reading.index.resolve(objectAt(r.resource, "request"), r);
    if (order === undefined || order.type !== "MedicationRequest") {
      reading.notRead(r, "an administration whose order is not in the input: administrations are read as the first dose of their order");
      continue;
    }
    const key = keyOf(order);
    const previous = out.get(key);
    if (previous === undefined || given.earliest < previous.at) out.set(key, { at: given.earliest, text: given.instant, source: sourceOf(r, r.resource["effectiveDateTime"] === undefined ? "effectivePeriod" : "effectiveDateTime") });
  }
  return out;
}

function readCourse(
  reading: Reading,
  r: LocatedResource,
  parts: {
    readonly dosages: readonly { readonly value: JsonObject; readonly index: number }[];
    readonly authored: FhirTime | undefined;
    readonly firstDose: Moment | undefined;
    readonly supply: JsonObject | undefined;
    readonly period: JsonObject | undefined;
  },
): Course {
  const dosageField = r.type === "MedicationStatement" ? "dosage" : "dosageInstruction";
  const sorted = [...parts.dosages].sort((a, b) => (numberAt(a.value, "sequence") ?? 0) - (numberAt(b.value, "sequence") ?? 0) || a.index - b.index);
  const first = sorted[0];
  const bounds = courseBounds(reading, r, dosageField, sorted, parts.supply, parts.period);
  const start = parts.firstDose ?? bounds.start;
  let end = bounds.end;
  if (end === undefined && start !== undefined && bounds.duration !== undefined) {
    const unit = findContextUnit(bounds.duration.value.unit);
    if (unit !== undefined && unit !== "") end = { at: addTime(start.at, bounds.duration.value.value, unit.symbol), text: undefined, source: bounds.duration.source };
  }
  return {
    drug: readDrug(reading, r),
    route: first === undefined ? undefined : readRoute(reading, r, [dosageField, first.index], first.value),
    dose: first === undefined ? undefined : readDose(reading, r, [dosageField, first.index], first.value),
    frequency: first === undefined ? undefined : frequencyWords(objectAt(objectAt(first.value, "timing"), "repeat")),
    start,
    end,
    duration: bounds.duration,
    authored: parts.authored?.instant,
    indications: readIndications(reading, r),
  };
}

/**
 * The prescribed course: from the dosage's bounds (a period, or durations of every step in sequence)
 * or, failing those, the expected supply duration. When both say and disagree, the dosage wins and
 * the disagreement is reported.
 */
function courseBounds(
  reading: Reading,
  r: LocatedResource,
  dosageField: string,
  dosages: readonly { readonly value: JsonObject; readonly index: number }[],
  supply: JsonObject | undefined,
  statementPeriod: JsonObject | undefined,
): { start?: Moment; end?: Moment; duration?: { value: QuantityValue; source: Source } } {
  const out: { start?: Moment; end?: Moment; duration?: { value: QuantityValue; source: Source } } = {};
  const period = (object: JsonObject, steps: (string | number)[]): void => {
    const start = timeAt(reading, r, "start", { object, steps });
    const end = timeAt(reading, r, "end", { object, steps });
    if (start !== undefined) out.start = { at: start.earliest, text: start.instant, source: sourceOf(r, ...steps, "start") };
    if (end !== undefined) out.end = { at: end.latest, text: end.instant, source: sourceOf(r, ...steps, "end") };
  };
  if (statementPeriod !== undefined) period(statementPeriod, ["effectivePeriod"]);
  const repeats = dosages.map((d) => ({ d, repeat: objectAt(objectAt(d.value, "timing"), "repeat") }));
  const boundsPeriod = repeats.find((x) => objectAt(x.repeat, "boundsPeriod") !== undefined);
  if (boundsPeriod !== undefined) period(objectAt(boundsPeriod.repeat, "boundsPeriod")!, [dosageField, boundsPeriod.d.index, "timing", "repeat", "boundsPeriod"]);
  // Steps in sequence add up; the course length is known only when every step has one, in one unit.
  const steps = repeats.map((x) => ({ x, q: objectAt(x.repeat, "boundsDuration") }));
  let fromDosage: { value: QuantityValue; source: Source } | undefined;
  if (steps.length > 0 && steps.every((s) => s.q !== undefined)) {
    const read = steps.map((s) => ({ s, q: durationOf(reading, r, s.q!, [dosageField, s.x.d.index, "timing", "repeat", "boundsDuration"]) }));
    if (read.every((x) => x.q !== undefined) && new Set(read.map((x) => x.q!.unit)).size === 1) {
      const first = read[0]!;
      fromDosage = { value: { value: read.reduce((sum, x) => sum + x.q!.value, 0), unit: first.q!.unit }, source: sourceOf(r, dosageField, first.s.x.d.index, "timing", "repeat", "boundsDuration") };
    }
  }
  const fromSupply = supply === undefined ? undefined : durationOf(reading, r, supply, ["dispenseRequest", "expectedSupplyDuration"]);
  if (fromDosage !== undefined && fromSupply !== undefined && (fromDosage.value.value !== fromSupply.value || fromDosage.value.unit !== fromSupply.unit)) {
    reading.report(
      aboutResource(
        "fhir/conflicting-data",
        "warning",
        r,
        ["dispenseRequest", "expectedSupplyDuration"],
        `the supply is for ${fromSupply.value} ${fromSupply.unit} but the dosage runs for ${fromDosage.value.value} ${fromDosage.value.unit}`,
        "the course length is read from the dosage",
      ),
    );
  }
  const duration = fromDosage ?? (fromSupply === undefined ? undefined : { value: fromSupply, source: sourceOf(r, "dispenseRequest", "expectedSupplyDuration") });
  if (duration !== undefined) out.duration = duration;
  return out;
}

function durationOf(reading: Reading, r: LocatedResource, q: JsonObject, steps: (string | number)[]): QuantityValue | undefined {
  const read = readQuantity(q);
  if (isQuantityProblem(read)) {
    reportQuantity(reading, r, steps, read, "the course length is left out");
    return undefined;
  }
  const unit = findContextUnit(read.unit);
  if (unit === undefined || unit === "" || unit.dimension !== "time") {
    reading.report(aboutResource("fhir/invalid-value", "warning", r, [...steps, "code"], `\`${read.unit}\` is not a unit of time`, "the course length is left out"));
    return undefined;
  }
  return read;
}

/** The drug: the host's mapping of a code to a formulary id, and the code (dm+d or SNOMED CT first). */
function readDrug(reading: Reading, r: LocatedResource): DrugReference | undefined {
  let concept = objectAt(r.resource, "medicationCodeableConcept");
  let at: (string | number)[] = ["medicationCodeableConcept"];
  let holder = r;
  const reference = objectAt(r.resource, "medicationReference");
  if (concept === undefined && reference !== undefined) {
    const medication = reading.index.resolve(reference, r);
    if (medication === undefined || medication.type !== "Medication") {
      reading.report(aboutResource("fhir/unresolved-reference", "warning", r, ["medicationReference"], `the medication \`${textAt(reference, "reference") ?? "?"}\` is not in the input`, "include the Medication, or contain it in the order"));
      return undefined;
    }
    concept = objectAt(medication.resource, "code");
    at = ["code"];
    holder = medication;
  }
  const codings = codingsOf(concept);
  const display = textAt(reference, "display") ?? conceptText(concept);
  const mapped = lookUp(reading.mappings.medications, codings.map((c) => c.coding));
  const chosen = preferredCoding(concept, [systems.dmd, systems.snomed]);
  if (chosen === undefined && mapped === undefined) return undefined;
  if (mapped === undefined && chosen !== undefined && chosen.coding.system !== systems.dmd && chosen.coding.system !== systems.snomed) {
    reading.report(
      aboutResource(
        "fhir/unmapped-code",
        "warning",
        holder,
        [...at, "coding", chosen.index],
        `the medication is coded in \`${chosen.coding.system}\` (${chosen.coding.code}${chosen.coding.display === undefined ? "" : ` ${chosen.coding.display}`}); Steward matches drugs by dm+d and SNOMED CT codes`,
        `the order is sent with this code and will not match a formulary drug; map it with the \`medications\` table${holder === r ? "" : ` (${nameOf(r)})`}`,
      ),
    );
  }
  const code = chosen === undefined ? undefined : withDisplay(chosen.coding, concept);
  return {
    ...(mapped === undefined ? {} : { id: mapped.means }),
    ...(code === undefined ? {} : { code }),
    ...(display === undefined ? {} : { display }),
  };
}

function readRoute(reading: Reading, r: LocatedResource, steps: (string | number)[], dosage: JsonObject): vocabulary.Route | undefined {
  const route = objectAt(dosage, "route");
  if (route === undefined) return undefined;
  const found = lookUp(reading.mappings.routes, codingsOf(route).map((c) => c.coding));
  if (found === undefined) {
    reading.report(aboutResource("fhir/unmapped-code", "warning", r, [...steps, "route"], `the route \`${conceptText(route) ?? "?"}\` is not one Steward maps`, "add its code to the `routes` table"));
  }
  return found?.means;
}

function readDose(reading: Reading, r: LocatedResource, steps: (string | number)[], dosage: JsonObject): QuantityValue | undefined {
  const doseAndRate = objectsAt(dosage, "doseAndRate")[0];
  const quantity = objectAt(doseAndRate?.value, "doseQuantity") ?? objectAt(dosage, "dose");
  if (quantity === undefined) return undefined;
  const q = readQuantity(quantity);
  if (isQuantityProblem(q)) {
    const where = doseAndRate === undefined ? ["dose"] : ["doseAndRate", doseAndRate.index, "doseQuantity"];
    reportQuantity(reading, r, [...steps, ...where], q, "the dose is left out");
    return undefined;
  }
  return q;
}

/** A FHIR timing in the words a prescriber writes (`three times daily`, `every 6 hours`). */
function frequencyWords(repeat: JsonObject | undefined): string | undefined {
  const frequency = numberAt(repeat, "frequency");
  const period = numberAt(repeat, "period");
  const unit = textAt(repeat, "periodUnit");
  if (frequency === undefined || period === undefined) return undefined;
  if (unit === "d" && period === 1) return vocabulary.frequencies.find((f) => f.perDay === frequency)?.words ?? `${frequency} times daily`;
  if (unit === "h" && frequency === 1) return `every ${period} hours`;
  return undefined;
}

/** The coded reasons for the course: its reason codes and the codes of the Conditions it refers to. */
function readIndications(reading: Reading, r: LocatedResource): ContextCoding[] {
  const out: ContextCoding[] = [];
  for (const { value } of objectsAt(r.resource, "reasonCode")) {
    const c = preferredCoding(value, [systems.snomed]);
    if (c !== undefined) out.push(withDisplay(c.coding, value));
  }
  for (const { value, index } of objectsAt(r.resource, "reasonReference")) {
    const condition = reading.index.resolve(value, r);
    if (condition === undefined) {
      reading.report(aboutResource("fhir/unresolved-reference", "warning", r, ["reasonReference", index], `the indication \`${textAt(value, "reference") ?? "?"}\` is not in the input, so its code cannot be read`));
      continue;
    }
    const code = objectAt(condition.resource, "code");
    const c = preferredCoding(code, [systems.snomed]);
    if (c !== undefined) out.push(withDisplay(c.coding, code));
  }
  return out;
}
