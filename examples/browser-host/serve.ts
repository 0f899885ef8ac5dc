/**
 * Serves a built browser host from 127.0.0.1 under a strict Content-Security-Policy: scripts,
 * styles, images and fetches only from the page's own origin, no inline script, no eval, and
 * Trusted Types required for DOM sinks. Run directly, it builds the site into `dist/` and serves it.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { buildBrowserHost } from "./build.js";

/** The policy every response carries. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join("; ");

const types: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/** Serves `dir` on 127.0.0.1 (port 0: any free port); resolves with its address and a way to stop it. */
export function serveBrowserHost(dir: string, port = 0): Promise<{ readonly url: string; readonly close: () => Promise<void> }> {
  const root = normalize(dir);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    const headers = { "content-security-policy": contentSecurityPolicy, "x-content-type-options": "nosniff", "cache-control": "no-store" };
    if (request.method !== "GET" || !file.startsWith(root + sep) || types[extname(file)] === undefined) {
      response.writeHead(404, headers).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { ...headers, "content-type": types[extname(file)] }).end(body),
      () => response.writeHead(404, headers).end(),
    );
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address !== null ? address.port : port;
      resolve({ url: `http://127.0.0.1:${bound}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

// Run directly: `pnpm exec tsx --conditions=@steward/source examples/browser-host/serve.ts` (port 8080, or PORT).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL("dist/", import.meta.url));
  await buildBrowserHost(out);
  const { url } = await serveBrowserHost(out, Number(process.env["PORT"] ?? 8080));
  process.stdout.write(`Steward browser host: ${url} (Ctrl-C to stop)\n`);
}
