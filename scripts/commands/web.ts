/**
 * `kernlab web`: serves the browser lab (web/dist) on localhost and prints its URL on stdout. Builds the lab
 * first when web/dist is missing or --build is given (scripts/build-web.ts). Runs until interrupted.
 * It is not the page (web/) nor the server (web/server.ts).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { defineCommand, parseOptions } from "../util/options";
import { UsageError, type Command } from "./types";

const spec = defineCommand({
  usage: "kernlab web [--port N] [--host ADDR] [--dir DIR] [--build]",
  about: `Serve the kernlab browser lab: a kernel's sources in an editor, built in the page by kernlab's own
assembler and linker, booted in v86 in the page, with its memory map drawn live from guest RAM.`,
  options: [
    { name: "port", arg: "N", help: "port to listen on (default 8086; 0 picks a free port)" },
    { name: "host", arg: "ADDR", help: "address to listen on (default 127.0.0.1)" },
    { name: "dir", arg: "DIR", help: "folder to serve (default: the lab that comes with kernlab, web/dist)" },
    { name: "build", help: "rebuild the lab before serving (a kernlab checkout only; there it is rebuilt\nanyway when the folder is missing or older than the sources it bundles)" },
  ],
  epilogue: "The URL is printed on stdout (one line). Stop with Ctrl-C.",
});

/** Folders whose files end up in the lab's bundle; a file newer than the build makes `kernlab web` rebuild. */
const SOURCE_DIRS = ["web", "core", "toolchain", "emulator", "kernel", "boot", "verify"];

/** mtime (ms) of the newest source file of the bundle (web/dist excluded). */
function newestSource(root: string): number {
  let newest = 0;
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) { if (entry.name !== "dist" && entry.name !== "node_modules") walk(path); }
      else if (/\.(ts|asm|inc|html|css)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) walk(join(root, d));
  return newest;
}

export const command: Command = {
  summary: "serve the browser lab (build, boot and inspect a kernel in the page)",
  help: spec.help,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, spec);
    if (values.help) { process.stdout.write(spec.help); return 0; }
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, true);
    const port = values.port === undefined ? 8086 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got '${values.port}'`);

    const { buildWeb, findRoot } = await import("../build-web");
    const { serveLab } = await import("../../web/server");
    const root = findRoot();
    const dir = resolve(values.dir ?? join(root, "web", "dist"));
    const index = join(dir, "index.html");
    // An installed kernlab serves the lab it was packed with; only a checkout (web/main.ts present) rebuilds.
    const checkout = existsSync(join(root, "web", "main.ts"));
    if (values.build && !checkout) throw new UsageError("--build needs a kernlab checkout (an installed kernlab comes with its lab built)");
    if (checkout && (values.build || (!values.dir && (!existsSync(index) || newestSource(root) > statSync(index).mtimeMs)))) {
      process.stderr.write("kernlab web: building the lab…\n");
      try {
        await buildWeb({ root, outDir: dir });
      } catch (e) {
        // an installed kernlab may lack esbuild (a devDependency): serve the lab that is there, if any
        if (!existsSync(index)) throw e;
        process.stderr.write(`kernlab web: rebuild failed (${e instanceof Error ? e.message : String(e)}); serving the existing build\n`);
      }
    }
    if (!existsSync(join(dir, "index.html"))) throw new UsageError(`${dir} holds no index.html (run 'npm run build:web')`);
    const server = await serveLab({ root: dir, port, host: values.host ?? "127.0.0.1" });
    process.stdout.write(`${server.url}\n`);
    await new Promise<void>((done) => {
      const stop = () => { void server.close().then(done); };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    return 0;
  },
};
