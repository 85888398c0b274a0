#!/usr/bin/env node
// kernlab's executable: runs the bundled CLI (dist/cli.mjs, built by `npm install` through "prepare"),
// or the TypeScript sources through tsx when the bundle is missing (a checkout without a build).
// It is not the dispatcher (scripts/cli.ts is); it only chooses V8 settings and how the process ends.
//
// Start-up and exit dominate a one-shot `kernlab run` (bench/: boot-whole), so:
// - `run` raises V8's wasm tier-up budget: v86's WebAssembly stays in Liftoff (baseline) code unless a
//   guest computes long enough for optimized code to pay off; a short boot no longer spends ~130 ms of CPU
//   compiling v86's hot functions with TurboFan in the background. Measured with /usr/bin/time on the tiny
//   bench kernel: 610 -> 480 ms CPU (median of 7); a 21M-instruction guest loop: 980 -> 900 ms CPU.
// - one-shot commands end the process as soon as their output is flushed (process.exit) instead of
//   waiting for V8's background compile jobs and v86's timers to wind down.
import { existsSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

/** Commands that are done when main() resolves (no server, no interactive session left running). */
const ONE_SHOT = new Set(["run", "nasm", "ld", "link", "build", "sample", "verify"]);
const argv = process.argv.slice(2);
if (argv[0] === "run") setFlagsFromString("--wasm-tiering-budget=100000000");

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "cli.mjs");
let main;
if (existsSync(bundle)) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(pathToFileURL(join(root, "scripts", "cli.ts")).href));
}
const code = await main(argv);
process.exitCode = code;
if (ONE_SHOT.has(argv[0] ?? "") && !argv.includes("--console")) {
  // Exit once stdout and stderr have taken everything written so far.
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
