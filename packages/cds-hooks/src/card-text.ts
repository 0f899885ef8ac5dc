/**
 * The text of a card: a summary under 140 characters (the specification's limit), and Markdown for
 * the detail with the guideline's words escaped, so a `*` or `<` in a message is shown as written.
 */

import { SUMMARY_LIMIT } from "@steward/core";
import { withoutTrailing } from "./trim.js";

export { SUMMARY_LIMIT };

/** The length of a text in characters (code points), as the specification counts them. */
export function characters(text: string): number {
  return [...text].length;
}

/** Where a message may be cut and still read as a whole: after a sentence, or before a colon, semicolon or dash. */
const clauseBreaks = /(?<=[^\s])(?:\. |: |; | — )/g;

/**
 * A summary for a message. A message that fits is the summary. A longer one is cut at the last
 * clause break that fits (`Urine culture shows … not improving: change …` gives what comes before
 * the colon); with none, at the last word that fits, ending in `…`. `shortened` says the summary is
 * not the whole message, which then belongs in the card's detail.
 */
export function summaryOf(message: string): { readonly summary: string; readonly shortened: boolean } {
  const text = message.trim().replace(/\s+/g, " ");
  if (characters(text) <= SUMMARY_LIMIT) return { summary: text, shortened: text !== message };
  let clause: string | undefined;
  for (const match of text.matchAll(clauseBreaks)) {
    const prefix = text.slice(0, match.index);
    if (characters(prefix) > SUMMARY_LIMIT) break;
    clause = prefix;
  }
  if (clause !== undefined) return { summary: clause, shortened: true };
  const room = [...text].slice(0, SUMMARY_LIMIT - 1).join("");
  const lastSpace = room.lastIndexOf(" ");
  return { summary: `${withoutTrailing(lastSpace > 0 ? room.slice(0, lastSpace) : room, (c) => /[\s,;:.—-]/.test(c))}…`, shortened: true };
}

/**
 * Text written into Markdown so that it is shown as it is, inline: the characters GitHub Flavored
 * Markdown reads as emphasis, code, links, HTML, tables or strike-through are escaped, and line
 * breaks become spaces (the card's own layout decides where lines start).
 */
export function markdownText(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** Each run of white space that holds a line break becomes one space, in one pass over the text. */
function oneLine(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (!/\s/.test(text[i]!)) {
      out += text[i++];
      continue;
    }
    const start = i;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    const run = text.slice(start, i);
    out += run.includes("\n") ? " " : run;
  }
  return out;
}
