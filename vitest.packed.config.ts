// `pnpm test:packed`: the consumer tests, which pack every package and install the tarballs into a
// fresh project outside the repository (they need the npm registry for third-party dependencies).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/packed/**/*.test.ts"],
    setupFiles: ["./test/setup/no-console.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
