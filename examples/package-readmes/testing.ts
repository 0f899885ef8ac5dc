import { describe, test } from "vitest";
import { defineScenarioTests } from "@steward/testing";

// One vitest test per scenario in every *.test.stw file under the folder.
defineScenarioTests({ describe, test }, "guidelines/ng109-lower-uti");
