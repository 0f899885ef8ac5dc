/**
 * The HTTP service (fastify): discovery at `GET /cds-services`, one service per hook at
 * `POST /cds-services/{id}`, feedback at `POST /cds-services/{id}/feedback`, and the override rates
 * at `GET /steward/override-rates`. Every route but CORS preflight checks the client's JWT (unless
 * the service runs in development mode, which only binds loopback). Errors are OperationOutcomes;
 * logs are one JSON object a line, with the route, status, time and counts, never a token, a body
 * or a patient identifier.
 */
import cors from "@fastify/cors";
import { defaultAlertPolicy, prepare, type AlertPolicy, type GuidelineIR } from "@steward/core";
import { defaultMappings, type FhirMappings } from "@steward/fhir";
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from "fastify";
import { left, right, type Either } from "#fp-ts/either";
import { parseFeedback } from "../feedback-request.js";
import { operationOutcome } from "../operation-outcome.js";
import { prefetchTemplates } from "../prefetch-templates.js";
import { discoveryResponse, services } from "../services.js";
import { ClientVerifier } from "./auth.js";
import type { ServiceConfig } from "./config.js";
import { handleHook, windowStart, type HookEnvironment } from "./handle-hook.js";
import { FeedbackStore } from "./store.js";
import { withoutTrailingSlashes } from "../trim.js";

/** Somewhere to write log lines. */
export interface LogStream {
  /** Writes one line (a JSON object and a newline). */
  write(line: string): void;
}

/** What the service runs with. */
export interface ServiceOptions {
  /** The compiled guidelines it evaluates. */
  readonly guidelines: readonly GuidelineIR[];
  /** Its configuration (`parseServiceConfig`). */
  readonly config: ServiceConfig;
  /** The clock (default: the system's); tests pass a fixed one. */
  readonly clock?: () => Date;
  /** Where the structured log goes, one JSON object a line (default: standard output). */
  readonly log?: LogStream;
}

/** A running service. */
export interface RunningService {
  /** The address it listens on, `http://127.0.0.1:port`. */
  readonly url: string;
  /** Its durable data: feedback, override rates. */
  readonly store: FeedbackStore;
  /** Stops listening and closes the store. */
  close(): Promise<void>;
}

