// The example's own test run (`make test`): only this folder's tests. In your project this file is yours.
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["*.test.ts"], testTimeout: 60_000 } });
