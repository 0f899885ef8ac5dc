// The playground's browser tests: run by `pnpm test:browser` (and CI), not by `pnpm test`.
import { defineConfig } from "vitest/config";

// eslint-disable-next-line no-restricted-syntax -- vitest reads its configuration from the default export
export default defineConfig({
  resolve: { conditions: ["@steward/source"] },
  ssr: { resolve: { conditions: ["@steward/source"] } },
  test: {
    root: import.meta.dirname,
    include: ["test/**/*.browser.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
