/**
 * `steward audit`: every antimicrobial order in a population's records, audited against the
 * guidelines as the record stood when the order was written. Reads Steward contexts NDJSON (a file
 * or standard input), a FHIR Bulk Data export or a directory of FHIR bundles; audits on worker
 * threads; writes the rows (NDJSON and Parquet) and the metrics (CSV) into `--out`.
 */
import { createReadStream, readFileSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Option } from "commander";
import { vocabulary, type GuidelineIR } from "@steward/core";
import { defaultMappings, type FhirMappings } from "@steward/fhir";
import { prepareAudit } from "@steward/surveillance";
import { isBulkData, readBulkData, readBundles, readContexts, runAudit, type InputRecord, type KeySource, type RecordProblem } from "@steward/surveillance/pipeline";
import { usageError, type CommandSpec } from "../command.js";
import { UnreadablePath } from "../files.js";
import { loadGuidelinesOrIr, printProblems } from "../guidelines.js";
import { accessFor, limitOption, rootOption } from "../options.js";
import { Output, type CommandResult, type Environment } from "../io.js";

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number): string => n.toLocaleString("en-GB");

/** `steward audit`. */
export const auditCommand: CommandSpec = {
  name: "audit",
  summary: "audit every antimicrobial order of a population as its record stood when written; rows and metrics",
  usage: "--guidelines <path> (--contexts <file|-> | --fhir <dir>) --out <dir> [options]",
  operands: [],
  options: [
    new Option("--guidelines <path>", "rule files (*.stw), compiled guidelines (*.ir.json), or directories holding either; repeat for more")
      .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
      .makeOptionMandatory(),
    rootOption(),
    limitOption(),
    new Option("--contexts <file>", "Steward contexts NDJSON, one patient a line: {\"key\": pseudonymous key, \"site\": site or null, \"context\": the whole record}; - reads standard input").conflicts("fhir"),
    new Option("--fhir <dir>", "a FHIR Bulk Data export (NDJSON files, one per resource type, and its manifest.json), or a directory of FHIR bundles (*.json, one patient each)"),
    new Option("--out <dir>", "the directory to write rows.ndjson, orders.parquet, alerts.parquet, evaluations.parquet and metrics/*.csv into").makeOptionMandatory(),
    new Option("--as-of <time>", "the end of the audit period (when the records were extracted), a date-time with a zone; default: a Bulk Data manifest's transactionTime"),
    new Option("--workers <n>", "worker threads (default: one per core)").argParser((v: string) => Number.parseInt(v, 10)),
    new Option("--key-system <uri>", "FHIR: the Patient identifier system whose value is the pseudonymous key").conflicts("keySecretFile"),
    new Option("--key-secret-file <file>", "FHIR: a file holding a secret; the key is an HMAC-SHA-256 of the Patient's id under it"),
    new Option("--default-setting <setting>", "FHIR: the care setting of a record whose encounter does not say one (an export from a GP practice: primary-care)").choices(vocabulary.careSettings.map((s) => s.word)),
    new Option("--fhir-mappings <file>", "FHIR: a JSON object of mapping rows to add to the defaults, by table ({\"medications\": [{\"system\", \"code\", \"means\", \"source\"}]})"),
  ],
  exitCodes: [
    [0, "every record was audited"],
    [2, "bad usage, guidelines with errors, or records that could not be read (reported with their file and line; the others are still audited)"],
  ],
  example: "steward audit --guidelines guidelines --contexts examples/surveillance/population/contexts.ndjson --as-of 2026-07-01T00:00:00Z --out audit",
  run: (_, values, environment) => runAuditCommand(values, environment),
};

/** The end of the audit period: given, or the Bulk Data manifest's transactionTime. */
function asOfTime(given: string | undefined, fhir: string | undefined): string | undefined {
  if (given !== undefined || fhir === undefined) return given;
  try {
    const manifest = JSON.parse(readFileSync(join(fhir, "manifest.json"), "utf8")) as { transactionTime?: unknown };
    return typeof manifest.transactionTime === "string" ? manifest.transactionTime : undefined;
  } catch {
    return undefined;
  }
}

/** Mapping rows from a file, added to the default tables. */
function readMappings(file: string): Partial<FhirMappings> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== undefined) throw new UnreadablePath(file);
    return `\`${file}\` is not JSON: ${(e as Error).message}`;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return `\`${file}\` must hold a JSON object of mapping tables`;
  const out: Record<string, unknown[]> = {};
  for (const [table, rows] of Object.entries(parsed)) {
    if (!(table in defaultMappings)) return `\`${file}\`: \`${table}\` is not a mapping table (${Object.keys(defaultMappings).join(", ")})`;
    if (!Array.isArray(rows)) return `\`${file}\`: \`${table}\` must be a list of rows`;
    out[table] = [...(defaultMappings[table as keyof FhirMappings] as readonly unknown[]), ...rows];
  }
  return out as Partial<FhirMappings>;
}

function readSecret(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    throw new UnreadablePath(file);
  }
}

