// Syntax-only lint (no type-aware rules) so it stays fast; `tsc -b` does the type checking.
import { defineConfig, globalIgnores } from "eslint/config";
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
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: "error",
    },
  },
  {
    // Library code returns values; only the CLI writes to the terminal.
    files: ["packages/*/src/**/*.{ts,mts}"],
    ignores: ["packages/cli/src/**"],
    rules: { "no-console": "error" },
  },
]);
