/**
 * Cultures from microbiology DiagnosticReports. The report's results are followed through nested
 * `hasMember` panels; an isolate is an observation naming the organism grown, and its
 * susceptibilities are the S/I/R results below it (or below the panel it sits in). A report
 * issued after `now` is a culture still pending then, without its results.
 */
import type { vocabulary} from "@steward/core";
import { type ContextCoding, type PatientContextInput } from "@steward/core";
import { codingsOf, conceptText, preferredCoding, systems, withDisplay } from "../codes.js";
import { objectAt, objectsAt, textAt } from "../json-value.js";
import { aboutResource, type LocatedResource } from "../located.js";
import { lookUp } from "../mapping-tables.js";
import { sourceOf, timeAt, type Reading, type Source, type Sourced } from "../reading.js";

type Culture = NonNullable<PatientContextInput["microbiology"]>[number];
type Susceptibility = NonNullable<Culture["susceptibilities"]>[number];

/** An observation of a report's result tree, with the members under it. */
interface Node {
  readonly r: LocatedResource;
  readonly members: readonly Node[];
}

const reportStatuses: Readonly<Record<string, Culture["status"]>> = {
  registered: "pending",
  partial: "preliminary",
  preliminary: "preliminary",
  final: "final",
  amended: "final",
  corrected: "final",
  appended: "final",
};

/** The cultures, and every observation they took (so they are not read again as plain results). */
export function readMicrobiology(reading: Reading): { cultures: Sourced<Culture>[]; taken: Set<LocatedResource> } {
  const cultures: Sourced<Culture>[] = [];
  const taken = new Set<LocatedResource>();
  for (const r of reading.ofType("DiagnosticReport")) {
    const status = textAt(r.resource, "status");
    if (status === "cancelled" || status === "entered-in-error") continue;
    const tree = objectsAt(r.resource, "result").flatMap(({ value, index }) => {
      const node = nodeOf(reading, r, value, ["result", index], new Set());
      return node === undefined ? [] : [node];
    });
    const all = flatten(tree);
    const susceptibilities = all.filter((n) => susceptibilityOf(reading, n.r) !== undefined);
    // A result coded like an organism inside another organism's panel describes that isolate (its growth), not a second one.
    const candidates = all.filter((n) => isOrganism(reading, n, susceptibilities));
    const organisms = candidates.filter((n) => !candidates.some((o) => o !== n && flatten(o.members).includes(n)));
    const microbiology = codingsOf(objectAt(r.resource, "category")).some((c) => c.coding.code === "MB") || objectsAt(r.resource, "category").some(({ value }) => codingsOf(value).some((c) => c.coding.code === "MB"));
    if (!microbiology && organisms.length === 0 && susceptibilities.length === 0) continue;
    for (const n of all) taken.add(n.r);
    cultures.push(...culturesOf(reading, r, status, tree, organisms, susceptibilities));
  }
  return { cultures, taken };
}

function nodeOf(reading: Reading, from: LocatedResource, reference: Parameters<Reading["index"]["resolve"]>[0], steps: (string | number)[], seen: Set<LocatedResource>): Node | undefined {
  const r = reading.index.resolve(reference, from);
  if (r === undefined) {
    reading.report(aboutResource("fhir/unresolved-reference", "warning", from, steps, `the result \`${textAt(reference, "reference") ?? "?"}\` is not in the input`, "include every Observation the report refers to"));
    return undefined;
  }
  // invariant: a member reached twice (or a cycle of hasMember) is read once
  if (seen.has(r) || r.type !== "Observation") return undefined;
  seen.add(r);
  const members = objectsAt(r.resource, "hasMember").flatMap(({ value, index }) => {
    const n = nodeOf(reading, r, value, ["hasMember", index], seen);
    return n === undefined ? [] : [n];
  });
  return { r, members };
}

function flatten(nodes: readonly Node[]): Node[] {
  return nodes.flatMap((n) => [n, ...flatten(n.members)]);
}

function susceptibilityOf(reading: Reading, r: LocatedResource): vocabulary.Susceptibility | undefined {
  for (const { value } of objectsAt(r.resource, "interpretation")) {
    const found = lookUp(reading.mappings.susceptibilities, codingsOf(value).map((c) => c.coding));
    if (found !== undefined) return found.means;
  }
  return undefined;
}

