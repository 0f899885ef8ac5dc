/**
 * Reads a terminology expansion file: what a FHIR terminology server returns for `$expand` on the
 * SNOMED CT implicit value set of an ECL expression (`http://snomed.info/sct?fhir_vs=ecl/<<68566005`).
 * A file holds one such ValueSet, or a Bundle of them (a batch of `$expand` calls). Each ValueSet
 * becomes the list of codes a `snomed << <code>` entry stands for, with what it came from.
 */
import { contentHash } from "@steward/core/content-hash";

/** The concepts one `<<` expression expanded to, and where the expansion came from. */
export interface Expansion {
  /** The concept the ECL `<<` names. */
  readonly focus: string;
  /** The ValueSet's `url`, as the server wrote it. */
  readonly valueSet: string;
  /** The SNOMED CT edition and version the server expanded against, when it says. */
  readonly version: string | undefined;
  /** `expansion.timestamp`: when the server expanded it. */
  readonly timestamp: string;
  /** SHA-256 of the canonical JSON of the whole ValueSet, for audit. */
  readonly contentHash: string;
  readonly concepts: readonly { readonly code: string; readonly display: string }[];
}

/** A file's expansions by focus concept, or what makes the file unusable. */
export type ExpansionFile = { readonly ok: true; readonly byFocus: ReadonlyMap<string, Expansion> } | { readonly ok: false; readonly problem: string };

const SNOMED = "http://snomed.info/sct";

/** The focus concept of a SNOMED CT implicit value set for `<<concept` (any edition/version prefix, spaces, a term, URL encoding). */
export function focusOf(url: string): string | undefined {
  const m = /^http:\/\/snomed\.info\/sct(?:\/[^?]*)?\?fhir_vs=ecl\/(.+)$/.exec(url);
  if (m === null) return undefined;
  let ecl: string;
  try {
    ecl = decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
  return /^\s*<<\s*(\d+)\s*(?:\|[^|]*\|\s*)?$/.exec(ecl)?.[1];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every concept of an expansion's `contains`, with nested (hierarchical) entries flattened. */
function flatten(contains: unknown, out: Json[]): void {
  if (!Array.isArray(contains)) return;
  for (const c of contains) {
    if (!isObject(c)) continue;
    if (c["code"] !== undefined) out.push(c);
    flatten(c["contains"], out);
  }
}

/** The version the server names in `expansion.parameter` (`used-codesystem`, `version` or `system-version`). */
function versionOf(parameters: unknown): string | undefined {
  if (!Array.isArray(parameters)) return undefined;
  for (const name of ["used-codesystem", "version", "system-version"]) {
    const p = parameters.find((x): x is Json => isObject(x) && x["name"] === name);
    const value = p?.["valueUri"] ?? p?.["valueString"] ?? p?.["valueCanonical"];
    if (typeof value === "string") return value;
  }
  return undefined;
}

function readValueSet(vs: Json, where: string): Expansion | string {
  const url = vs["url"];
  if (typeof url !== "string") return `${where} has no \`url\`, so it cannot be matched to a \`<<\` code`;
  const focus = focusOf(url);
  if (focus === undefined) return `${where} is \`${url}\`, not a SNOMED CT implicit value set of the form \`${SNOMED}?fhir_vs=ecl/<<<concept>\``;
  const expansion = vs["expansion"];
  if (!isObject(expansion)) return `${where} (\`${url}\`) has no \`expansion\`: ask the server for \`$expand\`, not the definition`;
  const timestamp = expansion["timestamp"];
  if (typeof timestamp !== "string") return `${where} (\`${url}\`) has no \`expansion.timestamp\``;
  const concepts: Json[] = [];
  flatten(expansion["contains"], concepts);
  const offset = expansion["offset"];
  const total = expansion["total"];
  if ((typeof offset === "number" && offset > 0) || (typeof total === "number" && total !== concepts.length)) {
    return `${where} (\`${url}\`) is one page of a longer expansion (${concepts.length} of ${String(total)} concepts): expand it without \`count\` or \`offset\``;
  }
  const out: { code: string; display: string }[] = [];
  for (const c of concepts) {
    if (c["system"] !== SNOMED || typeof c["code"] !== "string") return `${where} (\`${url}\`) contains a concept that is not a SNOMED CT code: ${JSON.stringify(c).slice(0, 80)}`;
    out.push({ code: c["code"], display: typeof c["display"] === "string" ? c["display"] : c["code"] });
  }
  return { focus, valueSet: url, version: versionOf(expansion["parameter"]), timestamp, contentHash: contentHash(vs), concepts: out };
}

/** Reads the text of an expansion file: a FHIR ValueSet with an `expansion`, or a Bundle of them. */
export function readExpansionFile(text: string): ExpansionFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `it is not JSON (${(e as Error).message})` };
  }
  if (!isObject(json)) return { ok: false, problem: "it is not a FHIR resource" };
  const valueSets: [Json, string][] = [];
  if (json["resourceType"] === "ValueSet") valueSets.push([json, "the ValueSet"]);
  else if (json["resourceType"] === "Bundle" && Array.isArray(json["entry"])) {
    json["entry"].forEach((e: unknown, i) => {
      const resource = isObject(e) ? e["resource"] : undefined;
      if (isObject(resource) && resource["resourceType"] === "ValueSet") valueSets.push([resource, `the ValueSet of entry ${i}`]);
    });
  } else return { ok: false, problem: `it is a \`${String(json["resourceType"])}\`, not a ValueSet or a Bundle of ValueSets` };
  if (valueSets.length === 0) return { ok: false, problem: "the Bundle holds no ValueSet" };
  const byFocus = new Map<string, Expansion>();
  for (const [vs, where] of valueSets) {
    const read = readValueSet(vs, where);
    if (typeof read === "string") return { ok: false, problem: read };
    if (byFocus.has(read.focus)) return { ok: false, problem: `it holds two expansions of \`<<${read.focus}\`` };
    byFocus.set(read.focus, read);
  }
  return { ok: true, byFocus };
}
