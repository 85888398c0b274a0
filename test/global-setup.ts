// Runs once per `vitest run`, before any test file: bundles the CLI (dist/, as `npm install` does through
// "prepare") so every test that runs `node bin/kernlab.js` exercises the current sources, and no two test
// files rebuild dist/ at the same time.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["scripts/build-cli.mjs"], { cwd: root, stdio: "inherit" });
}
