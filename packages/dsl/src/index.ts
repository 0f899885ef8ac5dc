export type * as ast from "./ast.js";
export { parse, type ParseResult } from "./parse.js";
export { format, formatExpr } from "./format.js";
export { loadProgram, type Program, type SourceFile, type SourceHost } from "./program.js";
export { check } from "./check/index.js";
export { compile, compileScenarios, compileText } from "./compile.js";
export type { Expectation, Scenario, ScenarioSuite } from "./scenario.js";
export { keywords } from "./tokens.js";
