/** `evaluateJson`: the whole plain-JSON host API in one call — parse, validate, evaluate. */
import { evaluate, type Decision, type Diagnostic, type EvaluateOptions, type Evaluator } from "@steward/core";
import { chain, left, right, type Either } from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { validateContext } from "./validate.js";

/** Parses JSON text, reporting where it is broken (line and column) instead of throwing. */
export function parseJson(text: string, name = "input"): Either<readonly Diagnostic[], unknown> {
  try {
    return right(JSON.parse(text) as unknown);
  } catch (e) {
    const message = (e as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    let where = "";
    if (position !== undefined) {
      const before = text.slice(0, Number(position));
      const line = before.split("\n").length;
      const column = Number(position) - before.lastIndexOf("\n");
      where = ` at line ${line}, column ${column}`;
    }
    return left([{ code: "json/invalid-json", severity: "error", message: `${name} is not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, "")}` }]);
  }
}

/**
 * Evaluates a patient context given as JSON text or an already-parsed value: a malformed or
 * ill-typed context is rejected whole with diagnostics naming each bad field.
 */
export function evaluateJson(guidelines: Evaluator | readonly unknown[], input: string | unknown, options: EvaluateOptions): Either<readonly Diagnostic[], Decision> {
  return pipe(
    typeof input === "string" ? parseJson(input, "the patient context") : right(input),
    chain(validateContext),
    chain((context) => evaluate(guidelines, context, options)),
  );
}
