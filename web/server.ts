/**
 * Node-only: a small static file server for the built lab (web/dist). It serves files under one root with
 * the right MIME types (application/wasm matters: the page compiles v86.wasm with compileStreaming), refuses
 * paths outside the root, and listens on 127.0.0.1. It is not a build step (scripts/build-web.ts builds) and
 * not part of the page bundle.
 */
import { createServer, type Server } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".elf": "application/octet-stream",
};

export interface LabServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** The folder to serve (normally web/dist). */
  root: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

/** Maps a request path to a file under root, or null when it would escape root. */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]!.split("#")[0]!);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  if (path.endsWith("/")) path += "index.html";
  const absRoot = resolve(root);
  const file = resolve(join(absRoot, normalize(path)));
  if (file !== absRoot && !file.startsWith(absRoot + sep)) return null;
  return file;
}

export async function serveLab(opts: ServeOptions): Promise<LabServer> {
  const root = resolve(opts.root);
  const host = opts.host ?? "127.0.0.1";
  const server: Server = createServer(async (req, res) => {
    const file = resolveRequestPath(root, req.url ?? "/");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { "content-type": "text/plain" }).end("method not allowed\n");
      return;
    }
    if (file === null) {
      res.writeHead(403, { "content-type": "text/plain" }).end("forbidden\n");
      return;
    }
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error("not a file");
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": MIME[extname(file).toLowerCase()] ?? "application/octet-stream",
        "content-length": body.length,
        "cache-control": "no-cache",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
