; e-only
%macro J 1
j%-1 x
%endmacro
%macro K 1
j%+1 x
%endmacro
J a
J ae
J b
J be
J c
J e
J g
J ge
J l
J le
J na
J nae
J nb
J nbe
J nc
J ne
J ng
J nge
J nl
J nle
J no
J np
J ns
J nz
J o
J p
J pe
J po
J s
J z
K NZ
J NZ
