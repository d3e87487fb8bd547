import { defineConfig } from "@playwright/test";

// The system Chromium (Debian's `chromium`): Playwright's own download cannot be fetched here.
// `other.test` resolves to loopback so that a second host origin exists without DNS.
export default defineConfig({
  testDir: "tests",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"]],
  outputDir: "../target/playwright",
  use: {
    baseURL: process.env.HOJOKIN_URL,
    // Date inputs follow the browser locale: Japanese, as the checker's users.
    locale: "ja-JP",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--host-resolver-rules=MAP other.test 127.0.0.1"],
    },
  },
});
