/**
 * Fetching what the client did not prefetch, from its FHIR server with the access token it gave
 * (CDS Hooks 2.0, "FHIR Resource Access"), and the further pages of a search result. Only servers
 * the configuration lists are asked, each request is bounded in time and size, and a page link is
 * followed only on the same server. What cannot be had is named, by prefetch key, for the 412.
 */
import type { HookRequest } from "../hook-request.js";
import { withoutTrailingSlashes } from "../trim.js";

/** How to reach FHIR servers. */
export interface FetchLimits {
  /** URL prefixes of the FHIR servers the service may ask. */
  readonly servers: readonly string[];
  /** How long to wait for one response, in milliseconds. */
  readonly timeout: number;
}

/** A prefetch key the service could not fill, and why (no patient data in the words). */
export interface Unavailable {
  readonly key: string;
  readonly reason: string;
}

const MAX_BYTES = 20 * 1024 * 1024;
const MAX_PAGES = 20;

/** The FHIR server of the request, when the service may ask it; otherwise why not. */
export function usableServer(request: HookRequest, limits: FetchLimits): { readonly base: string } | { readonly reason: string } {
  const server = request.fhirServer === undefined ? undefined : withoutTrailingSlashes(request.fhirServer);
  if (server === undefined) return { reason: "the request names no FHIR server to fetch it from" };
  const allowed = limits.servers.some((prefix) => {
    const p = withoutTrailingSlashes(prefix);
    return server === p || server.startsWith(`${p}/`);
  });
  return allowed ? { base: server } : { reason: "the request's FHIR server is not one the service is configured to use" };
}

/** GETs a FHIR URL as JSON; a missing resource is `null`. */
async function getJson(url: string, request: HookRequest, limits: FetchLimits): Promise<{ value: unknown } | { reason: string }> {
  const token = request.fhirAuthorization?.access_token;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/fhir+json", ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      redirect: "error",
      signal: AbortSignal.timeout(limits.timeout),
    });
  } catch (e) {
    return { reason: (e as Error).name === "TimeoutError" ? `the FHIR server did not answer within ${limits.timeout} ms` : "the FHIR server could not be reached" };
  }
  if (response.status === 404 && !url.includes("?")) {
    await response.body?.cancel();
    return { value: null };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { reason: `the FHIR server answered HTTP ${response.status}` };
  }
  if (Number(response.headers.get("content-length") ?? 0) > MAX_BYTES) {
    await response.body?.cancel();
    return { reason: "the FHIR server's answer is larger than the service reads" };
  }
  try {
    const text = await response.text();
    if (text.length > MAX_BYTES) return { reason: "the FHIR server's answer is larger than the service reads" };
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { reason: "the FHIR server's answer is not JSON" };
  }
}

/** Fetches each missing prefetch key's query; returns what was fetched and what could not be. */
export async function fetchMissing(
  request: HookRequest,
  missing: readonly { readonly key: string; readonly query: string }[],
  limits: FetchLimits,
): Promise<{ readonly fetched: Readonly<Record<string, unknown>>; readonly unavailable: readonly Unavailable[] }> {
  if (missing.length === 0) return { fetched: {}, unavailable: [] };
  const server = usableServer(request, limits);
  if ("reason" in server) return { fetched: {}, unavailable: missing.map((m) => ({ key: m.key, reason: server.reason })) };
  const results = await Promise.all(missing.map(async (m) => ({ key: m.key, result: await getJson(`${server.base}/${m.query}`, request, limits) })));
  const fetched: Record<string, unknown> = {};
  const unavailable: Unavailable[] = [];
  for (const { key, result } of results) {
    if ("reason" in result) unavailable.push({ key, reason: result.reason });
    else fetched[key] = await withAllPages(result.value, request, limits);
  }
  return { fetched, unavailable };
}

/**
 * A searchset Bundle with the entries of its further pages added, when its `next` link is on the
 * request's FHIR server and the service may ask it; otherwise the Bundle as it came (its next link
 * then tells the reader the list is incomplete, and what it holds is left unknown).
 */
export async function withAllPages(value: unknown, request: HookRequest, limits: FetchLimits): Promise<unknown> {
  const server = usableServer(request, limits);
  if ("reason" in server || !isSearchset(value)) return value;
  let bundle = value;
  const entries: unknown[] = [...(bundle.entry ?? [])];
  for (let page = 0; page < MAX_PAGES; page++) {
    const next = bundle.link?.find((l) => l.relation === "next")?.url;
    if (next === undefined || !(next === server.base || next.startsWith(`${server.base}/`) || next.startsWith(`${server.base}?`))) break;
    const result = await getJson(next, request, limits);
    if ("reason" in result || !isSearchset(result.value)) break;
    bundle = result.value;
    entries.push(...(bundle.entry ?? []));
  }
  const complete = bundle.link?.find((l) => l.relation === "next") === undefined;
  // invariant: the links kept say whether every page was read; `total` stays the server's count
  return { ...value, entry: entries, link: complete ? (value.link ?? []).filter((l) => l.relation !== "next") : bundle.link };
}

interface Searchset {
  readonly resourceType: "Bundle";
  readonly type: "searchset";
  readonly entry?: unknown[];
  readonly link?: { readonly relation: string; readonly url: string }[];
}

function isSearchset(value: unknown): value is Searchset {
  const v = value as Partial<Searchset> | null;
  return typeof v === "object" && v !== null && v.resourceType === "Bundle" && v.type === "searchset";
}
