// The focused assertion files in test/grammar/ run through vscode-tmgrammar-test, which reads the
// grammar from this extension's package.json as VS Code would.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";

const extensionRoot = resolve(import.meta.dirname, "..");

describe("grammar assertion files (vscode-tmgrammar-test)", () => {
  test("every scope asserted in test/grammar/*.stw holds", () => {
    const files = readdirSync(resolve(extensionRoot, "test/grammar")).filter((f) => f.endsWith(".stw"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const run = spawnSync(resolve(extensionRoot, "node_modules/.bin/vscode-tmgrammar-test"), ["test/grammar/*.stw"], { cwd: extensionRoot, encoding: "utf8" });
    expect(run.stdout + run.stderr).not.toContain("failed");
    expect(run.status).toBe(0);
    for (const file of files) expect(run.stdout).toContain(`✓ test/grammar/${file} run successfuly`);
  }, 60_000);
});
