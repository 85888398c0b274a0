; Differential probe: the paging torture cases (paging-torture.inc) with PWT and PCD set in CR3, so every
; walk goes through kernlab's v86 fix cr3-low-bits.
%define CR3_LOW_BITS 0x18
%include "paging-torture.inc"
