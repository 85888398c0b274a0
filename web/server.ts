/**
 * Node-only: a small static file server for the built lab (web/dist). It serves files under one root with
 * the right MIME types (application/wasm matters: the page compiles v86.wasm with compileStreaming), and
 * serves only what it means to:
 * - a path is resolved twice: lexically (no `..` out of the root) and then by its real path, so a symlink
 *   inside the folder that points outside it is refused (403) like `/../x`;
 * - only GET and HEAD of regular files; files are streamed (backpressure: a client that does not read holds
 *   one socket buffer, not the file), and a response that makes no progress for STALL_MS is dropped;
 * - at most MAX_CONNECTIONS sockets at once (more are closed on accept), requests must arrive within
 *   REQUEST_MS;
 * - the Host header must name an address the server listens on (127.0.0.1, localhost, [::1], the host given,
 *   or any of this machine's addresses when listening on all of them): a DNS-rebinding page gets 421;
 * - every response says `X-Content-Type-Options: nosniff`; HTML gets a strict Content-Security-Policy
 *   (scripts only from the server, the page's inline scripts by their SHA-256, WebAssembly compiled, no
 *   plugins, no framing, no foreign connections).
 * Listens on 127.0.0.1 by default. It is not a build step (scripts/build-web.ts builds) and not part of the
 * page bundle.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { pipeline } from "node:stream/promises";

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

/** Sockets served at once; more are closed when accepted (a browser opens about six). */
export const MAX_CONNECTIONS = 64;
/** A response whose socket moves no byte for this long is dropped (a client that stopped reading). */
export const STALL_MS = 20_000;
/** A request's headers and body must have arrived by then. */
export const REQUEST_MS = 15_000;
/** HTML files are read whole to hash their inline scripts for the CSP: at most this many bytes. */
const MAX_HTML_BYTES = 4 << 20;

export interface LabServer {
  /** http://127.0.0.1:PORT/ (an IPv6 host in brackets: http://[::1]:PORT/) */
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

/** Maps a request path to a file under root, or null when it would escape root (lexically; see serveLab). */
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

/** `host` as it appears in a URL: an IPv6 address in brackets. */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/** The host names a Host header may carry for a server listening on `host` (lower case, IPv6 bracketed). */
export function allowedHosts(host: string): Set<string> {
  const names = new Set<string>([urlHost(host.toLowerCase())]);
  const loopback = host === "127.0.0.1" || host === "::1" || host === "localhost" || host.startsWith("127.");
  const wildcard = host === "0.0.0.0" || host === "::";
  if (loopback || wildcard) for (const n of ["localhost", "127.0.0.1", "[::1]"]) names.add(n);
  if (wildcard) {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(urlHost(a.address.toLowerCase().replace(/%.*$/, "")));
  }
  return names;
}

/**
 * True when a Host header names this server: one of `allowed`, with the listening port (or none). A page
 * served from an attacker's name that resolves to 127.0.0.1 (DNS rebinding) sends that name, and is refused.
 */
export function hostAllowed(header: string | undefined, allowed: Set<string>, port: number): boolean {
  if (header === undefined) return false;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim());
  if (!m) return false;
  if (m[2] !== undefined && Number(m[2]) !== port) return false;
  return allowed.has(m[1]!.toLowerCase().replace(/\.$/, ""));
}

/** The Content-Security-Policy of an HTML page: its inline scripts are allowed by hash, nothing else inline. */
export function contentSecurityPolicy(html: string): string {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]!)) continue;
    hashes.push(`'sha256-${createHash("sha256").update(m[2]!, "utf8").digest("base64")}'`);
  }
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${hashes.length ? " " + hashes.join(" ") : ""}`,
    // v86 starts a helper worker from a blob: URL made by its own (same-origin) script
    "worker-src 'self' blob:",
    "connect-src 'self'",
    // xterm.js writes its theme into <style> elements it creates: styles may be inline, scripts may not
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const COMMON_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-cache",
} as const;

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, "content-type": "text/plain; charset=utf-8", ...extra }).end(text + "\n");
}

/** Handles one request under `root` (already a real path). Never throws. */
async function handle(req: IncomingMessage, res: ServerResponse, root: string, allowed: Set<string>, port: number): Promise<void> {
  if (!hostAllowed(req.headers.host, allowed, port)) return plain(res, 421, "misdirected request: unknown Host");
  if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "method not allowed", { allow: "GET, HEAD" });
  const lexical = resolveRequestPath(root, req.url ?? "/");
  if (lexical === null) return plain(res, 403, "forbidden");
  let file: string;
  try {
    file = await realpath(lexical);
  } catch {
    return plain(res, 404, "not found");
  }
  // A symlink inside the folder may point anywhere: what is served is where it really leads.
  if (file !== root && !file.startsWith(root + sep)) return plain(res, 403, "forbidden");
  let fh;
  try {
    fh = await open(file, "r");
  } catch {
    return plain(res, 404, "not found");
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return plain(res, 404, "not found");
    const ext = extname(file).toLowerCase();
    const headers: Record<string, string | number> = { ...COMMON_HEADERS, "content-type": MIME[ext] ?? "application/octet-stream" };
    if (ext === ".html") {
      if (st.size > MAX_HTML_BYTES) return plain(res, 500, "page too large");
      const body = await fh.readFile();
      headers["content-security-policy"] = contentSecurityPolicy(body.toString("utf8"));
      headers["content-length"] = body.length;
      res.writeHead(200, headers).end(req.method === "HEAD" ? undefined : body);
      return;
    }
    headers["content-length"] = st.size;
    res.writeHead(200, headers);
    if (req.method === "HEAD") { res.end(); return; }
    // Streamed from the open file (the same one that was checked), with the socket's backpressure.
    const stream = createReadStream("", { fd: fh.fd, autoClose: false, start: 0, end: Math.max(0, st.size - 1) });
    if (st.size === 0) { stream.destroy(); res.end(); return; }
    await pipeline(stream, res).catch(() => { res.destroy(); });
  } catch {
    if (!res.headersSent) plain(res, 500, "internal error"); else res.destroy();
  } finally {
    await fh.close().catch(() => undefined);
  }
}

export async function serveLab(opts: ServeOptions): Promise<LabServer> {
  const root = await realpath(resolve(opts.root));
  const host = opts.host ?? "127.0.0.1";
  const allowed = allowedHosts(host);
  let port = 0;
  const server: Server = createServer({ requestTimeout: REQUEST_MS, headersTimeout: Math.min(REQUEST_MS, 10_000) }, (req, res) => {
    void handle(req, res, root, allowed, port);
  });
  server.maxConnections = MAX_CONNECTIONS;
  // No byte moved on a socket for STALL_MS (a client that stopped reading a response, or an idle one): drop it.
  server.setTimeout(STALL_MS, (socket) => socket.destroy());
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://${urlHost(host)}:${port}/`,
    port,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
