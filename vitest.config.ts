import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The installed-tarball consumer test has its own run: npm run test:package (vitest.package.config.ts; .ci/run runs both).
    exclude: ["test/package/**", "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
    reporters: ["default"],
  },
});
