// Bundles the CLI into dist/ with esbuild (run by "prepare", so `npm install` builds it).
// Code splitting keeps each subcommand in its own chunk, loaded only when that command runs, so
// `kernlab run` does not pay for the assembler or the web server. Node built-ins and the packages that
// load their own .wasm beside themselves stay external. The bundle is built into a temporary folder and
// renamed into place, so a concurrent reader never sees a half-written dist/.
import { build } from "esbuild";
import { readFileSync, rmSync, renameSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * iced-x86 is CommonJS. Imported from ESM, Node first scans its 900 KB for export names (cjs-module-lexer),
 * about 190 ms of every `kernlab nasm`; loaded with require() it costs none of that. So the bundle's
 * `import … from "iced-x86"` becomes a require() of the package's file (still external: it reads its .wasm
 * beside itself).
 */
const icedByRequire = {
  name: "iced-x86-by-require",
  setup(b) {
    b.onResolve({ filter: /^iced-x86$/ }, () => ({ path: "iced-x86", namespace: "iced-require" }));
    b.onLoad({ filter: /.*/, namespace: "iced-require" }, () => ({ contents: 'module.exports = require("iced-x86/iced_x86.js");', loader: "js" }));
  },
};

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const dist = fileURLToPath(new URL("../dist", import.meta.url));
const tmp = `${dist}.${process.pid}.tmp`;
rmSync(tmp, { recursive: true, force: true });
await build({
  entryPoints: { cli: fileURLToPath(new URL("./cli.ts", import.meta.url)) },
  outdir: tmp,
  outExtension: { ".js": ".mjs" },
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["v86", "iced-x86/*", "node-pty", "playwright-core", "esbuild", "vitest", "tsx", "tsx/*"],
  define: { KERNLAB_VERSION: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __kl_createRequire } from 'node:module'; const require = __kl_createRequire(import.meta.url);" },
  plugins: [icedByRequire],
  logLevel: "warning",
});
const old = `${dist}.${process.pid}.old`;
if (existsSync(dist)) renameSync(dist, old);
renameSync(tmp, dist);
rmSync(old, { recursive: true, force: true });
