; e-only
%define E
E x
x E
 E
E E
x,E,y
x, E ,y
E,x
(E)
x E
