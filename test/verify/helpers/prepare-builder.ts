/**
 * Matrix builder for the pool test: the fixture builder, plus a prepareMatrix that notes where it ran, and a
 * buildForMatrix that notes which thread built and which prepared value it was given. The notes go to the
 * file named by KERNLAB_TEST_PREPARE_LOG (workers copy the parent's environment when they start).
 */
import { appendFileSync } from "node:fs";
import { threadId } from "node:worker_threads";
import type { MatrixJob } from "../../../verify/matrix";
import { buildForMatrix as buildFixtureForMatrix } from "./fixture-builder";

const note = (line: string) => appendFileSync(process.env.KERNLAB_TEST_PREPARE_LOG!, line + "\n");

export function prepareMatrix(): { preparedBy: number } {
  note(`prepare ${threadId}`);
  return { preparedBy: threadId };
}

export function buildForMatrix(job: MatrixJob, prepared?: { preparedBy: number }) {
  note(`build ${threadId} ${prepared?.preparedBy ?? "none"}`);
  return buildFixtureForMatrix(job);
}
