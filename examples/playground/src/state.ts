/**
 * The playground's whole state (the open file, every edited file, the patient and the time) in the
 * URL fragment: JSON, compressed with the browser's deflate-raw, in base64url. A link from
 * elsewhere is untrusted input: it is checked field by field before anything is restored.
 */
import * as z from "zod";

/** What a shared link restores. Only files that differ from the bundled ones are carried. */
export const PlaygroundState = z.strictObject({
  file: z.string(),
  edits: z.record(z.string(), z.string()),
  patient: z.strictObject({ name: z.string(), text: z.string().optional() }),
  now: z.string(),
});
/** What a shared link restores. */
export type PlaygroundState = z.infer<typeof PlaygroundState>;

const prefix = "#s=";

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const piped = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The fragment (`#s=…`) holding `state`. */
export async function encodeState(state: PlaygroundState): Promise<string> {
  const compressed = await transform(new TextEncoder().encode(JSON.stringify(state)), new CompressionStream("deflate-raw"));
  return `${prefix}${toBase64Url(compressed)}`;
}

/** The state in a fragment; undefined when there is none; an error message when it cannot be read. */
export async function decodeState(fragment: string): Promise<PlaygroundState | { readonly error: string } | undefined> {
  if (!fragment.startsWith(prefix)) return undefined;
  try {
    const json = new TextDecoder().decode(await transform(fromBase64Url(fragment.slice(prefix.length)), new DecompressionStream("deflate-raw")));
    const parsed = PlaygroundState.safeParse(JSON.parse(json));
    if (!parsed.success) return { error: `the link's state is not valid: ${parsed.error.issues.map((i) => `/${i.path.join("/")}: ${i.message}`).join("; ")}` };
    return parsed.data;
  } catch {
    return { error: "the link's state is damaged (it may have been cut short)" };
  }
}
