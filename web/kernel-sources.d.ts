// Types of the virtual module that scripts/build-web.ts generates: the sample kernel's source files
// (boot/ and kernel/, .asm/.inc), keyed by their path from the repository root.
declare module "kernlab:kernel-sources" {
  export const kernelSources: Record<string, string>;
}
