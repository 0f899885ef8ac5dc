/**
 * The code systems a guideline may use, with the check each code must pass. SNOMED CT and dm+d
 * identifiers carry a Verhoeff check digit; LOINC codes carry a mod-10 (Luhn) check digit.
 */

/** A code system the language knows, by the word used in rule files. */
export interface CodeSystem {
  readonly word: "snomed" | "dmd" | "loinc" | "icd10";
  readonly title: string;
  /** The FHIR system URI a host sends with codes of this system. */
  readonly uri: string;
  /** Other documented identifiers of the same system that hosts send (OIDs, spellings of the URI). */
  readonly aliases: readonly string[];
  /** Returns a description of what is wrong with `code`, or undefined when it is well formed. */
  readonly problem: (code: string) => string | undefined;
  readonly example: string;
}

/** A code system word. */
export type CodeSystemWord = CodeSystem["word"];

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
// Position permutations: each row applies the base permutation once more than the row before.
const VERHOEFF_BASE = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
const VERHOEFF_P: number[][] = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]];
for (let i = 1; i < 8; i++) VERHOEFF_P.push(VERHOEFF_P[i - 1]!.map((_, j) => VERHOEFF_P[i - 1]![VERHOEFF_BASE[j]!]!));

/** True when the digit string passes the Verhoeff check (its last digit is the check digit). */
export function verhoeffValid(digits: string): boolean {
  let c = 0;
  const reversed = [...digits].reverse();
  for (let i = 0; i < reversed.length; i++) {
    const d = Number(reversed[i]);
    c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![d]!]!;
  }
  return c === 0;
}

/** True when the digit string passes the Luhn (mod 10) check LOINC uses. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  const reversed = [...digits].reverse();
  for (let i = 0; i < reversed.length; i++) {
    let d = Number(reversed[i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function sctidProblem(code: string): string | undefined {
  if (!/^[0-9]+$/.test(code)) return "an identifier must be digits only";
  if (code.startsWith("0")) return "an identifier cannot start with 0";
  if (code.length < 6 || code.length > 18) return `an identifier has 6 to 18 digits, this one has ${code.length}`;
  // The partition identifier (2nd and 3rd digits from the right): 00 or 10 name a concept.
  const partition = code.slice(-3, -1);
  if (partition !== "00" && partition !== "10") return `partition \`${partition}\` is not a concept identifier (expected 00 or 10)`;
  if (!verhoeffValid(code)) return "the check digit is wrong";
  return undefined;
}

/** Every code system the language accepts. */
export const codeSystems: readonly CodeSystem[] = [
  // The OIDs are those FHIR R4 lists for each system (terminologies naming system, ICD-10 naming system).
  { word: "snomed", title: "SNOMED CT", uri: "http://snomed.info/sct", aliases: ["urn:oid:2.16.840.1.113883.6.96"], problem: sctidProblem, example: "38822007" },
  // dm+d identifiers are SNOMED CT identifiers in the UK drug extension, so the same check applies.
  // UK Core writes the URI without a trailing slash; some systems send it with one.
  { word: "dmd", title: "NHS dictionary of medicines and devices (dm+d)", uri: "https://dmd.nhs.uk", aliases: ["https://dmd.nhs.uk/"], problem: sctidProblem, example: "39108511000001108" },
  {
    word: "loinc",
    title: "LOINC",
    uri: "http://loinc.org",
    aliases: ["urn:oid:2.16.840.1.113883.6.1"],
    example: "33914-3",
    problem: (code) => {
      const match = /^([0-9]{1,7})-([0-9])$/.exec(code);
      if (!match) return "a LOINC code is up to 7 digits, a hyphen and a check digit";
      return luhnValid(match[1]! + match[2]!) ? undefined : "the check digit is wrong";
    },
  },
  {
    word: "icd10",
    title: "ICD-10",
    uri: "http://hl7.org/fhir/sid/icd-10",
    aliases: ["urn:oid:2.16.840.1.113883.6.3", "http://terminology.hl7.org/CodeSystem/icd10"],
    example: "N30.0",
    problem: (code) =>
      /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/.test(code) ? undefined : "an ICD-10 code is a letter, two digits and an optional `.` with one or two characters",
  },
];

/** The code system written as `word` in a rule file, if there is one. */
export function findCodeSystem(word: string): CodeSystem | undefined {
  return codeSystems.find((s) => s.word === word);
}

/** The code system with FHIR system URI `uri` (or one of its documented aliases), if there is one. */
export function findCodeSystemByUri(uri: string): CodeSystem | undefined {
  return codeSystems.find((s) => s.uri === uri || s.aliases.includes(uri));
}

/** The code system a host names in a coding, by its word (`snomed`), FHIR URI or an alias of it. */
export function findContextCodeSystem(system: string): CodeSystem | undefined {
  return findCodeSystem(system) ?? findCodeSystemByUri(system);
}

/** A spelling reduced to what a misspelling keeps: lower case, no scheme or `urn:oid:`, letters, digits and dots only. */
function bare(spelling: string): string {
  return spelling
    .toLowerCase()
    .replace(/^\s*(urn:oid:|https?:\/\/(www\.)?)/, "")
    .replace(/[^a-z0-9.]/g, "");
}

/**
 * The code system `system` nearly names without being one of its spellings (`SNOMED`, `SNOMED CT`,
 * `http://snomed.info/sct/`, the OID without `urn:oid:`, a space around it): a misspelling, which a
 * record must not send, since its codes would match nothing. Undefined for a spelling Steward reads
 * and for another code system altogether (Read codes, ICD-10-CM).
 */
export function nearMissCodeSystem(system: string): CodeSystem | undefined {
  if (findContextCodeSystem(system) !== undefined) return undefined;
  const b = bare(system);
  return codeSystems.find((s) => [s.word, s.title, s.uri, ...s.aliases].some((spelling) => bare(spelling) === b));
}

/**
 * The code space a system's codes live in: SNOMED CT and dm+d share one identifier space, so a
 * dm+d product sent as a SNOMED CT code (as UK Core does) still matches.
 */
export function codeSpace(system: CodeSystemWord): string {
  return system === "dmd" ? "snomed" : system;
}
