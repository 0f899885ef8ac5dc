/** `pnpm playground`: builds the page and serves it on http://127.0.0.1:5170/ (or $PORT) until stopped. */
import { buildPlayground } from "./build.js";
import { servePlayground } from "./serve.js";

await buildPlayground();
const server = await servePlayground(Number(process.env["PORT"] ?? 5170));
process.stdout.write(`Steward playground: ${server.url}  (Ctrl-C to stop)\n`);
