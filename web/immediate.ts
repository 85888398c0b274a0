/**
 * setImmediate for the page and its workers. The emulator runs the guest in ~2 ms batches and yields to the
 * event loop in between with setImmediate when it exists, else setTimeout(0), which browsers clamp to 4 ms once
 * nested: the guest would get a third of the CPU. A MessageChannel task is not clamped, so this provides
 * setImmediate on top of one (as React's scheduler does); rendering and input still run between tasks.
 */
export function provideSetImmediate(): void {
  if (typeof (globalThis as { setImmediate?: unknown }).setImmediate === "function") return;
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  (globalThis as unknown as { setImmediate: (fn: () => void) => void }).setImmediate = (fn) => {
    queue.push(fn);
    channel.port2.postMessage(0);
  };
}
