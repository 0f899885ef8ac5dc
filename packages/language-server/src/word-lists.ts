/** Core's word lists (statuses, settings, routes, strategies …) by name, for hover and completion. */
import { vocabulary } from "@steward/core";

/** A word list of the language. */
export type WordList = readonly vocabulary.Word[];

function isWordList(rows: unknown): rows is WordList {
  return Array.isArray(rows) && rows.every((r) => typeof (r as { word?: unknown }).word === "string");
}

/** Every word list, named as core names it (`awareCategories` …). */
export const wordLists: readonly { readonly name: string; readonly words: WordList }[] = Object.entries(vocabulary as Record<string, unknown>).flatMap(([name, rows]) => (isWordList(rows) ? [{ name, words: rows }] : []));
