/**
 * A CDS Hooks request as the service reads it: the fields of the specification's "Calling a CDS
 * Service", with the context each hook defines (patient-view, order-select and order-sign in the
 * CDS Hooks library). Unknown fields are kept (the specification allows `extension` and newer
 * fields); a request that breaks a rule is refused whole, each problem named by its JSON pointer.
 */
import * as z from "zod";
import { left, right, type Either } from "#fp-ts/either";
import type { HookName } from "./services.js";

/** One thing wrong with a request, where it is. */
export interface RequestProblem {
  readonly pointer: string;
  readonly message: string;
}

const FhirAuthorization = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, "must be `Bearer`"),
  expires_in: z.number().int(),
  scope: z.string().min(1),
  subject: z.string().min(1),
  patient: z.string().min(1).optional(),
});

const Context = z.looseObject({
  userId: z.string().min(1).optional(),
  patientId: z.string().min(1).optional(),
  encounterId: z.string().min(1).optional(),
  selections: z.array(z.string().min(1)).optional(),
  draftOrders: z.looseObject({ resourceType: z.literal("Bundle") }).optional(),
});

const HookRequestSchema = z.looseObject({
  hook: z.string().min(1),
  hookInstance: z.string().min(1),
  fhirServer: z.url().optional(),
  fhirAuthorization: FhirAuthorization.optional(),
  context: Context,
  prefetch: z.record(z.string(), z.unknown()).optional(),
  extension: z.record(z.string(), z.unknown()).optional(),
});

/** A request that passed the checks (fields the specification does not define are kept as sent). */
export interface HookRequest {
  /** The hook, one Steward answers. */
  readonly hook: HookName;
  /** The call's unique id; card uuids are derived from it. */
  readonly hookInstance: string;
  /** The base URL of the client's FHIR server. */
  readonly fhirServer?: string | undefined;
  /** The access token for that server, and what it grants. */
  readonly fhirAuthorization?:
    | { readonly access_token: string; readonly token_type: string; readonly expires_in: number; readonly scope: string; readonly subject: string; readonly patient?: string | undefined }
    | undefined;
  /** The hook's context: the patient always; the draft orders (and, for order-select, the selections) for order hooks. */
  readonly context: {
    readonly patientId: string;
    readonly userId?: string | undefined;
    readonly encounterId?: string | undefined;
    /** `Type/id` of the draft orders selected (order-select). */
    readonly selections?: readonly string[] | undefined;
    /** A Bundle of the orders being written. */
    readonly draftOrders?: Readonly<Record<string, unknown>> | undefined;
    readonly [field: string]: unknown;
  };
  /** The data prefetched, by prefetch key. */
  readonly prefetch?: Readonly<Record<string, unknown>> | undefined;
  readonly extension?: Readonly<Record<string, unknown>> | undefined;
}

/** The context fields each hook requires. */
const requiredContext: Readonly<Record<HookName, readonly ("patientId" | "draftOrders" | "selections")[]>> = {
  "patient-view": ["patientId"],
  "order-select": ["patientId", "draftOrders", "selections"],
  "order-sign": ["patientId", "draftOrders"],
};

/** Reads the JSON body of a call to the service for `hook`. */
export function parseHookRequest(body: unknown, hook: HookName): Either<readonly RequestProblem[], HookRequest> {
  const parsed = HookRequestSchema.safeParse(body);
  if (!parsed.success) return left(parsed.error.issues.map((i) => ({ pointer: pointerOf(i.path), message: i.message })));
  const request = parsed.data;
  const problems: RequestProblem[] = [];
  if (request.hook !== hook) problems.push({ pointer: "/hook", message: `this service answers \`${hook}\`, not \`${request.hook}\`` });
  for (const field of requiredContext[hook]) if (request.context[field] === undefined) problems.push({ pointer: `/context/${field}`, message: `\`${hook}\` requires \`context.${field}\`` });
  // cds-r-1: an access token comes with the server it is for.
  if (request.fhirAuthorization !== undefined && request.fhirServer === undefined) problems.push({ pointer: "/fhirServer", message: "`fhirServer` is required when `fhirAuthorization` is given" });
  const drafts = draftOrderIds(request.context.draftOrders);
  for (const [i, selection] of (request.context.selections ?? []).entries()) {
    if (!drafts.includes(selection)) problems.push({ pointer: `/context/selections/${i}`, message: `\`${selection}\` is not one of the draft orders` });
  }
  // invariant: the schema and the checks above make it a HookRequest of `hook`
  return problems.length > 0 ? left(problems) : right(request as unknown as HookRequest);
}

/** The draft orders of a request, as `Type/id`. */
export function draftOrderIds(draftOrders: unknown): string[] {
  const entries = (draftOrders as { entry?: unknown } | undefined)?.entry;
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((e: unknown) => {
    const r = (e as { resource?: { resourceType?: unknown; id?: unknown } } | null)?.resource;
    return typeof r?.resourceType === "string" && typeof r.id === "string" ? [`${r.resourceType}/${r.id}`] : [];
  });
}

/** A zod path as a JSON pointer. */
export function pointerOf(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
