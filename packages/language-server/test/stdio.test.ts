import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { connect } from "./lsp-client.js";
import { ng109, repoRoot } from "./fixtures.js";

describe("the server as its own process over stdio", () => {
  test("starts from the command line, publishes diagnostics and hovers, and exits when asked", async () => {
    const child = spawn(resolve(repoRoot, "node_modules/.bin/tsx"), ["--conditions=@steward/source", resolve(repoRoot, "packages/language-server/src/bin.ts"), "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
    const exited = new Promise<number | null>((done) => child.on("exit", done));
    const client = await connect(child.stdout, child.stdin, () => child.kill());
    try {
      expect(client.capabilities.hoverProvider).toBe(true);
      const diagnostics = await client.open(ng109.uri, ng109.text.replace("cite ng109 \"table 4", "cite ng190 \"table 4"));
      expect(diagnostics.map((d) => d.code)).toEqual(["check/unknown-source"]);
      expect(diagnostics[0]!.message).toContain("`ng190`");
    } finally {
      await client.close();
    }
    expect(await exited).not.toBe(1);
  }, 30_000);
});
