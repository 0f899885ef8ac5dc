/**
 * A FHIR record assembled for a test from the conformance corpus: resources read in place, with
 * changes each stated with why (add, replace or remove at a JSON pointer), plus resources the
 * project adds. The fixture format is a strict schema, so a typo in a fixture fails loudly.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { corpusJson, repoRoot } from "./conformance.js";

const Change = z.strictObject({
  op: z.enum(["add", "replace", "remove"]),
  path: z.string().regex(/^(\/[^/]+)+$/),
  value: z.unknown().optional(),
  why: z.string().min(1),
});

const Row = z.strictObject({ system: z.string(), code: z.string(), means: z.string(), source: z.string() });

/** A test record: where its resources come from, what changes, what is added, and the host's mapping rows. */
export const RecordFixture = z.strictObject({
  description: z.string(),
  now: z.string(),
  record: z.array(
    z.strictObject({
      file: z.string(),
      resourceType: z.string().optional().describe("for a Bundle: take its resources of this type"),
      changes: z.array(Change),
    }),
  ),
  mappings: z.strictObject({ medications: z.array(Row), laboratoryAntibiotics: z.array(Row) }).partial(),
  supplement: z.array(z.record(z.string(), z.unknown())),
});
/** A test record fixture. */
export type RecordFixture = z.infer<typeof RecordFixture>;

/** Reads a fixture from `test/fixtures`. */
export function readFixture(name: string): RecordFixture {
  return RecordFixture.parse(JSON.parse(readFileSync(join(repoRoot, "test/fixtures", name), "utf8")));
}

function applyChange(resource: Record<string, unknown>, change: z.infer<typeof Change>): void {
  const steps = change.path.slice(1).split("/");
  const last = steps.pop()!;
  let at: Record<string, unknown> = resource;
  for (const step of steps) {
    const next = at[step];
    if (next === null || typeof next !== "object") throw new Error(`${change.path}: no \`${step}\` to change`);
    at = next as Record<string, unknown>;
  }
  if (change.op !== "add" && !(last in at)) throw new Error(`${change.path}: nothing to ${change.op}`);
  if (change.op === "remove") delete at[last];
  else at[last] = structuredClone(change.value);
}

/** The fixture's resources: each corpus resource (or Bundle's resources of a type) with its changes, then the supplement. */
export function assemble(fixture: RecordFixture): unknown[] {
  const read = fixture.record.flatMap(({ file, resourceType, changes }) => {
    const json = structuredClone(corpusJson(file)) as Record<string, unknown>;
    const resources =
      resourceType === undefined
        ? [json]
        : ((json["entry"] as { resource: Record<string, unknown> }[]).map((e) => e.resource).filter((r) => r["resourceType"] === resourceType));
    for (const r of resources) for (const c of changes) applyChange(r, c);
    return resources;
  });
  return [...read, ...structuredClone(fixture.supplement)];
}
