// Start-up patches of v86's JavaScript (libv86.js, pinned and minified), applied when scripts/build-cli.mjs
// bundles the CLI: they change no behaviour a guest can see, only what creating a machine costs in a one-shot
// `kernlab run`. The same change against v86's source is libv86-startup.diff (README.md in this folder);
// test/emulator/v86-fixes/libv86-startup.test.ts checks that each applies to the installed v86 exactly once and
// that a machine built from the patched code has one shared entry for the ports no device claimed.
//
// - I/O ports on demand: v86's I/O bus makes one handler object for each of the 65536 ports when a machine is
//   created (several MB of objects, scavenged and promoted: ~10 ms of a one-shot `kernlab run`). All ports now
//   start as one shared, frozen "nothing here" entry, and a port gets an object of its own when a device
//   registers a handler on it or the PCI bus takes a reference to it (kernlab_port). Reads and writes of an
//   unclaimed port behave as before (0xFF… and nothing).
export const LIBV86_PATCHES = [
  ["for(var b=0;65536>b;b++)this.ports[b]=this.create_empty_entry();",
    "this.kernlab_empty=Object.freeze(this.create_empty_entry());this.ports=new Array(65536).fill(this.kernlab_empty);var b;"],
  // The memory map (one handler per 128 KiB, 32768 entries) made at its full size and filled with
  // Array.prototype.fill instead of a loop that runs once per process in V8's interpreter (~4 ms for the 4 GiB
  // above guest RAM); its arrays stay in V8's fast elements (every MMIO access reads them).
  ["this.memory_map_read8=[];this.memory_map_write8=\n[];this.memory_map_read32=[];this.memory_map_write32=[];",
    "this.memory_map_read8=new Array(32768).fill(void 0);this.memory_map_write8=new Array(32768).fill(void 0);" +
    "this.memory_map_read32=new Array(32768).fill(void 0);this.memory_map_write32=new Array(32768).fill(void 0);"],
  ["for(a>>>=17;0<b;a++)this.cpu.memory_map_read8[a]=c,this.cpu.memory_map_write8[a]=d,this.cpu.memory_map_read32[a]=e,this.cpu.memory_map_write32[a]=f,b-=131072}",
    "a>>>=17;b=0<b?a+Math.ceil(b/131072):a;for(const [m,h] of [[this.cpu.memory_map_read8,c],[this.cpu.memory_map_write8,d],[this.cpu.memory_map_read32,e],[this.cpu.memory_map_write32,f]])" +
    "m.length<b&&(m.length=b),m.fill(h,a,b)}"],
  ["Ea.prototype.register_read=function(a,b,c,d,e){",
    "Ea.prototype.kernlab_port=function(a){var p=this.ports[a];return p===this.kernlab_empty?this.ports[a]=this.create_empty_entry():p};" +
    "Ea.prototype.register_read=function(a,b,c,d,e){this.kernlab_port(a);"],
  ["Ea.prototype.register_write=function(a,b,c,d,e){", "Ea.prototype.register_write=function(a,b,c,d,e){this.kernlab_port(a);"],
  ["e.entries[g]=this.io.ports[f+g]", "e.entries[g]=this.io.kernlab_port(f+g)"],
];
/** libv86.js's text with every patch applied; throws when one does not fit exactly once (another v86 build). */
export function patchLibV86(path, text) {
  for (const [from, to] of LIBV86_PATCHES) {
    if (text.split(from).length !== 2) throw new Error(`${path}: the code "${from}" is not there exactly once; update LIBV86_PATCHES in emulator/v86-fixes/libv86-startup.mjs`);
    text = text.replace(from, () => to);
  }
  return text;
}
