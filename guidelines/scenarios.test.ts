// Runs every scenario test file (*.test.stw) under guidelines/ inside vitest, so `pnpm test` covers them.
import { fileURLToPath } from "node:url";
import { defineScenarioTests } from "@steward/testing";
import { describe, test } from "vitest";

defineScenarioTests({ describe, test }, fileURLToPath(new URL(".", import.meta.url)));
