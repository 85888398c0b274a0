/**
 * The browser lab as its e2e tests open it: the page built by scripts/build-web.ts into
 * test-output/web/<dist>, served by web/server.ts on an ephemeral port, and a headless Chromium.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { buildWeb, findRoot } from "../../scripts/build-web";
import { serveLab, type LabServer } from "../../web/server";
import { launchChromium } from "../helpers/chromium";

export const root = findRoot();
/** Where the e2e tests write screenshots, timings and their builds of the lab. */
export const outDir = join(root, "test-output", "web");

export interface OpenedLab {
  built: Awaited<ReturnType<typeof buildWeb>>;
  server: LabServer;
  browser: Browser;
}

/** Builds the lab into test-output/web/`dist`, serves it and launches Chromium (with `chromiumArgs` added). */
export async function openLab(dist: string, chromiumArgs: string[] = []): Promise<OpenedLab> {
  mkdirSync(outDir, { recursive: true });
  const built = await buildWeb({ root, outDir: join(outDir, dist) });
  const server = await serveLab({ root: built.outDir, port: 0 });
  const browser = await launchChromium(chromiumArgs);
  return { built, server, browser };
}
