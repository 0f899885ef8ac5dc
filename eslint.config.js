// Syntax-only lint (no type-aware rules) so it stays fast; `tsc -b` does the type checking.
import { defineConfig, globalIgnores } from "eslint/config";
import regexp from "eslint-plugin-regexp";
import tseslint from "typescript-eslint";

const linted = [
  "packages/*/src/**/*.{ts,mts}",
  "packages/*/test/**/*.{ts,mts}",
  "editors/*/{src,scripts,test}/**/*.{ts,mts}",
  "test/**/*.{ts,mts}",
  "examples/**/*.{ts,mts}",
];

export default defineConfig([
  globalIgnores(["**/dist/", "**/node_modules/", "**/coverage/", "docs/api/"]),
  {
    files: linted,
    extends: [tseslint.configs.recommended],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "use named exports, not default exports" },
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "write `import * as z from \"zod\"`: the `z` object holds every locale, so bundlers cannot leave out what is not used",
        },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: "error",
    },
  },
  {
    // What a browser loads reads fp-ts through the package's `#fp-ts/either` import, which bundlers map to fp-ts's ES modules.
    files: ["packages/core/src/**/*.{ts,mts}", "packages/json/src/**/*.{ts,mts}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["fp-ts/*"], message: "import `#fp-ts/either`, which bundlers resolve to fp-ts's ES modules" }] },
      ],
    },
  },
  {
    // Every regular expression the packages run must take time linear in its input, whatever text a
    // rule file, a patient record or a host sends: no backtracking that grows faster than that.
    files: ["packages/*/src/**/*.{ts,mts}"],
    plugins: { regexp },
    rules: {
      "regexp/no-super-linear-backtracking": ["error", { report: "potential" }],
      "regexp/no-super-linear-move": ["error", { report: "potential", ignoreSticky: false, ignorePartial: false }],
    },
  },
  {
    // The fuzz runner loads each target file and takes its default export.
    files: ["test/fuzz/targets/**/*.ts", "test/fixtures/fuzz-targets/**/*.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // chevrotain runs token patterns sticky, at one position of the text each: a pattern cannot move
    // along the input, so only backtracking within one match could cost more than linear time.
    files: ["packages/dsl/src/tokens.ts"],
    rules: { "regexp/no-super-linear-move": "off" },
  },
  {
    // Library code returns values; only the CLI writes to the terminal.
    files: ["packages/*/src/**/*.{ts,mts}"],
    ignores: ["packages/cli/src/**"],
    rules: { "no-console": "error" },
  },
]);
