// Options as data: one table gives the parser and the --help text (scripts/util/options.ts).
import { describe, expect, it } from "vitest";
import { defineCommand, parseOptions } from "../../scripts/util/options";
import { UsageError } from "../../scripts/commands/types";
import { command as run } from "../../scripts/commands/run";

const spec = defineCommand({
  usage: "kernlab demo [options] FILE\nkernlab demo --list",
  about: "Demonstrates the table.",
  options: [
    { name: "timeout", arg: "T", help: "end after T\nsecond line" },
    { name: "module", arg: "FILE", multiple: true, help: "repeatable" },
    { name: "a-very-long-option-name", arg: "VALUE", help: "wraps to the next line" },
    { name: "json", help: "a flag" },
  ],
  epilogue: "exit status:\n  0 fine",
});

describe("option tables", () => {
  it("print the help from the table", () => {
    expect(spec.help).toMatchInlineSnapshot(`
      "usage: kernlab demo [options] FILE
             kernlab demo --list

      Demonstrates the table.

      options:
        --timeout T           end after T
                              second line
        --module FILE         repeatable
        --a-very-long-option-name VALUE
                              wraps to the next line
        --json                a flag
        -h, --help            show this help

      exit status:
        0 fine
      "
    `);
  });

  it("parse what the help lists, and nothing else", () => {
    const { values, positionals } = parseOptions(["--timeout", "5s", "--module", "a", "--module=b", "--json", "-h", "k.elf"], spec);
    expect(values).toEqual({ timeout: "5s", module: ["a", "b"], json: true, help: true });
    expect(positionals).toEqual(["k.elf"]);
    expect(() => parseOptions(["--tiemout", "5s"], spec)).toThrow(UsageError);
    expect(() => parseOptions(["--timeout"], spec)).toThrow(/argument missing/);
  });

  it("kernlab run refuses an option its table does not list", async () => {
    expect(run.help).toMatch(/--timeout T {2,}end the run after T/);
    await expect(run.run(["--bogus", "k.elf"])).rejects.toThrow(UsageError);
  });
});
