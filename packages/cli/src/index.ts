export { run } from "./run.js";
export type { CommandResult, Environment, ExitCode } from "./io.js";
export type { Progress } from "./progress.js";
export type { Style } from "./style.js";
