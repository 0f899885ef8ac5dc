import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@steward/source"] },
  ssr: { resolve: { conditions: ["@steward/source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "editors/*/test/**/*.test.ts", "test/**/*.test.ts", "guidelines/**/*.test.ts"],
    // Run by `pnpm test:packed` (vitest.packed.config.ts): they pack and install every package.
    exclude: ["test/packed/**", "**/node_modules/**"],
    // Property tests, analyze and diff do seconds of work each; on a loaded two-core machine vitest's
    // 5-second default fails them for time alone. Speed is measured by `pnpm bench`, never here.
    testTimeout: 60_000,
    setupFiles: ["./test/setup/no-console.ts"],
    typecheck: { enabled: true, include: ["**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
