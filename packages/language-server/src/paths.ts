/** Document URIs and the POSIX paths the DSL names files by; `file:` URIs only. */
import { URI } from "vscode-uri";

/** The path the DSL uses for a document URI. */
export function pathOf(uri: string): string {
  return URI.parse(uri).path;
}

/** The `file:` URI of a DSL path. */
export function uriOf(path: string): string {
  return URI.from({ scheme: "file", path }).toString();
}