/** An organism: a coded value under an organism-identification code, or a coded value with susceptibilities as members. */
function isOrganism(reading: Reading, n: Node, susceptibilities: readonly Node[]): boolean {
  if (objectAt(n.r.resource, "valueCodeableConcept") === undefined || susceptibilities.includes(n)) return false;
  if (lookUp(reading.mappings.organismResults, codingsOf(objectAt(n.r.resource, "code")).map((c) => c.coding)) !== undefined) return true;
  return n.members.some((m) => susceptibilities.includes(m));
}

function culturesOf(
  reading: Reading,
  report: LocatedResource,
  status: string | undefined,
  tree: readonly Node[],
  organisms: readonly Node[],
  susceptibilities: readonly Node[],
): Sourced<Culture>[] {
  const issued = timeAt(reading, report, "issued");
  const collected = collectedAt(reading, report);
  const specimen = specimenOf(reading, report, organisms);
  const reportedByNow = issued === undefined || issued.earliest <= reading.now;
  const culture = (id: string): Omit<Culture, "susceptibilities"> => ({
    id,
    specimen: specimen.means,
    status: reportedByNow ? (reportStatuses[status ?? ""] ?? "pending") : "pending",
    ...(collected === undefined ? {} : { collected }),
    ...(issued?.instant === undefined || !reportedByNow ? {} : { reported: issued.instant }),
  });
  // Each culture names its report; each result, the observation it came from.
  const sourced = (id: string, results: readonly Node[], extra: Partial<Culture>, fields: Record<string, Source>): Sourced<Culture> => {
    const read = results.flatMap((n) => resultOf(reading, n).map((s) => ({ s, n })));
    const all: Record<string, Source> = { "/specimen": specimen.source, ...fields };
    read.forEach(({ n }, i) => (all[`/susceptibilities/${i}`] = sourceOf(n.r)));
    return { value: { ...culture(id), ...extra, susceptibilities: read.map(({ s }) => s) }, source: sourceOf(report), fields: all };
  };
  const reportId = report.id ?? report.pointer;
  if (collected === undefined && !reportedByNow) return [];
  if (!reportedByNow) return [sourced(reportId, [], {}, {})];
  if (organisms.length === 0) {
    if (susceptibilities.length > 0) reading.report(aboutResource("fhir/invalid-resource", "warning", report, ["result"], "has susceptibility results but no organism Steward recognises", "the organism is left unknown; map the laboratory's organism result code with the `organismResults` table"));
    return [sourced(reportId, susceptibilities, {}, {})];
  }
  const owned = new Set<Node>();
  const isolates = organisms.map((organism) => {
    // The isolate's results sit under the organism itself, or under the panel the organism is a member of.
    const scope = organism.members.length > 0 ? organism : (parentOf(tree, organism) ?? organism);
    const mine = flatten([scope]).filter((n) => susceptibilities.includes(n) && !owned.has(n));
    if (organisms.filter((o) => o !== organism && flatten([scope]).includes(o)).length > 0 && scope !== organism) {
      reading.report(aboutResource("fhir/invalid-resource", "warning", organism.r, [], "shares its panel with another organism, so which susceptibilities are its own cannot be told", "its susceptibilities are left out"));
      return { organism, mine: [] as Node[] };
    }
    mine.forEach((n) => owned.add(n));
    return { organism, mine };
  });
  const stray = susceptibilities.filter((n) => !owned.has(n));
  if (stray.length > 0 && isolates.length === 1) isolates[0]!.mine.push(...stray);
  else if (stray.length > 0) reading.report(aboutResource("fhir/invalid-resource", "warning", report, ["result"], `${stray.length} susceptibility results belong to none of its ${isolates.length} organisms`, "they are left out"));
  return isolates.map(({ organism, mine }) => {
    const id = isolates.length === 1 ? reportId : `${reportId}/${organism.r.id ?? organism.r.pointer}`;
    const coded = organismCoding(reading, organism.r);
    return sourced(id, mine, coded === undefined ? {} : { organism: coded }, { "/organism": sourceOf(organism.r, "valueCodeableConcept") });
  });
}

function parentOf(tree: readonly Node[], child: Node): Node | undefined {
  for (const n of flatten(tree)) if (n.members.includes(child)) return n;
  return undefined;
}

