/** Offsets and spans of the DSL as LSP positions and ranges (UTF-16 code units, as both count). */
import type { Position, Range } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";

/** A text that converts between offsets and line/character positions. */
export interface Positions {
  readonly offsetAt: (position: Position) => number;
  readonly positionAt: (offset: number) => Position;
}

/** Positions for a text not open in the editor. */
export function positionsOf(text: string): Positions {
  return TextDocument.create("file:///", "steward", 0, text);
}

/** The range of `length` characters from `offset`. */
export function rangeOf(positions: Positions, offset: number, length: number): Range {
  return { start: positions.positionAt(offset), end: positions.positionAt(offset + length) };
}
