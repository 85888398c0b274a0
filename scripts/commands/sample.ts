import type { Command } from "./types";

export const command: Command = {
  summary: "(not implemented yet)",
  help: "kernlab sample: not implemented yet\n",
  async run() {
    process.stderr.write("kernlab sample: not implemented yet\n");
    return 2;
  },
};
