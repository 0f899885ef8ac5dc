/**
 * The service's configuration: a JSON file (`steward serve --config`), checked whole against a strict
 * schema so a misspelt field is an error naming its JSON pointer, never a silent default. Command
 * line flags override the file's `port`, `host`, `database`, `setting` and `dev`.
 */
import { vocabulary } from "@steward/core";
import * as z from "zod";
import { left, right, type Either } from "#fp-ts/either";
import { pointerOf, type RequestProblem } from "../hook-request.js";

/** A row added to one of the FHIR reader's mapping tables: a code, what it means, and where the code was seen. */
const rowOf = <T extends z.ZodType<string>>(means: T) => z.strictObject({ system: z.string().min(1), code: z.string().min(1), means, source: z.string().min(1) });
const Row = rowOf(z.string().min(1));

const Client = z
  .strictObject({
    iss: z.string().min(1).describe("the issuer (`iss`) the client's tokens name"),
    jku: z.array(z.url()).min(1).optional().describe("the JWK Set URLs its tokens may name in `jku`"),
    jwksUrl: z.url().optional().describe("a JWK Set URL agreed out of band, for tokens that name no `jku`"),
    jwks: z.looseObject({ keys: z.array(z.looseObject({ kty: z.string() })).min(1) }).optional().describe("public keys agreed out of band"),
  })
  .refine((c) => c.jku !== undefined || c.jwksUrl !== undefined || c.jwks !== undefined, { message: "a client needs keys: `jku`, `jwksUrl` or `jwks`" });

const careSettings = vocabulary.careSettings.map((s) => s.word) as [vocabulary.CareSetting, ...vocabulary.CareSetting[]];
const priorities = vocabulary.alertPriorities.map((p) => p.word) as [vocabulary.AlertPriority, ...vocabulary.AlertPriority[]];

const ConfigSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default("127.0.0.1"),
  baseUrl: z.url().optional().describe("the URL clients call the service at; tokens' `aud` is checked against it (default: http://host:port)"),
  database: z.string().min(1).default("steward-cds-hooks.sqlite"),
  dev: z.boolean().default(false).describe("development mode: no JWT; refused unless bound to a loopback address"),
  clients: z.array(Client).default([]),
  fhirServers: z.array(z.url()).default([]).describe("FHIR servers the service may fetch missing prefetch from (URL prefixes)"),
  corsOrigins: z.array(z.url()).default([]),
  bodyLimit: z.number().int().positive().default(5 * 1024 * 1024),
  setting: z.enum(careSettings).optional().describe("the care setting of every call, when the service serves one setting; otherwise the encounter says it"),
  maxCards: z.number().int().min(1).default(5),
  alertPolicy: z
    .strictObject({
      maxInterruptive: z.number().int().min(0).optional(),
      interruptivePriorities: z.array(z.enum(priorities)).optional(),
      acknowledgementWindow: z.strictObject({ value: z.number().positive(), unit: z.enum(["minutes", "hours", "days", "weeks"]) }).optional(),
    })
    .default({}),
  maxTokenLifetime: z.number().int().positive().default(300).describe("seconds between a token's iat and exp, at most"),
  fetchTimeout: z.number().int().positive().default(3000).describe("milliseconds to wait for the FHIR server"),
  mappings: z
    .strictObject({
      medications: z.array(Row),
      laboratoryAntibiotics: z.array(Row),
      settings: z.array(rowOf(z.enum(careSettings))),
      routes: z.array(rowOf(z.enum(vocabulary.routes.map((r) => r.word) as [vocabulary.Route, ...vocabulary.Route[]]))),
    })
    .partial()
    .default({})
    .describe("rows added after the FHIR reader's default rows of these tables"),
});

/** A registered client: its issuer and where its public keys are. */
export interface ClientConfig {
  /** The issuer (`iss`) its tokens name. */
  readonly iss: string;
  /** The JWK Set URLs its tokens may name in `jku`. */
  readonly jku?: readonly string[] | undefined;
  /** A JWK Set URL agreed out of band, for tokens that name no `jku`. */
  readonly jwksUrl?: string | undefined;
  /** Public keys agreed out of band. */
  readonly jwks?: { readonly keys: readonly Readonly<Record<string, unknown>>[] } | undefined;
}

/** A row added to a mapping table of the FHIR reader. */
export interface MappingRow {
  readonly system: string;
  readonly code: string;
  readonly means: string;
  readonly source: string;
}

/** The service's configuration, with every default filled in (the integration guide, §16.1, says what each field does). */
export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  readonly baseUrl?: string | undefined;
  readonly database: string;
  readonly dev: boolean;
  readonly clients: readonly ClientConfig[];
  readonly fhirServers: readonly string[];
  readonly corsOrigins: readonly string[];
  readonly bodyLimit: number;
  readonly setting?: vocabulary.CareSetting | undefined;
  readonly maxCards: number;
  readonly alertPolicy: {
    readonly maxInterruptive?: number | undefined;
    readonly interruptivePriorities?: readonly vocabulary.AlertPriority[] | undefined;
    readonly acknowledgementWindow?: { readonly value: number; readonly unit: "minutes" | "hours" | "days" | "weeks" } | undefined;
  };
  readonly maxTokenLifetime: number;
  readonly fetchTimeout: number;
  readonly mappings: {
    readonly medications?: readonly MappingRow[] | undefined;
    readonly laboratoryAntibiotics?: readonly MappingRow[] | undefined;
    readonly settings?: readonly (MappingRow & { readonly means: vocabulary.CareSetting })[] | undefined;
    readonly routes?: readonly (MappingRow & { readonly means: vocabulary.Route })[] | undefined;
  };
}

/** What a configuration may hold: every field optional, defaults filled in by `parseServiceConfig`. */
export type ServiceConfigInput = Partial<ServiceConfig>;

/** Checks a configuration (the parsed JSON of a file), filling in defaults; each problem names its JSON pointer. */
export function parseServiceConfig(value: unknown): Either<readonly RequestProblem[], ServiceConfig> {
  const parsed = ConfigSchema.safeParse(value ?? {});
  if (!parsed.success) {
    return left(
      parsed.error.issues.flatMap((i) =>
        // A misspelt setting is named by its own pointer.
        i.code === "unrecognized_keys" ? i.keys.map((key) => ({ pointer: pointerOf([...i.path, key]), message: "not a setting of the service" })) : [{ pointer: pointerOf(i.path), message: i.message }],
      ),
    );
  }
  // invariant: the schema's output is the documented ServiceConfig
  const config: ServiceConfig = parsed.data;
  const problems: RequestProblem[] = [];
  if (!config.dev && config.clients.length === 0) problems.push({ pointer: "/clients", message: "no client is registered: register the EHR's issuer and keys, or run in development mode on a loopback address" });
  if (config.dev && !isLoopback(config.host)) problems.push({ pointer: "/host", message: `development mode has no authentication, so it only binds a loopback address (127.0.0.1, ::1 or localhost), not \`${config.host}\`` });
  return problems.length > 0 ? left(problems) : right(config);
}

/** Whether a host name or address is the loopback interface. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
