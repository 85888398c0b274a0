import {
  CHECKPOINT_PORT,
  EXIT_PORT,
  PageFaultError,
  checkMultiboot,
  createMachine,
  describeVerdict,
  symbolTable,
  walkPageTables
} from "./chunk-WAR3UTSF.js";
import {
  assemble,
  assembleOrThrow,
  buildSampleKernel,
  formatLinkMap,
  initAssembler,
  layoutToScript,
  link,
  mapResolver,
  sampleLayout
} from "./chunk-KORAATQ3.js";
import {
  boundarySymbols,
  defineLayout
} from "./chunk-22XTJQOG.js";
import {
  readElf
} from "./chunk-L7JAW7VC.js";
import {
  KernlabError,
  formatDiagnostics,
  hex
} from "./chunk-SL2PM32D.js";
export {
  CHECKPOINT_PORT,
  EXIT_PORT,
  KernlabError,
  PageFaultError,
  assemble,
  assembleOrThrow,
  boundarySymbols,
  buildSampleKernel,
  checkMultiboot,
  createMachine,
  defineLayout,
  describeVerdict,
  formatDiagnostics,
  formatLinkMap,
  hex,
  initAssembler,
  layoutToScript,
  link,
  mapResolver,
  readElf,
  sampleLayout,
  symbolTable,
  walkPageTables
};
