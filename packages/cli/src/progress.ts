/** One line of progress on standard error, rewritten in place, for work that takes seconds. */

/** Reports how far a long piece of work has got. */
export interface Progress {
  /** Shows `text` in place of the previous line (at most ten times a second). */
  readonly update: (text: string) => void;
  /** Clears the line, so what follows starts on a clean one. */
  readonly done: () => void;
}

/** Progress that shows nothing: for output that is not a terminal. */
export const silentProgress: Progress = { update: () => undefined, done: () => undefined };

/** Progress written to `stream` (a terminal), rewriting one line. */
export function progressLine(stream: { write: (text: string) => unknown }, now: () => number = Date.now): Progress {
  let shownAt: number | undefined;
  return {
    update: (text) => {
      const at = now();
      if (shownAt !== undefined && at - shownAt < 100) return;
      shownAt = at;
      stream.write(`\r\u001b[2K${text}`);
    },
    done: () => {
      if (shownAt !== undefined) stream.write("\r\u001b[2K");
      shownAt = undefined;
    },
  };
}
