// The server reads unopened files from disk as the CLI does: a named pipe or a directory that a rule
// file imports is refused from its status, without being opened, and reported at the import; the
// server does not hang waiting on the pipe.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import { openedOnDisk } from "./fixtures.js";
import type { TestClient } from "./lsp-client.js";

const dir = mkdtempSync(join(tmpdir(), "steward-ls-disk-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let client: TestClient;
beforeEach(async () => {
  client = await openedOnDisk();
});
afterEach(() => client.close());

const header = `guideline disk {\n  title "Disk"\n  version 1.0.0\n  status draft\n  settings primary-care\n  owner "Tests"\n  approved 2025-01-31\n  review-by 2027-01-31\n}\n`;

describe("files read from disk", () => {
  test.skipIf(process.platform === "win32")("an import of a named pipe or a directory is refused at the import, without reading it", async () => {
    execFileSync("mkfifo", [join(dir, "pipe.stw")]);
    mkdirSync(join(dir, "folder.stw"));
    const text = `import "pipe.stw"\nimport "folder.stw"\n${header}`;
    const main = join(dir, "main.stw");
    writeFileSync(main, text);
    const diagnostics = await client.open(pathToFileURL(main).href, text);
    const messages = diagnostics.map((d) => [d.range.start.line, d.message]);
    expect(messages).toEqual([
      [0, expect.stringContaining("a named pipe, not a regular file")],
      [1, expect.stringContaining("a directory, not a regular file")],
    ]);
  });
});
