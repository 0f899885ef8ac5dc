/**
 * Serves the built page from dist/ under a strict Content Security Policy: scripts and workers only
 * from the page's own files, no eval, no inline script, no network. Styles may be inline (CodeMirror
 * writes its theme into a style element and style attributes); they cannot run code or reach the
 * network. Violations the browser reports are kept so a test can assert there were none.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { distDir } from "./build.js";

/** The policy the page is served under. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "report-uri /csp-report",
].join("; ");

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
};

/** A running server: its address, the CSP violation reports received, and how to stop it. */
export interface PlaygroundServer {
  readonly url: string;
  readonly violations: readonly string[];
  close(): Promise<void>;
}

/** Serves dist/ on `host`:`port` (port 0 picks a free one). */
export async function servePlayground(port = 0, host = "127.0.0.1"): Promise<PlaygroundServer> {
  const violations: string[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    if (request.method === "POST" && path === "/csp-report") {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        violations.push(body);
        response.writeHead(204).end();
      });
      return;
    }
    const file = normalize(join(distDir, path === "/" ? "index.html" : path));
    if (!file.startsWith(distDir) || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (content) => response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "content-security-policy": contentSecurityPolicy, "x-content-type-options": "nosniff" }).end(content),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(port, host, done));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}/`,
    violations,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
