export { run } from "./run.js";
export type { CommandResult } from "./io.js";
export { renderDiagnostic, summarise, type SourceLookup } from "./render.js";
