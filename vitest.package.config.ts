import { defineConfig } from "vitest/config";

// The installed-tarball consumer test (test/package/): `npm run test:package`, which .ci/run runs after `npm test`.
// It packs the package and installs it into fresh projects (about a minute), so it has its own run.
export default defineConfig({
  test: {
    include: ["test/package/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
    reporters: ["default"],
  },
});
