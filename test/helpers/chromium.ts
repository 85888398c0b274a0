/**
 * Headless Chromium for the browser tests: where Debian puts it, whether these tests can run (without it they
 * skip locally; under KERNLAB_REQUIRE_ORACLES=1 a missing Chromium fails the run), and how to launch it.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { oraclesRequired } from "./oracles";

export const CHROMIUM = "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && oraclesRequired) throw new Error(`chromium is required (KERNLAB_REQUIRE_ORACLES=1) but ${CHROMIUM} is missing`);

/** Headless, no sandbox (CI runs as root), no GPU, and none of Chromium's own background traffic. */
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extraArgs] });
}
