import { FeedbackStore } from "@steward/cds-hooks/server";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "../src/run.js";
import { guidelinesDir, tempDir } from "./temp-dir.js";

const dir = tempDir();
afterAll(() => dir.remove());

describe("steward serve checks everything before it listens", () => {
  test("development mode is refused on an address other than loopback", async () => {
    const result = await run(["serve", "--guidelines", guidelinesDir, "--dev", "--host", "0.0.0.0"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("the configuration: /host: development mode has no authentication, so it only binds a loopback address (127.0.0.1, ::1 or localhost), not `0.0.0.0`\n");
    expect(result.running).toBeUndefined();
  });

  test("without development mode, a client must be registered", async () => {
    expect((await run(["serve", "--guidelines", guidelinesDir])).stderr).toContain("/clients: no client is registered");
  });

  test("a configuration file's misspelt field and bad value are named by JSON pointer", async () => {
    const config = dir.write("config.json", JSON.stringify({ dev: true, maxCard: 3, clients: [{ iss: "https://ehr.example", jku: ["not a url"] }] }));
    const result = await run(["serve", "--guidelines", guidelinesDir, "--config", config]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n").filter((l) => l !== "")).toEqual([`${config}: /clients/0/jku/0: Invalid URL`, `${config}: /maxCard: not a setting of the service`]);
  });

  test("a valid configuration gives a command that goes on running", async () => {
    const result = await run(["serve", "--guidelines", guidelinesDir, "--dev", "--port", "0", "--database", `${dir.path}/s.sqlite`]);
    expect([result.exitCode, result.stderr, typeof result.running]).toEqual([0, "", "function"]);
  });
});

test("steward feedback prints the override rates of the service's file", async () => {
  const file = `${dir.path}/rates.sqlite`;
  const store = new FeedbackStore(file);
  const patient = store.patient("ehr", "p1");
  store.recordIssued({ service: "steward-order-sign", hook: "order-sign", patient, at: "2026-11-25T09:00:00.000Z" }, [
    { uuid: "00000000-0000-8000-8000-000000000001", key: "reserve-antibiotic@rx1", alertKeys: ["reserve-antibiotic@rx1"], guideline: "restricted-antimicrobials", version: "1.0.0", rule: "reserve-antibiotic", suggestions: [] },
    { uuid: "00000000-0000-8000-8000-000000000002", key: "ng109-lower-uti/treatments", alertKeys: [], guideline: "ng109-lower-uti", version: "1.0.0", rule: "treatments", suggestions: [] },
  ]);
  store.recordFeedback("steward-order-sign", [{ card: "00000000-0000-8000-8000-000000000001", outcome: "overridden", overrideReason: { reason: { system: "https://example.nhs.uk/reasons", code: "approved", display: "Already approved by microbiology" } }, outcomeTimestamp: "2026-11-25T09:01:00Z" }], "2026-11-25T09:01:01.000Z");
  store.close();
  expect((await run(["feedback", "--database", file])).stdout).toBe(
    [
      "restricted-antimicrobials 1.0.0, reserve-antibiotic: 1 shown, 0 accepted, 1 overridden (100% overridden)",
      "  1 × Already approved by microbiology (https://example.nhs.uk/reasons|approved)",
      "ng109-lower-uti 1.0.0, treatments: 1 shown, 0 accepted, 0 overridden (no feedback)",
      "",
    ].join("\n"),
  );
  expect((await run(["feedback", "--database", `${dir.path}/none.sqlite`])).exitCode).toBe(2);
});
