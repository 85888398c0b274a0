// The package as a user gets it: `npm pack`, then the tarball installed into fresh projects (an ES module one,
// a CommonJS one as `npm init -y` makes, TypeScript ones with tsc --init's settings), where the README's
// Install and Quickstart sections run verbatim: the blocks marked `<!-- consumer-test: … -->` are written as
// files or run as shell commands, in order. nasm and ld are shadowed on PATH by stubs that fail, so the
// Makefile can only have used kernlab's own toolchain; the projects see nothing but the tarball and the
// registry's packages.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChromium, launchChromium } from "../helpers/chromium";
import { findRoot } from "../../scripts/build-web";

const root = findRoot();
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; devDependencies: Record<string, string> };
const TARBALL = `kernlab-${pkg.version}.tgz`;

type Step = { kind: "file"; name: string; text: string } | { kind: "sh"; text: string; exit: number };

/** The README's marked blocks, in order. */
function readmeSteps(): Step[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const steps: Step[] = [];
  for (const m of readme.matchAll(/<!-- consumer-test: ([^>]*?) -->\n```[a-z]*\n([\s\S]*?)```\n/g)) {
    const spec = m[1]!.trim(), text = m[2]!;
    const file = /^file (\S+)$/.exec(spec);
    if (file) { steps.push({ kind: "file", name: file[1]!, text }); continue; }
    const sh = /^sh(?:, exit (\d+))?$/.exec(spec);
    if (!sh) throw new Error(`README: unknown consumer-test marker '${spec}'`);
    steps.push({ kind: "sh", text, exit: Number(sh[1] ?? 0) });
  }
  return steps;
}

let work: string;
let stubs: string;
let env: NodeJS.ProcessEnv;

/** Runs a shell block in `cwd` (bash; -e unless the block is meant to fail, then its status is the last command's). */
function sh(cwd: string, text: string, expectExit = 0): string {
  const r = spawnSync("bash", [expectExit === 0 ? "-euo" : "-uo", "pipefail", "-c", text], { cwd, env, encoding: "utf8", timeout: 240_000 });
  const output = `$ ${text}\n${r.stdout}${r.stderr}`;
  if (r.status !== expectExit) throw new Error(`exit ${r.status} (expected ${expectExit}) in ${cwd}:\n${output}`);
  return output;
}

function newProject(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  copyFileSync(join(work, TARBALL), join(dir, TARBALL));
  return dir;
}

