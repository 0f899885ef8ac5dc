export { evaluateJson, parseJson } from "./evaluate-json.js";
export { validateContext, validateDecision } from "./validate.js";
