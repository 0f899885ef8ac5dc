// The extension as VS Code loads it: the manifest's contributions point at real files, the esbuild
// bundle builds, the client bundle needs nothing but `vscode` and Node, and the bundled server
// speaks LSP over stdio on its own.
import { spawn, spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { connect, positionOf } from "../../../packages/language-server/test/lsp-client.js";
import { ng109 } from "../../../packages/language-server/test/fixtures.js";

const root = resolve(import.meta.dirname, "..");
const manifest = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as {
  main: string;
  contributes: { languages: { id: string; extensions: string[]; configuration: string }[]; grammars: { language: string; scopeName: string; path: string }[] };
};

beforeAll(() => {
  const run = spawnSync(resolve(root, "../../node_modules/.bin/tsx"), ["--conditions=@steward/source", "scripts/build.ts"], { cwd: root, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
}, 120_000);

describe("the VS Code extension", () => {
  test("contributes the language for .stw files with its configuration, and the grammar for it", () => {
    const language = manifest.contributes.languages.find((l) => l.id === "steward");
    expect(language?.extensions).toEqual([".stw"]);
    const configuration = JSON.parse(readFileSync(resolve(root, language!.configuration), "utf8")) as { comments: { lineComment: string } };
    expect(configuration.comments.lineComment).toBe("#");
    const grammar = manifest.contributes.grammars.find((g) => g.language === "steward")!;
    expect((JSON.parse(readFileSync(resolve(root, grammar.path), "utf8")) as { scopeName: string }).scopeName).toBe(grammar.scopeName);
  });

  test("the client bundle is the manifest's main and requires only vscode and Node's own modules", () => {
    const bundle = readFileSync(resolve(root, manifest.main), "utf8");
    const required = new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    const foreign = [...required].filter((name) => name !== "vscode" && !builtinModules.includes(name.replace(/^node:/, "")));
    expect(foreign).toEqual([]);
    expect(required).toContain("vscode");
    expect(bundle).toContain("dist/server.cjs");
  });

  test("the bundled server runs on its own over stdio and checks a guideline against the formulary it imports", async () => {
    const server = resolve(root, "dist/server.cjs");
    expect(existsSync(server)).toBe(true);
    const child = spawn(process.execPath, [server, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
    const client = await connect(child.stdout, child.stdin, () => child.kill());
    try {
      const diagnostics = await client.open(ng109.uri, ng109.text.replace("second choice cefalexin", "second choice cefalexim"));
      expect(diagnostics.map((d) => [d.code, d.data])).toEqual([["check/drug-not-in-formulary", { suggestion: "cefalexin" }]]);
      const hover = await client.hover(ng109.uri, positionOf(ng109.text, "diagnosis in lower-uti", "diagnosis in ".length));
      expect(JSON.stringify(hover?.contents)).toContain("Cystitis");
    } finally {
      await client.close();
    }
  }, 30_000);
});
