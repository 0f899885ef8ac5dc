/**
 * Fuzz target: random streams of real tokens (keywords, names, numbers, units, strings, operators,
 * braces), alone or after a valid guideline's declarations, and generated well-typed guidelines,
 * through every stage.
 */
import fc from "fast-check";
import { guidelinePrelude, tokenSoup, wellTypedGuideline } from "../../../packages/dsl/test/arbitraries.js";
import { throughThePipeline } from "../rule-file-pipeline.js";
import type { FuzzTarget } from "../target.js";

const target: FuzzTarget = {
  name: "token-soup",
  arbitrary: fc.oneof(tokenSoup, tokenSoup.map((soup) => `${guidelinePrelude}\n${soup}`), wellTypedGuideline),
  run: (input) => throughThePipeline({ "soup.stw": input as string }, "soup.stw"),
};

export default target;
