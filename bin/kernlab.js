#!/usr/bin/env node
// kernlab's executable: runs the bundled CLI (dist/cli.mjs, built by `npm install` through "prepare"),
// or the TypeScript sources through tsx when the bundle is missing (a checkout without a build).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "cli.mjs");
if (existsSync(bundle)) {
  const { main } = await import(pathToFileURL(bundle).href);
  process.exitCode = await main(process.argv.slice(2));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import(pathToFileURL(join(root, "scripts", "cli.ts")).href);
  process.exitCode = await main(process.argv.slice(2));
}