function collectedAt(reading: Reading, report: LocatedResource): string | undefined {
  for (const { value } of objectsAt(report.resource, "specimen")) {
    const specimen = reading.index.resolve(value, report);
    const collection = objectAt(specimen?.resource, "collection");
    if (specimen !== undefined && collection !== undefined) {
      const t = timeAt(reading, specimen, "collectedDateTime", { object: collection, steps: ["collection"] });
      if (t?.instant !== undefined) return t.instant;
    }
  }
  return (timeAt(reading, report, "effectiveDateTime") ?? timeAt(reading, report, "start", { object: objectAt(report.resource, "effectivePeriod") ?? {}, steps: ["effectivePeriod"] }))?.instant;
}

/** The specimen: its Specimen's type, else what the report's or an organism result's test code names; `other` when none says. */
function specimenOf(reading: Reading, report: LocatedResource, organisms: readonly Node[]): { means: vocabulary.Specimen; source: Source } {
  for (const { value } of objectsAt(report.resource, "specimen")) {
    const specimen = reading.index.resolve(value, report);
    const found = specimen && lookUp(reading.mappings.specimens, codingsOf(objectAt(specimen.resource, "type")).map((c) => c.coding));
    if (specimen !== undefined && found !== undefined) return { means: found.means, source: sourceOf(specimen, "type") };
  }
  for (const r of [report, ...organisms.map((o) => o.r)]) {
    const found = lookUp(reading.mappings.specimens, codingsOf(objectAt(r.resource, "code")).map((c) => c.coding));
    if (found !== undefined) return { means: found.means, source: sourceOf(r, "code") };
  }
  reading.report(
    aboutResource("fhir/unmapped-code", "warning", report, ["code"], `neither a Specimen nor the test (\`${conceptText(objectAt(report.resource, "code")) ?? "?"}\`) says what was cultured`, "the culture is sent with specimen `other`; add the code to the `specimens` table"),
  );
  return { means: "other", source: sourceOf(report, "code") };
}

function organismCoding(reading: Reading, r: LocatedResource): ContextCoding | undefined {
  const value = objectAt(r.resource, "valueCodeableConcept");
  const codings = codingsOf(value).map((c) => c.coding);
  const mapped = lookUp(reading.mappings.organisms, codings);
  if (mapped !== undefined) return mapped.means;
  const chosen = preferredCoding(value, [systems.snomed]);
  if (chosen === undefined) {
    reading.report(aboutResource("fhir/invalid-resource", "warning", r, ["valueCodeableConcept"], `the organism is not coded${conceptText(value) === undefined ? "" : ` (only the words \`${conceptText(value)}\`)`}`, "the organism is left unknown"));
    return undefined;
  }
  if (chosen.coding.system !== systems.snomed) {
    reading.report(aboutResource("fhir/unmapped-code", "warning", r, ["valueCodeableConcept", "coding", chosen.index], `the organism is coded in \`${chosen.coding.system}\`; guidelines name organisms by SNOMED CT`, "map the laboratory's organism codes with the `organisms` table"));
  }
  return withDisplay(chosen.coding, value);
}

function resultOf(reading: Reading, n: Node): Susceptibility[] {
  const result = susceptibilityOf(reading, n.r)!;
  const code = objectAt(n.r.resource, "code");
  const codings = codingsOf(code).map((c) => c.coding);
  const mapped = lookUp(reading.mappings.laboratoryAntibiotics, codings);
  const test = preferredCoding(code, [systems.loinc]);
  if (mapped === undefined && test === undefined) {
    reading.report(aboutResource("fhir/invalid-resource", "warning", n.r, ["code"], "the antibiotic tested is not coded", "the result is left out"));
    return [];
  }
  if (mapped === undefined) {
    reading.report(aboutResource("fhir/unmapped-code", "info", n.r, ["code"], `the antibiotic test \`${test!.coding.code}\`${test!.coding.display === undefined ? "" : ` (${test!.coding.display})`} is not mapped to a formulary drug`, "add it to the `laboratoryAntibiotics` table"));
  }
  const display = conceptText(code);
  return [
    {
      drug: { ...(mapped === undefined ? {} : { id: mapped.means }), ...(test === undefined ? {} : { code: withDisplay(test.coding, code) }), ...(display === undefined ? {} : { display }) },
      result,
    },
  ];
}
