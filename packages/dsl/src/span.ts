/**
 * The only file that reads chevrotain positions. Chevrotain's `endOffset` is inclusive, and tokens
 * inserted by error recovery have NaN positions: both are handled here and nowhere else.
 */
import type { CstNode, CstNodeLocation, IToken } from "chevrotain";
import type { Span } from "@steward/core";

/** Line starts of a source text, for turning offsets into lines and columns. A line ends at `\n`, `\r\n` or a lone `\r`. */
export class SourceMap {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  /** The span covering `length` characters from `offset`. */
  span(offset: number, length: number): Span {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, offset, length, line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  /** The span from the first character of `start` to the last of `end` (inclusive offsets). */
  between(startOffset: number, endOffsetInclusive: number): Span {
    return this.span(startOffset, Math.max(0, endOffsetInclusive - startOffset + 1));
  }

  /** The span of a real token, or undefined for a token that recovery invented. */
  token(token: IToken): Span | undefined {
    if (!isRealToken(token)) return undefined;
    return this.span(token.startOffset, token.image.length);
  }

  /** The span of a CST node, or undefined if recovery left it without a position. */
  node(node: CstNode): Span | undefined {
    const loc: CstNodeLocation | undefined = node.location;
    if (loc === undefined || !Number.isFinite(loc.startOffset) || loc.endOffset === undefined || !Number.isFinite(loc.endOffset)) {
      return undefined;
    }
    return this.between(loc.startOffset, loc.endOffset);
  }

  /** The span at the very end of the text, for "unexpected end of file". */
  end(): Span {
    return this.span(this.text.length, 0);
  }

  /** True when the whitespace run just before `offset` holds an empty line. */
  blankLineBefore(offset: number): boolean {
    let newlines = 0;
    for (let i = offset - 1; i >= 0; i--) {
      const c = this.text[i];
      if (c === "\n" || (c === "\r" && this.text[i + 1] !== "\n")) newlines++;
      else if (c !== " " && c !== "\t" && c !== "\r") break;
    }
    return newlines >= 2;
  }

  /** The offset where the line holding `offset` ends (its line break, or the end of the text). */
  lineEnd(offset: number): number {
    const line = this.span(offset, 0).line;
    const next = this.lineStarts[line];
    if (next === undefined) return this.text.length;
    return next - (this.text[next - 2] === "\r" && this.text[next - 1] === "\n" ? 2 : 1);
  }

  /** The line (1-based) an offset is on. */
  lineOf(offset: number): number {
    return this.span(offset, 0).line;
  }
}

/** False for tokens that error recovery inserted (they have no place in the text). */
export function isRealToken(token: IToken): boolean {
  return Number.isFinite(token.startOffset) && token.isInsertedInRecovery !== true;
}

/** The offset just past a span. */
export function spanEnd(span: Span): number {
  return span.offset + span.length;
}

/** True when some offset in `sorted` (ascending) lies from `start` to `end`, both included; a binary search. */
export function anyWithin(sorted: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! <= end;
}
