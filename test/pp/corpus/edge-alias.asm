; e-only: -E differential only (nasm leaves parts of these lines unexpanded)
; nasm 2.16.01 stops expanding a line after a macro from the line expands into a call that takes
; its arguments from beyond that macro's own call, unless that expansion made enough other tokens first
%define f(x) [x]
%define a f
a(2) a f(3)
%defalias g f
g(3) f(3) g(4)
x g(1) , f(1)
%define m(y) f
m(1)(2) m(3)
%define n(y) y f
n(1)(2) n(3)
%define w f(1) f
w(2) w
%define G2 gg
%define v G2 f
v(2) v
%define u(x) x f
u(G2)(3) u(1)
%define h(x) x
%define z h(1) f
z(2) z
g
%defalias gg g
gg(5) gg
