/**
 * Trimming by scanning from the end, in linear time whatever the text (a regular expression
 * anchored at the end, such as `/\/+$/`, is retried from every position of a long run).
 */

/** The text without the trailing characters `drop` accepts. */
export function withoutTrailing(text: string, drop: (c: string) => boolean): string {
  let end = text.length;
  while (end > 0 && drop(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** A URL without its trailing slashes. */
export const withoutTrailingSlashes = (url: string): string => withoutTrailing(url, (c) => c === "/");
