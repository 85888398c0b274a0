// `kernlab run --gdb` refusals: a malformed address is a usage error (2); a port already taken is exit 1 with
// the reason, before the guest runs; --help lists both options from the option table.
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kernlab, prepareCli, root } from "../cli/cli";

const elf = join(root, "emulator", "fixtures", "hello.elf");

describe("kernlab run --gdb: refusals", () => {
  let taken: Server;
  let port = 0;
  beforeAll(async () => {
    prepareCli();
    taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", () => r()));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(() => { taken.close(); });

  it("a malformed [HOST:]PORT is a usage error", () => {
    const r = kernlab(["run", "--gdb", "localhost:99999", elf]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("option '--gdb' expects [HOST:]PORT (like 1234 or 127.0.0.1:1234), got 'localhost:99999'");
  });

  it("a port in use: exit 1, the reason, and the guest never ran", () => {
    const r = kernlab(["run", "--gdb", `127.0.0.1:${port}`, elf]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`kernlab run: --gdb: cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`);
    expect(r.stdout).toBe(""); // the guest waits for the stub before its first instruction: it never printed
  });

  it("without --wait-gdb the guest runs on at once and exits with its code", () => {
    const r = kernlab(["run", "--gdb", "127.0.0.1:0", elf]);
    expect(r.stderr).toMatch(/gdb stub on 127\.0\.0\.1:\d+ \(gdb: target remote/);
    expect(r.stdout).toContain("Hello from kernlab");
    expect(r.status).toBe(0);
  });

  it("--help lists --gdb and --wait-gdb", () => {
    const r = kernlab(["run", "--help"]);
    expect(r.stdout).toMatch(/--gdb \[HOST:\]PORT +serve GDB's remote protocol/);
    expect(r.stdout).toMatch(/--wait-gdb +stop before the first instruction/);
  });
});
