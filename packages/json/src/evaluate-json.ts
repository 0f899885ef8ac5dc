/** `evaluateJson`: the whole plain-JSON host API in one call — parse, normalise units, then evaluate (which validates). */
import { defaultContextLimits, evaluate, type Decision, type Diagnostic, type EvaluateOptions, type Evaluator, type PatientContextInput } from "@steward/core";
import { normalizeUnits } from "@steward/core/units";
import { isLeft, left, right, type Either } from "#fp-ts/either";

/**
 * Parses JSON text, reporting where it is broken (line and column) instead of throwing. A UTF-8
 * byte order mark is skipped, and lines may end in LF, CRLF or CR.
 */
export function parseJson(input: string, name = "input"): Either<readonly Diagnostic[], unknown> {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  try {
    return right(JSON.parse(text) as unknown);
  } catch (e) {
    const message = (e as Error).message;
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? unreportedPosition(text, message));
    const lines = text.slice(0, position).split(/\r\n?|\n/);
    const line = lines.length;
    const column = lines[lines.length - 1]!.length + 1;
    // Cut at the first marker by string search: a pattern ending `\d+.*$` takes quadratic time on a long message.
    const upTo = (text: string, marker: string): string => (text.includes(marker) ? text.slice(0, text.indexOf(marker)) : text);
    const what = upTo(upTo(message.replace(/, .*" is not valid JSON$/s, ""), " in JSON at position "), " at position ");
    return left([{ code: "json/invalid-json", severity: "error", message: `${name} is not valid JSON at line ${line}, column ${column}: ${what}` }]);
  }
}

/** V8 leaves the position out of some messages (an unexpected token, an early end): find it from the text. */
function unreportedPosition(text: string, message: string): number {
  const offset = failureOffset(text);
  const unexpected = /^Unexpected token '(.)'/su.exec(message)?.[1];
  const named = unexpected === undefined ? -1 : text.indexOf(unexpected, offset);
  return named >= 0 ? named : offset;
}

/** The offset of the first character that cannot continue the JSON text (its length if it ends early). */
function failureOffset(text: string): number {
  const whitespace = /[ \t\n\r]*/y;
  const token = /("(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)|([{}[\]:,])/y;
  const closers: string[] = []; // the bracket that closes each open object or array, innermost last
  let expect: "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close" = "value";
  let at = 0;
  for (;;) {
    whitespace.lastIndex = at;
    whitespace.exec(text);
    at = whitespace.lastIndex;
    if (at >= text.length) return text.length;
    token.lastIndex = at;
    const m = token.exec(text);
    if (m === null) return at;
    const [whole, scalar, punctuation] = m;
    const closer = closers[closers.length - 1];
    if (expect === "value" || expect === "value-or-close") {
      if (scalar !== undefined) expect = "comma-or-close";
      else if (punctuation === "{" || punctuation === "[") {
        closers.push(punctuation === "{" ? "}" : "]");
        expect = punctuation === "{" ? "key-or-close" : "value-or-close";
      } else if (punctuation === "]" && expect === "value-or-close") {
        closers.pop();
        expect = "comma-or-close";
      } else return at;
    } else if (expect === "key" || expect === "key-or-close") {
      if (scalar?.startsWith('"')) expect = "colon";
      else if (punctuation === "}" && expect === "key-or-close") {
        closers.pop();
        expect = "comma-or-close";
      } else return at;
    } else if (expect === "colon") {
      if (punctuation !== ":") return at;
      expect = "value";
    } else if (closer !== undefined && punctuation === ",") {
      expect = closer === "}" ? "key" : "value";
    } else if (closer !== undefined && punctuation === closer) {
      closers.pop();
    } else return at;
    at += whole.length;
  }
}

/**
 * Evaluates a patient context given as JSON text or an already-parsed value: text that is not JSON
 * is `json/invalid-json` with its line and column; units are normalised first (`normalizeUnits`,
 * which leaves anything it cannot read as sent), so any UCUM spelling of a quantity Steward knows is
 * read; a context the schema rejects is rejected whole by `evaluate` (`eval/invalid-context`), which
 * validates it once, naming each bad field. Text longer than the size limit is not parsed.
 */
export function evaluateJson(guidelines: Evaluator | readonly unknown[], input: string | unknown, options: EvaluateOptions): Either<readonly Diagnostic[], Decision> {
  const maxSize = options?.limits?.maxSize ?? defaultContextLimits.maxSize;
  if (typeof input === "string" && input.length > maxSize) {
    return left([{ code: "eval/limit-exceeded", severity: "error", message: `/: the patient context is ${input.length} characters, more than the limit of ${maxSize}`, location: { pointer: "" }, hint: "raise `limits.maxSize` if a record really holds this much" }]);
  }
  const context = typeof input === "string" ? parseJson(input, "the patient context") : right(input);
  // invariant: normalizeUnits never throws on a value of any shape; evaluate validates what it returns
  return isLeft(context) ? context : evaluate(guidelines, normalizeUnits(context.right as PatientContextInput), options);
}