async function runAuditCommand(values: Readonly<Record<string, unknown>>, environment: Environment): Promise<CommandResult> {
  const self = auditCommand;
  const guidelinePaths = values["guidelines"] as string[];
  const contexts = values["contexts"] as string | undefined;
  const fhir = values["fhir"] as string | undefined;
  const out = values["out"] as string;
  const workers = values["workers"] as number | undefined;
  if (contexts === undefined && fhir === undefined) return usageError(self, "the records are needed: --contexts <file|-> or --fhir <dir>");
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) return usageError(self, "--workers must be a whole number of at least 1");
  if (guidelinePaths.includes("-")) return usageError(self, "--guidelines cannot read standard input here");
  const asOf = asOfTime(values["asOf"] as string | undefined, fhir);
  if (asOf === undefined) return usageError(self, "--as-of <time> is needed: the end of the audit period, such as 2026-07-01T00:00:00Z");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(asOf) || Number.isNaN(Date.parse(asOf))) return usageError(self, `--as-of must be a date-time with a zone, like 2026-07-01T00:00:00Z; got \`${asOf}\``);

  let key: KeySource | undefined;
  let mappings: Partial<FhirMappings> | undefined;
  if (fhir !== undefined) {
    const system = values["keySystem"] as string | undefined;
    const secretFile = values["keySecretFile"] as string | undefined;
    if (system === undefined && secretFile === undefined) return usageError(self, "FHIR records need a pseudonymous key: --key-system <uri> (an identifier on each Patient) or --key-secret-file <file> (a keyed hash of the Patient's id)");
    key = system !== undefined ? { kind: "identifier", system } : { kind: "hmac", secret: readSecret(secretFile!) };
    const mappingsFile = values["fhirMappings"] as string | undefined;
    if (mappingsFile !== undefined) {
      const read = readMappings(mappingsFile);
      if (typeof read === "string") return usageError(self, read);
      mappings = read;
    }
  }

  const output = new Output();
  const loaded = loadGuidelinesOrIr(guidelinePaths, environment.stdin, accessFor(guidelinePaths, values));
  const named = guidelinePaths.join(" ");
  if (loaded.problems.length > 0) {
    printProblems(output, loaded, environment.style.stderr);
    output.error(`steward audit: the guidelines in \`${named}\` cannot be used; run \`steward check ${named}\``);
    return output.done(2);
  }
  if (loaded.guidelines.length === 0) return usageError(self, `no guidelines in \`${named}\``);
  const auditor = prepareAudit(loaded.guidelines);
  if (auditor._tag === "Left") {
    for (const d of auditor.left) output.error(`the guidelines: error[${d.code}]: ${d.message}`);
    return output.done(2);
  }

  const problems: RecordProblem[] = [];
  const report = (p: RecordProblem): void => {
    problems.push(p);
    output.error(environment.style.stderr.bold(`${p.file}${p.line === null ? "" : `:${p.line}`}: `) + `error[${p.code}]: ${p.message}`);
  };
  let input: AsyncIterable<InputRecord>;
  if (contexts !== undefined) {
    if (contexts !== "-") statOrThrow(contexts);
    input = readContexts(contexts === "-" ? Readable.from([environment.stdin()]) : createReadStream(contexts), contexts === "-" ? "<stdin>" : contexts);
  } else {
    if (!statOrThrow(fhir!).isDirectory()) return usageError(self, `--fhir needs a directory (a Bulk Data export or bundles); \`${fhir}\` is a file`);
    input = isBulkData(fhir!) ? readBulkData(fhir!, report) : readBundles(fhir!);
  }

  const progress = environment.progress();
  const summary = await runAudit({
    input,
    out,
    ...(workers === undefined ? {} : { workers }),
    worker: {
      guidelines: loaded.guidelines as GuidelineIR[],
      asOf,
      ...(key === undefined ? {} : { key }),
      ...(mappings === undefined ? {} : { mappings }),
      ...(values["defaultSetting"] === undefined ? {} : { defaultSetting: values["defaultSetting"] as vocabulary.CareSetting }),
    },
    onProblem: report,
    onProgress: (done) => progress.update(`audit: ${count(done.records)} records, ${count(done.rows)} rows${done.problems > 0 ? `, ${count(done.problems)} unreadable` : ""}`),
  });
  progress.done();

  const { stages } = summary;
  output.print(`audited ${count(summary.records)} records (${summary.workers} worker${summary.workers === 1 ? "" : "s"}): ${count(summary.rows)} rows, ${count(problems.length)} unreadable`);
  output.print(`rows: ${summary.files.rows}`);
  output.print(`tables: ${Object.values(summary.files.tables).join(", ")}`);
  output.print(`metrics: ${summary.files.metrics.join(", ")}`);
  output.print(`time: read ${seconds(stages.read)}, evaluate ${seconds(stages.evaluateWall)} (${seconds(stages.evaluate)} of worker time), write ${seconds(stages.write)}, aggregate ${seconds(stages.aggregate)}; ${seconds(summary.wallMs)} in all`);
  return output.done(problems.length > 0 ? 2 : 0);
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch {
    throw new UnreadablePath(path);
  }
}
