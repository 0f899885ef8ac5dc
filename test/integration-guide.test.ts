/** docs/integration.md stays true: its host is the type-checked example, and it covers what a supplier needs first. */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";

const guide = readFileSync(new URL("../docs/integration.md", import.meta.url), "utf8");
const headings = [...guide.matchAll(/^## (.*)$/gm)].map((m) => m[1]!);

describe("docs/integration.md", () => {
  test("starts with installation, then Node, CommonJS, the browser and Content-Security-Policy", () => {
    expect(headings[0]).toBe("1. Install");
    expect(headings[1]).toBe("2. A Node host");
    expect(guide).toContain("### CommonJS");
    expect(headings[2]).toBe("3. In the browser");
    expect(headings[3]).toBe("4. Content-Security-Policy");
  });

  test("its host is examples/integration/host.ts word for word (type-checked, and run on the packed packages by pnpm test:packed)", () => {
    const [host] = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(host).toBe(readFileSync(new URL("../examples/integration/host.ts", import.meta.url), "utf8"));
  });

  test("states the IR version policy and the content hash algorithm", () => {
    expect(headings).toContain("6. IR versions: what an evaluator accepts");
    expect(headings).toContain("7. Content hash");
    expect(guide).toContain("RFC 8785");
  });
});
