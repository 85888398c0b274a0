/** Types of libv86-startup.mjs (plain JavaScript: scripts/build-cli.mjs runs without TypeScript). */
export declare const LIBV86_PATCHES: readonly (readonly [from: string, to: string])[];
export declare function patchLibV86(path: string, text: string): string;
