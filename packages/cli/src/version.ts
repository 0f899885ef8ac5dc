/** The version of this package, read from its package.json (beside `src/` and `dist/` alike). */
import { createRequire } from "node:module";

/** The installed version of @steward/cli. */
export const version: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;
