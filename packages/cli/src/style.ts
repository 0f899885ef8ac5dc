/** Terminal colours, used only when the output is a terminal and `NO_COLOR` is not set. */

/** Ways to mark up text; `plain` leaves it alone. */
export interface Style {
  /** Emphasis: headings, severities. */
  readonly bold: (text: string) => string;
  /** De-emphasis: separators. */
  readonly dim: (text: string) => string;
  /** Errors and failures. */
  readonly red: (text: string) => string;
  /** Passes. */
  readonly green: (text: string) => string;
  /** Warnings. */
  readonly yellow: (text: string) => string;
  /** Locations and gutters. */
  readonly cyan: (text: string) => string;
}

const sgr =
  (on: number, off: number) =>
  (text: string): string =>
    `\u001b[${on}m${text}\u001b[${off}m`;

/** ANSI colours. */
export const colours: Style = { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };

const same = (text: string): string => text;

/** No markup. */
export const plain: Style = { bold: same, dim: same, red: same, green: same, yellow: same, cyan: same };

/** Colours for a stream that is a terminal, unless `NO_COLOR` is set to anything (https://no-color.org) or the terminal is dumb. */
export function styleFor(isTerminal: boolean, env: Readonly<Record<string, string | undefined>>): Style {
  const wanted = isTerminal && (env["NO_COLOR"] ?? "") === "" && env["TERM"] !== "dumb";
  return wanted ? colours : plain;
}