/** Runs the README's Install and Quickstart steps in `dir`; `afterInit` runs after the first block (npm init). */
function runQuickstart(dir: string, afterInit?: () => void): string[] {
  const log: string[] = [];
  let first = true;
  for (const step of readmeSteps()) {
    if (step.kind === "file") { writeFileSync(join(dir, step.name), step.text); continue; }
    log.push(sh(dir, step.text, step.exit));
    if (first) { first = false; afterInit?.(); }
  }
  return log;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "kernlab-consumer-"));
  // npm pack runs "prepack": the CLI bundles, the library and its declarations, and the browser lab.
  const out = execFileSync("npm", ["pack", "--pack-destination", work, "--silent"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  expect(out.trim().split("\n").pop()).toBe(TARBALL);
  stubs = join(work, "stubs");
  mkdirSync(stubs);
  for (const tool of ["nasm", "ld", "gcc", "qemu-system-i386"]) {
    writeFileSync(join(stubs, tool), `#!/bin/sh\necho "${tool} must not be used by the quickstart" >&2\nexit 99\n`);
    chmodSync(join(stubs, tool), 0o755);
  }
  env = { ...process.env, PATH: `${stubs}:${process.env.PATH}`, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
  delete env.NODE_OPTIONS;
  for (const k of Object.keys(env)) if (k.startsWith("VITEST") || k === "TEST" || k === "NODE_ENV") delete env[k];
}, 300_000);

afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

describe("the packed tarball", () => {
  it("holds the compiled package and nothing of the repository's tests, benches or CI", () => {
    const files = execFileSync("tar", ["tzf", join(work, TARBALL)], { encoding: "utf8" }).trim().split("\n").map((f) => f.replace(/^package\//, ""));
    for (const f of ["package.json", "README.md", "LICENSE", "bin/kernlab.js", "dist/entries.json", "lib/index.js", "lib/verify.js", "lib/matchers.js",
      "lib/types/index.d.ts", "lib/types/verify/index.d.ts", "lib/types/verify/matchers.d.ts", "lib/matrix-worker.js",
      "web/dist/index.html", "web/dist/v86.wasm", "web/dist/iced_x86_bg.wasm", "web/dist/xterm.css", "boot/multiboot.asm", "kernel/main.asm", "kernel/defs.inc"]) {
      expect(files, f).toContain(f);
    }
    const stray = files.filter((f) => /^(test|bench|\.ci|examples|scripts|toolchain|emulator|core|verify\/.*\.ts$)/.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")));
    expect(stray).toEqual([]);
    const manifest = JSON.parse(execFileSync("tar", ["xzf", join(work, TARBALL), "-O", "package/package.json"], { encoding: "utf8" })) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["esbuild", "iced-x86", "v86"]);
    expect(manifest.scripts.install ?? manifest.scripts.postinstall ?? manifest.scripts.preinstall).toBeUndefined();
  });
});

describe("the declarations", () => {
  it("resolve for every entry point under node16 and bundler resolution (arethetypeswrong, ESM-only profile)", () => {
    const r = spawnSync(process.execPath, [join(root, "node_modules/@arethetypeswrong/cli/dist/index.js"), join(work, TARBALL), "--profile", "esm-only", "--format", "json"], { encoding: "utf8" });
    const result = JSON.parse(r.stdout) as { analysis: { entrypoints: Record<string, unknown>; problems: { kind: string; resolutionKind?: string }[] } };
    expect(Object.keys(result.analysis.entrypoints).sort()).toEqual([".", "./matchers", "./package.json", "./verify", "./verify/matchers"]);
    // The ESM-only profile ignores node10 and require(): every problem left is one.
    const counted = result.analysis.problems.filter((p) => p.resolutionKind !== "node10" && p.resolutionKind !== "node16-cjs");
    expect(counted).toEqual([]);
    expect(r.status).toBe(0);
  });
});

describe.each([["commonjs"], ["module"]])("the README's quickstart in a %s project", (type) => {
  let dir: string;
  beforeAll(() => {
    dir = newProject(type);
    runQuickstart(dir, () => { sh(dir, `npm pkg set type=${type}`); });
  }, 600_000);

  it("built the kernel with kernlab's toolchain, ran it and froze its layout", () => {
    expect(existsSync(join(dir, "kernel.elf"))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "layout.snap"), "utf8"))).toMatchObject({ sections: { ".text": { paddr: "0x00100000" } } });
    expect(readFileSync(join(dir, "package.json"), "utf8")).toContain(`"type": "${type}"`);
    const r = spawnSync(join(dir, "node_modules/.bin/kernlab"), ["run", "kernel.elf"], { cwd: dir, env, encoding: "utf8" });
    expect(r.stdout).toBe("hello from my kernel\n");
    expect(r.status).toBe(0);
    // Caches go to the project, never into the installed package. This Node uses the code caches the package
    // ships (it built them); under other V8 flags (as on another Node) V8 rejects them and kernlab writes its own.
    const other = spawnSync(process.execPath, ["--stack-size=900", join(dir, "node_modules/kernlab/bin/kernlab.js"), "run", "kernel.elf"], { cwd: dir, env, encoding: "utf8" });
    expect(other.stdout).toBe("hello from my kernel\n");
    expect(readdirSync(join(dir, "node_modules", ".cache", "kernlab")).some((f) => f.endsWith(".v8cache"))).toBe(true);
    expect(existsSync(join(dir, "node_modules", "kernlab", "node_modules"))).toBe(false);
  });

  it("loads rules and layout modules of every extension, exactly the file named", () => {
    const rule = (name: string) => `rule(${JSON.stringify(name)}, () => true)`;
    const esm = (name: string) => `import { noOverlap, rule } from "kernlab/verify";\nexport const rules = [noOverlap(), ${rule(name)}];\n`;
    const cjs = (name: string) => `const v = require("kernlab/verify");\nexports.rules = [v.noOverlap(), v.rule(${JSON.stringify(name)}, () => true)];\n`;
    const files: Record<string, string> = {
      "rules.ts": esm("from rules.ts") .replace("export const rules", "export const rules: unknown[]"),
      "rules.mts": esm("from rules.mts"),
      "rules.cts": `import { noOverlap, rule } from "kernlab/verify";\nexport const rules = [noOverlap(), ${rule("from rules.cts")}];\n`,
      "rules.mjs": esm("from rules.mjs"),
      "rules.js": type === "module" ? esm("from rules.js") : cjs("from rules.js"),
    };
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
    for (const f of Object.keys(files)) {
      const out = sh(dir, `node_modules/.bin/kernlab verify kernel.elf --rules ${f}`);
      expect(out, f).toContain(`from ${f}`);
    }
    // kernlab/verify is ES modules only: a .cjs rules file loads it with import().
    writeFileSync(join(dir, "rules.cjs"), `module.exports = import("kernlab/verify").then((v) => ({ rules: [v.noOverlap(), v.rule("from rules.cjs", () => true)] }));\n`);
    const layoutSpec = `{ base: 0x100000, sections: [{ name: ".text", input: ["*(.multiboot)", "*(.text)"], align: 0x1000 }, { name: ".rodata", input: ["*(.rodata)"], align: 0x1000 }, { name: ".data", input: ["*(.data)"], align: 0x1000 }, { name: ".bss", input: ["*(COMMON)", "*(.bss)"], align: 0x1000 }] }`;
    writeFileSync(join(dir, "layout.cts"), `import { defineLayout } from "kernlab";\nexport default defineLayout(${layoutSpec});\n`);
    writeFileSync(join(dir, "layout.mts"), `export const layout = ${layoutSpec};\n`);
    writeFileSync(join(dir, "layout.json"), JSON.stringify({ base: "1M", sections: [{ name: ".text", input: ["*(.multiboot)", "*(.text)"], align: "4K" }, { name: ".rodata", input: ["*(.rodata)"], align: "0x1000" }, { name: ".data", input: ["*(.data)"], align: "4K" }, { name: ".bss", input: ["*(COMMON)", "*(.bss)"], align: "4K" }] }));
    for (const f of ["layout.cts", "layout.mts", "layout.json"]) {
      sh(dir, `node_modules/.bin/kernlab build --layout ${f} -o k-${f}.elf boot.asm kernel.asm`);
      expect(sh(dir, `node_modules/.bin/kernlab run k-${f}.elf`)).toContain("hello from my kernel");
    }
  }, 240_000);

  if (type === "module") {
    it.runIf(haveChromium)("serves the prebuilt lab, which builds and boots the sample in Chromium", async () => {
      const server = spawn(join(dir, "node_modules/.bin/kernlab"), ["web", "--port", "0"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      server.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = "";
          server.stdout.on("data", (d: Buffer) => { out += d.toString(); const m = /^http:\/\/\S+/m.exec(out); if (m) resolve(m[0]); });
          server.once("exit", (code) => reject(new Error(`kernlab web exited with ${code}: ${stderr}`)));
        });
        expect(stderr).not.toMatch(/building/);   // served as installed, never rebuilt
        const browser = await launchChromium();
        try {
          const page = await browser.newPage();
          const failed: string[] = [];
          page.on("response", (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
          await page.goto(url);
          await page.waitForFunction(() => /kernlab sample kernel/.test((globalThis as unknown as { kernlabLab?: { serial: string } }).kernlabLab?.serial ?? ""), undefined, { timeout: 60_000 });
          expect(failed).toEqual([]);
        } finally {
          await browser.close();
        }
      } finally {
        server.kill("SIGTERM");
      }
    }, 120_000);
  }
});

describe("TypeScript consumers", () => {
  let dir: string;
  beforeAll(() => {
    dir = newProject("typescript");
    sh(dir, `npm init -y >/dev/null && npm pkg set type=module && npm install --save-dev ./${TARBALL} typescript@${pkg.devDependencies.typescript} vitest@${pkg.devDependencies.vitest} @types/node@${pkg.devDependencies["@types/node"]}`);
    writeFileSync(join(dir, "index.ts"), [
      `import { assemble, link, defineLayout, createMachine, formatDiagnostics, KernlabError, type Verdict, type BootOptions } from "kernlab";`,
      `import { runAndReport, startsAt, noOverlap, rule, type LayoutReport } from "kernlab/verify";`,
      `import "kernlab/verify/matchers";`,
      `import { expect } from "vitest";`,
      `const asm = assemble("bits 32\\nnop\\n", { file: "a.asm" });`,
      `if (!asm.output) throw new KernlabError(asm.diagnostics);`,
      `const layout = defineLayout({ base: 0x100000, sections: [{ name: ".text", input: ["*(.text)"], align: 0x1000 }] });`,
      `const { image } = link([{ name: "a.o", bytes: asm.output }], { layout });`,
      `const options: BootOptions = { timeout: { instructions: 1000 } };`,
      `export async function check(): Promise<Verdict> {`,
      `  const machine = await createMachine({ memoryMiB: 16 });`,
      `  const { verdict } = await machine.boot(image, options).result;`,
      `  const { report } = await runAndReport(image);`,
      `  const r: LayoutReport = report;`,
      `  expect(r).toSatisfyLayoutRules([startsAt(".text", 0x100000), noOverlap(), rule("x", () => true)]);`,
      `  console.log(formatDiagnostics([]));`,
      `  return verdict;`,
      `}`,
    ].join("\n") + "\n");
  }, 300_000);

  it("type-checks under tsc --init's settings (module nodenext, strict, exactOptionalPropertyTypes) without skipLibCheck", () => {
    sh(dir, "npx tsc --init >/dev/null");
    const config = readFileSync(join(dir, "tsconfig.json"), "utf8");
    expect(config).toMatch(/"module": "nodenext"/);
    expect(config).toMatch(/"exactOptionalPropertyTypes": true/);
    writeFileSync(join(dir, "tsconfig.json"), config.replace(/"skipLibCheck": true/, `"skipLibCheck": false`).replace(/"types": \[\]/, `"types": ["node"]`));
    sh(dir, "npx tsc --noEmit -p tsconfig.json");
  }, 240_000);

  it("type-checks with module esnext and moduleResolution bundler", () => {
    writeFileSync(join(dir, "tsconfig.bundler.json"), JSON.stringify({
      compilerOptions: { module: "esnext", moduleResolution: "bundler", target: "es2022", strict: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noEmit: true, types: ["node"] },
      files: ["index.ts"],
    }));
    sh(dir, "npx tsc -p tsconfig.bundler.json");
  }, 240_000);

  it("reports a type error in the consumer's code (the check is real)", () => {
    writeFileSync(join(dir, "wrong.ts"), `import { defineLayout } from "kernlab";\ndefineLayout({ base: true });\n`);
    const r = spawnSync("npx", ["tsc", "--noEmit", "--module", "nodenext", "--strict", "--types", "node", "wrong.ts"], { cwd: dir, env, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/wrong\.ts\(2,/);
    rmSync(join(dir, "wrong.ts"));
    expect(dirname(dir)).toBe(work);
  }, 240_000);
});
