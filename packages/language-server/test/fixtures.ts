/** The bundled guidelines, opened from disk as an editor would open them. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { diskFiles } from "@steward/language-server/node";
import { connectInProcess, type TestClient } from "./lsp-client.js";

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, "../../..");

/** A bundled guideline file: its `file:` URI and its text on disk. */
export function guidelineFile(relative: string): { readonly uri: string; readonly text: string } {
  const path = resolve(repoRoot, "guidelines", relative);
  return { uri: pathToFileURL(path).href, text: readFileSync(path, "utf8") };
}

export const ng109 = guidelineFile("ng109-lower-uti/ng109.stw");
export const formulary = guidelineFile("formulary.stw");
export const table1Tests = guidelineFile("ng109-lower-uti/table-1-women.test.stw");

/** A client of a server reading the repository from disk, with `documents` already open. */
export async function openedOnDisk(...documents: readonly { readonly uri: string; readonly text: string }[]): Promise<TestClient> {
  const client = await connectInProcess(diskFiles);
  for (const document of documents) await client.open(document.uri, document.text);
  return client;
}
