// Bundles the CLI into dist/cli.mjs with esbuild (run by "prepare", so `npm install` builds it).
// Node built-ins and the packages that load their own .wasm beside themselves stay external.
import { build } from "esbuild";
import { readFileSync, mkdirSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
mkdirSync(new URL("../dist/", import.meta.url), { recursive: true });
await build({
  entryPoints: [new URL("./cli.ts", import.meta.url).pathname],
  outfile: new URL("../dist/cli.mjs", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["v86", "iced-x86", "node-pty", "playwright-core", "esbuild", "vitest", "tsx"],
  define: { KERNLAB_VERSION: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __kl_createRequire } from 'node:module'; const require = __kl_createRequire(import.meta.url);" },
  logLevel: "warning",
});
