// The CLI round trip on the bundle users run: `kernlab run --record` then `kernlab replay` prints the same
// COM1 bytes and exits with the same status; --until stops exactly there; `kernlab verify --record` keeps the
// recording of a failed verification; a damaged recording is one located error line and exit 1.
import { writeFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { kernlab, prepareCli, scratch } from "../cli/cli";
import { ttKernel } from "./kernels";

describe("kernlab run --record / replay / verify --record", () => {
  const dir = scratch("tt");
  const elf = join(dir, "timer.elf");
  const rec = join(dir, "timer.klrec");
  beforeAll(() => {
    prepareCli();
    writeFileSync(elf, ttKernel("tt-timer"));
  });

  it("replay reproduces the serial output and the exit status; --until stops at the count", () => {
    const run = kernlab(["run", "--memory", "16", "--record", rec, elf]);
    expect(run.status).toBe(40);
    expect(run.stderr).toMatch(/recorded \d+ instructions to .*timer\.klrec/);
    const replay = kernlab(["replay", rec]);
    expect(replay.stdout).toBe(run.stdout);
    expect(replay.status).toBe(40);
    const until = kernlab(["replay", "--until", "1000000", rec]);
    expect(until.status).toBe(0);
    expect(until.stderr).toMatch(/stopped at instruction 1000000 of \d+, eip 0x[0-9a-f]{8}/);
    const events = kernlab(["replay", "--events", rec]);
    expect(events.stdout).toMatch(/snapshot 0/);
    expect(events.stdout).toMatch(/exit/);
  });

  it("refuses to record over its input; a damaged file is one located error, exit 1", () => {
    const clobber = kernlab(["run", "--record", elf, elf]);
    expect(clobber.status).toBe(1);
    expect(clobber.stderr).toMatch(/same as output file/);
    const bytes = readFileSync(rec);
    const cut = join(dir, "cut.klrec");
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    const r = kernlab(["replay", cut]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cut\.klrec: error: the recording is truncated/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("verify --record keeps the recording when the verification fails (exit code 40 is not 0)", () => {
    const kept = join(dir, "failed.klrec");
    const v = kernlab(["verify", "--memory", "16", "--record", kept, elf]);
    expect(v.status).toBe(1);
    expect(v.stdout).toMatch(/recorded the run to .*failed\.klrec/);
    expect(existsSync(kept)).toBe(true);
    expect(kernlab(["replay", kept]).status).toBe(40);
  });
});
