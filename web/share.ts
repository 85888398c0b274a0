/**
 * "Share": a project in the page's URL fragment, so a link reproduces it and nothing is sent anywhere (a
 * fragment never leaves the browser). The files as a tar (web/archive.ts), gzip-compressed with the
 * browser's CompressionStream, base64url-encoded after `#project=`. At most SHARE_LIMIT compressed bytes;
 * a larger project says so instead of making a link a server or browser would cut.
 */
import { readTar, writeTar } from "./archive";
import type { Project } from "./project";

export const SHARE_LIMIT = 64 * 1024;
const PREFIX = "#project=";

async function through(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream)).arrayBuffer());
}

const toBase64Url = (b: Uint8Array) => {
  let s = "";
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};
const fromBase64Url = (s: string) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

/** The fragment for a project, or an Error saying how much too large it is. */
export async function shareFragment(p: Project): Promise<string> {
  const tar = writeTar([{ path: ".kernlab-name", data: new TextEncoder().encode(p.name) }, ...Object.entries(p.files).map(([path, data]) => ({ path, data }))]);
  const packed = await through(tar, new CompressionStream("gzip"));
  if (packed.length > SHARE_LIMIT) {
    throw new Error(`the project is ${packed.length} bytes compressed; a share link holds at most ${SHARE_LIMIT} (download it instead)`);
  }
  return PREFIX + toBase64Url(packed);
}

/** The project a fragment holds; null when the fragment is not a shared project. */
export async function projectFromFragment(hash: string): Promise<Project | null> {
  if (!hash.startsWith(PREFIX)) return null;
  const tar = await through(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream("gzip"));
  const files: Record<string, Uint8Array> = {};
  let name = "shared project";
  for (const e of readTar(tar)) {
    if (e.path === ".kernlab-name") name = new TextDecoder().decode(e.data);
    else files[e.path] = e.data;
  }
  return { name, files };
}
