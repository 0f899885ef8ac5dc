/** The replacement a diagnostic's "did you mean" hint proposes, which a quick fix can apply. */
import type { Diagnostic } from "@steward/core";

/** The suggested word of a `did you mean \`x\`?` hint, when the diagnostic has a place to put it. */
export function suggestionOf(d: Diagnostic): string | undefined {
  if (d.span === undefined || d.hint === undefined) return undefined;
  return /did you mean `([^`]+)`\?/.exec(d.hint)?.[1];
}
