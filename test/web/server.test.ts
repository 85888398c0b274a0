// web/server.ts: the static server behind `kernlab web` and the e2e test (real HTTP on port 0).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveRequestPath, serveLab, type LabServer } from "../../web/server";

describe("resolveRequestPath", () => {
  it("maps / to index.html and refuses paths outside the root", () => {
    expect(resolveRequestPath("/srv/lab", "/")).toBe("/srv/lab/index.html");
    expect(resolveRequestPath("/srv/lab", "/chunks/a.js?v=1")).toBe("/srv/lab/chunks/a.js");
    expect(resolveRequestPath("/srv/lab", "/../etc/passwd")).toBe("/srv/lab/etc/passwd"); // normalised inside the root
    expect(resolveRequestPath("/srv/lab", "/%2e%2e/%2e%2e/etc/passwd")).toBe("/srv/lab/etc/passwd");
    expect(resolveRequestPath("/srv/lab", "/a%00b")).toBeNull();
    expect(resolveRequestPath("/srv/lab", "/%E0%A4%A")).toBeNull();
  });
});

describe("serveLab", () => {
  let dir: string;
  let server: LabServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kernlab-web-"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><p>lab</p>");
    writeFileSync(join(dir, "v86.wasm"), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    server = await serveLab({ root: dir, port: 0 });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("listens on a free port on 127.0.0.1 and serves index.html at /", async () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const r = await fetch(server.url);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await r.text()).toBe("<!doctype html><p>lab</p>");
  });

  it("serves WebAssembly as application/wasm (compileStreaming needs it) and 404s the rest", async () => {
    const w = await fetch(server.url + "v86.wasm");
    expect(w.headers.get("content-type")).toBe("application/wasm");
    expect(new Uint8Array(await w.arrayBuffer())).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    expect((await fetch(server.url + "missing.js")).status).toBe(404);
    expect((await fetch(server.url + "index.html", { method: "POST", body: "x" })).status).toBe(405);
  });
});
