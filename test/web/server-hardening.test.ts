// Issue 21, rule 8: web/server.ts serves only what it means to. Real HTTP on port 0.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowedHosts, contentSecurityPolicy, hostAllowed, MAX_CONNECTIONS, serveLab, urlHost, type LabServer } from "../../web/server";

/** One raw HTTP/1.1 exchange; resolves with the status line's code (0 when the server closed without one). */
function raw(port: number, request: string | Uint8Array, host = "127.0.0.1"): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const s = connect(port, host);
    let text = "";
    s.on("data", (d) => { text += d.toString("latin1"); });
    s.on("error", () => undefined);
    s.on("close", () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text }));
    s.write(request); // not ended: a half-closed client may lose its answer; "Connection: close" ends it
  });
}

describe("web server hardening (rule 8)", () => {
  let dir: string, outside: string, server: LabServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kl-srv-"));
    outside = mkdtempSync(join(tmpdir(), "kl-secret-"));
    writeFileSync(join(outside, "pw.txt"), "root:x:0:0\n");
    writeFileSync(join(dir, "index.html"), "<!doctype html><script>var a = 1;</script><script src=\"main.js\"></script>");
    writeFileSync(join(dir, "main.js"), "x".repeat(8 << 20)); // 8 MiB: streamed, not read whole
    symlinkSync(join(outside, "pw.txt"), join(dir, "pw.txt"));
    symlinkSync(outside, join(dir, "sub"));
    mkdirSync(join(dir, "inner"));
    writeFileSync(join(dir, "inner", "ok.txt"), "ok\n");
    symlinkSync(join(dir, "inner", "ok.txt"), join(dir, "inside-link.txt"));
    server = await serveLab({ root: dir, port: 0 });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it("a symlink inside the root that leads outside is refused (403); one that stays inside is served", async () => {
    expect((await fetch(server.url + "pw.txt")).status).toBe(403);
    expect((await fetch(server.url + "sub/pw.txt")).status).toBe(403);
    const ok = await fetch(server.url + "inside-link.txt");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("ok\n");
  });

  it("every response is nosniff; HTML carries a strict CSP that allows its own inline script by hash", async () => {
    const r = await fetch(server.url);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    const csp = r.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+=*'(;|$)/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect((await fetch(server.url + "missing")).headers.get("x-content-type-options")).toBe("nosniff");
    expect(contentSecurityPolicy("<script>var a = 1;</script>")).toContain(`'sha256-${createHash("sha256").update("var a = 1;").digest("base64")}'`);
  });

  it("a Host header that names another site (DNS rebinding) gets 421; localhost, 127.0.0.1 and [::1] are fine", async () => {
    const get = (h: string) => raw(server.port, `GET / HTTP/1.1\r\nHost: ${h}\r\nConnection: close\r\n\r\n`);
    expect((await get("evil.example")).status).toBe(421);
    expect((await get(`evil.example:${server.port}`)).status).toBe(421);
    expect((await get(`127.0.0.1:${server.port + 1}`)).status).toBe(421);
    for (const h of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, "localhost"]) expect((await get(h)).status, h).toBe(200);
    expect((await raw(server.port, "GET / HTTP/1.0\r\nConnection: close\r\n\r\n")).status).toBe(421); // no Host at all
  });

  it("host rules: IPv6 URLs in brackets; a wildcard listen accepts this machine's addresses", () => {
    expect(urlHost("::1")).toBe("[::1]");
    expect(urlHost("127.0.0.1")).toBe("127.0.0.1");
    expect(hostAllowed("[::1]:80", allowedHosts("::1"), 80)).toBe(true);
    expect(hostAllowed("attacker.test:80", allowedHosts("0.0.0.0"), 80)).toBe(false);
    expect(hostAllowed("127.0.0.1:80", allowedHosts("0.0.0.0"), 80)).toBe(true);
  });

  it("listening on ::1 prints the URL with brackets, and serves through it", async () => {
    let v6: LabServer;
    try { v6 = await serveLab({ root: dir, port: 0, host: "::1" }); } catch { return; } // no IPv6 loopback here
    try {
      expect(v6.url).toBe(`http://[::1]:${v6.port}/`);
      expect((await fetch(v6.url + "inner/ok.txt")).status).toBe(200);
    } finally { await v6.close(); }
  });

  it("property: no request line or Host header makes the server crash or serve outside the root", async () => {
    const segment = fc.constantFrom("..", "%2e%2e", "pw.txt", "sub", "%2f", "inner", "ok.txt", "%00", "index.html", "", ".", "%c0%af", "\\..");
    await fc.assert(fc.asyncProperty(fc.array(segment, { maxLength: 6 }), fc.constantFrom("GET", "HEAD", "POST", "BREW", "G\u00e9T"), async (segs, method) => {
      const r = await raw(server.port, `${method} /${segs.join("/")} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
      expect([0, 200, 400, 403, 404, 405]).toContain(r.status);
      expect(r.text).not.toContain("root:x:0:0");
    }), { numRuns: 150 });
    expect((await fetch(server.url)).status).toBe(200);
  });

  it("40 clients that never read an 8 MiB file: streamed with backpressure, not 40 copies in memory", async () => {
    const sockets: Socket[] = [];
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 40; i++) {
      const s = connect(server.port, "127.0.0.1");
      s.on("error", () => undefined);
      s.pause(); // never read
      s.write(`GET /main.js HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
      sockets.push(s);
    }
    await new Promise((r) => setTimeout(r, 1500));
    // the whole file per request would be 320 MiB
    expect(process.memoryUsage().rss - before).toBeLessThan(160 << 20);
    for (const s of sockets) s.destroy();
    expect((await fetch(server.url)).status).toBe(200);
  });

  it(`connections past ${MAX_CONNECTIONS} are closed at once`, async () => {
    const sockets: Socket[] = [];
    let closed = 0;
    for (let i = 0; i < MAX_CONNECTIONS + 20; i++) {
      const s = connect(server.port, "127.0.0.1");
      s.on("error", () => undefined);
      s.on("close", () => { closed++; });
      sockets.push(s);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const closedEarly = closed;
    for (const s of sockets) s.destroy();
    expect(closedEarly).toBeGreaterThanOrEqual(20);
    expect(closedEarly).toBeLessThan(MAX_CONNECTIONS);
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(server.url)).status).toBe(200);
  });
});
