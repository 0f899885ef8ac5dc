/** Debian's Chromium for the cross-package browser tests: where it is, whether it is there, and how to start it headless. */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Where `apt-get install chromium` puts it (never a downloaded browser). */
export const chromiumPath = "/usr/bin/chromium";

/** Whether it is installed here; CI always installs it (.ci/run). */
export const chromiumAvailable = existsSync(chromiumPath);

/** Starts it headless, without a sandbox, a GPU or any background network use. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