/** Starts the service; Left when the guidelines cannot be prepared or the address cannot be bound. */
export async function startService(options: ServiceOptions): Promise<Either<readonly string[], RunningService>> {
  const { config } = options;
  const prepared = prepare(options.guidelines);
  if (prepared._tag === "Left") return left(prepared.left.map((d) => `${d.code}: ${d.message}`));
  const clock = options.clock ?? (() => new Date());
  let store: FeedbackStore;
  try {
    store = new FeedbackStore(config.database);
  } catch (e) {
    return left([`the feedback file \`${config.database}\` cannot be opened: ${(e as Error).message}`]);
  }
  const own = config.alertPolicy;
  const policy: AlertPolicy = {
    maxInterruptive: own.maxInterruptive ?? defaultAlertPolicy.maxInterruptive,
    interruptivePriorities: own.interruptivePriorities ?? defaultAlertPolicy.interruptivePriorities,
    acknowledgementWindow: own.acknowledgementWindow ?? defaultAlertPolicy.acknowledgementWindow,
  };
  // A configured table's rows come after the reader's default rows (the first matching row wins).
  const mappings = Object.fromEntries(
    Object.entries(config.mappings).flatMap(([table, rows]) => (rows === undefined ? [] : [[table, [...defaultMappings[table as keyof FhirMappings], ...rows]]])),
  ) as Partial<FhirMappings>;
  const env: HookEnvironment = {
    evaluator: prepared.right,
    guidelines: options.guidelines,
    templates: prefetchTemplates(options.guidelines, { mappings, settingFixed: config.setting !== undefined }),
    config,
    policy,
    mappings,
    fetchLimits: { servers: config.fhirServers, timeout: config.fetchTimeout },
    store,
  };
  const verifier = new ClientVerifier(config.clients, store, { maxLifetime: config.maxTokenLifetime, clockTolerance: 30 });

  const app = Fastify({
    bodyLimit: config.bodyLimit,
    // The service logs one line per request itself (onResponse), with counts and no request data.
    logController: new LogController({ disableRequestLogging: true }),
    logger: { level: "info", ...(options.log === undefined ? {} : { stream: options.log }), base: { service: "steward-cds-hooks" } },
  });
  if (config.corsOrigins.length > 0) {
    await app.register(cors, { origin: [...config.corsOrigins], methods: ["GET", "POST"], allowedHeaders: ["Authorization", "Content-Type"], maxAge: 600 });
  }

  let base = config.baseUrl === undefined ? undefined : withoutTrailingSlashes(config.baseUrl);
  const facts = new WeakMap<FastifyRequest, Record<string, unknown>>();
  app.addHook("onRequest", async (request, reply) => {
    facts.set(request, { started: process.hrtime.bigint() });
    if (config.dev || request.method === "OPTIONS") return;
    const path = request.url.split("?")[0]!;
    const audiences = [`${base}${path}`, ...(path.endsWith("/feedback") ? [`${base}${path.slice(0, -"/feedback".length)}`] : [])];
    const verdict = await verifier.verify(request.headers.authorization, audiences, Math.floor(clock().getTime() / 1000));
    if (!verdict.ok) {
      facts.get(request)!["refused"] = verdict.reason;
      return reply.code(401).header("www-authenticate", 'Bearer error="invalid_token"').send(operationOutcome([{ code: "login", text: verdict.reason }]));
    }
    facts.get(request)!["client"] = verdict.client;
  });
  app.addHook("onResponse", async (request, reply) => {
    const f = facts.get(request) ?? {};
    const { started, ...rest } = f;
    const ms = typeof started === "bigint" ? Number(process.hrtime.bigint() - started) / 1e6 : undefined;
    request.log.info({ method: request.method, route: request.routeOptions.url ?? "unknown", status: reply.statusCode, ms, ...rest }, "request");
  });

  const client = (request: FastifyRequest): string => (facts.get(request)?.["client"] as string | undefined) ?? "development";
  const note = (request: FastifyRequest, log: Readonly<Record<string, unknown>>): void => void Object.assign(facts.get(request) ?? {}, log);
  const notFound = (reply: FastifyReply, text: string) => reply.code(404).send(operationOutcome([{ code: "not-found", text }]));

  app.get("/cds-services", async () => discoveryResponse(env.templates));
  app.post<{ Params: { id: string } }>("/cds-services/:id", async (request, reply) => {
    const service = services.find((s) => s.id === request.params.id);
    if (service === undefined) return notFound(reply, `there is no service \`${request.params.id}\``);
    const answer = await handleHook(service, request.body, client(request), clock(), env);
    note(request, { hook: service.hook, ...answer.log });
    return reply.code(answer.status).send(answer.body);
  });
  app.post<{ Params: { id: string } }>("/cds-services/:id/feedback", async (request, reply) => {
    const service = services.find((s) => s.id === request.params.id);
    if (service === undefined) return notFound(reply, `there is no service \`${request.params.id}\``);
    const feedback = parseFeedback(request.body);
    if (feedback._tag === "Left") return reply.code(400).send(operationOutcome(feedback.left.map((p) => ({ code: "invalid", text: p.message, pointer: p.pointer }))));
    const matched = store.recordFeedback(service.id, feedback.right, clock().toISOString());
    note(request, { feedback: feedback.right.length, unknownCards: feedback.right.length - matched });
    return reply.code(200).send();
  });
  app.get("/steward/override-rates", async () => ({ rates: store.overrideRates() }));

  app.setNotFoundHandler((request, reply) => notFound(reply, `no route \`${request.method} ${request.url.split("?")[0]!}\``));
  app.setErrorHandler((error: { statusCode?: number; code?: string; name?: string; stack?: string }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const text = status === 413 ? `the body is larger than the ${config.bodyLimit} bytes the service accepts` : status === 415 ? "the body must be JSON (Content-Type: application/json)" : status === 400 ? "the body is not valid JSON" : "the service failed; the request was not acted on";
    // Only the error's name and code are logged: a parser's message can quote the body.
    note(request, { error: error.code ?? error.name });
    if (status === 500) request.log.error({ error: error.name, code: error.code, at: error.stack?.split("\n").slice(1, 4).join(" | ") }, "unexpected error");
    return reply.code(status).send(operationOutcome([{ code: status === 413 ? "too-long" : status === 415 ? "not-supported" : status === 500 ? "exception" : "invalid", text }]));
  });

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    store.close();
    return left([`cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`]);
  }
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  base ??= url;

  const prune = (): void => store.prune(Math.floor(clock().getTime() / 1000), windowStart(clock(), policy.acknowledgementWindow));
  prune();
  const pruning = setInterval(prune, 10 * 60_000);
  pruning.unref();
  app.log.info({ url, dev: config.dev, guidelines: options.guidelines.map((g) => `${g.guideline.id} ${g.guideline.version}`), prefetch: Object.keys(env.templates) }, config.dev ? "listening in development mode: no authentication" : "listening");
  return right({
    url,
    store,
    close: async () => {
      clearInterval(pruning);
      await app.close();
      store.close();
    },
  });
}
