; Differential probe: the paging torture cases (paging-torture.inc) with CR3 = the page directory.
%include "paging-torture.inc"
