export { evaluateJson, parseJson } from "./evaluate-json.js";
export { describeError, validateContext, validateDecision } from "./validate.js";
