; Branch sizing: many labels, short and near jumps forward and backward (NASM -Ox fixed point).
section .text
global f
f:
L0:
    je L20
    times 35 nop
.sub:  dec ecx
    jnz .sub
L1:
    je L109
    times 27 nop
.sub:  dec ecx
    jnz .sub
L2:
    jmp L18
    times 15 nop
L3:
    jz L18
    times 15 nop
.sub:  dec ecx
    jnz .sub
L4:
    add eax, 253
    times 20 nop
L5:
    call L18
L6:
    jnc L1
    times 35 nop
L7:
    jg L14
    times 12 nop
L8:
    jmp L16
L9:
    jne L2
.sub:  dec ecx
    jnz .sub
L10:
    je L215
.sub:  dec ecx
    jnz .sub
L11:
    jg L20
L12:
    jle L5
L13:
    jmp L28
    times 25 nop
L14:
    ja L181
L15:
    jmp L15
L16:
    jc L25
    times 9 nop
L17:
    add eax, 67
L18:
    jmp L9
    times 15 nop
.sub:  dec ecx
    jnz .sub
L19:
    add eax, -296
    times 35 nop
L20:
    jnc L263
L21:
    jz L286
L22:
    jne L14
L23:
    jmp L9
    times 10 nop
L24:
    add eax, -88
.sub:  dec ecx
    jnz .sub
L25:
    jmp L28
.sub:  dec ecx
    jnz .sub
L26:
    jnz L245
.sub:  dec ecx
    jnz .sub
L27:
    mov eax, L37 - L27
.sub:  dec ecx
    jnz .sub
L28:
    jmp L270
L29:
    add eax, -207
L30:
    jc L24
L31:
    call L23
L32:
    mov eax, L45 - L32
L33:
    add eax, -35
    times 39 nop
L34:
    jg L178
    times 7 nop
L35:
    jmp L54
L36:
    jmp L176
.sub:  dec ecx
    jnz .sub
L37:
    call L102
.sub:  dec ecx
    jnz .sub
L38:
    mov eax, L43 - L38
L39:
    jmp L27
    times 38 nop
L40:
    add eax, 185
L41:
    jne L21
L42:
    je L108
    times 19 nop
L43:
    mov eax, L57 - L43
.sub:  dec ecx
    jnz .sub
L44:
    add eax, 297
L45:
    add eax, 244
    times 33 nop
.sub:  dec ecx
    jnz .sub
L46:
    ja L26
    times 31 nop
L47:
    jmp L60
L48:
    mov eax, L29 - L48
    times 18 nop
.sub:  dec ecx
    jnz .sub
L49:
    jmp L30
L50:
    jnc L62
L51:
    jc L61
L52:
    add eax, 272
L53:
    jnz L58
L54:
    jne L53
.sub:  dec ecx
    jnz .sub
L55:
    mov eax, L44 - L55
    times 9 nop
L56:
    jmp L203
.sub:  dec ecx
    jnz .sub
L57:
    call L64
L58:
    jg L43
    times 36 nop
L59:
    mov eax, L72 - L59
L60:
    jmp L117
.sub:  dec ecx
    jnz .sub
L61:
    jmp L52
    times 9 nop
L62:
    add eax, 115
    times 33 nop
L63:
    mov eax, L46 - L63
.sub:  dec ecx
    jnz .sub
L64:
    add eax, -210
.sub:  dec ecx
    jnz .sub
L65:
    add eax, 164
    times 36 nop
L66:
    add eax, 239
L67:
    add eax, -94
L68:
    jc L76
L69:
    add eax, -285
    times 33 nop
L70:
    jmp L78
    times 28 nop
L71:
    jle L259
L72:
    jz L71
L73:
    add eax, -39
.sub:  dec ecx
    jnz .sub
L74:
    call L86
L75:
    jmp L84
    times 18 nop
L76:
    jmp L280
.sub:  dec ecx
    jnz .sub
L77:
    add eax, -299
.sub:  dec ecx
    jnz .sub
L78:
    jmp L73
.sub:  dec ecx
    jnz .sub
L79:
    jmp L84
L80:
    jmp L65
L81:
    mov eax, L99 - L81
L82:
    add eax, -152
    times 33 nop
L83:
    mov eax, L71 - L83
L84:
    jnc L8
L85:
    add eax, -269
    times 24 nop
L86:
    je L69
L87:
    jc L71
.sub:  dec ecx
    jnz .sub
L88:
    jle L98
L89:
    jmp L83
L90:
    jle L100
L91:
    call L80
L92:
    call L80
    times 4 nop
L93:
    add eax, 201
    times 34 nop
L94:
    jb L109
.sub:  dec ecx
    jnz .sub
L95:
    jc L79
L96:
    jmp L89
    times 6 nop
.sub:  dec ecx
    jnz .sub
L97:
    jnc L67
L98:
    add eax, 209
L99:
    jmp L110
L100:
    mov eax, L104 - L100
L101:
    jmp L106
    times 13 nop
L102:
    add eax, -234
L103:
    jle L110
L104:
    jmp L124
L105:
    jmp L97
L106:
    jz L126
L107:
    jz L90
L108:
    call L91
L109:
    jmp L107
    times 17 nop
L110:
    jmp L115
    times 11 nop
.sub:  dec ecx
    jnz .sub
L111:
    jb L281
L112:
    mov eax, L127 - L112
    times 6 nop
.sub:  dec ecx
    jnz .sub
L113:
    jle L116
L114:
    jmp L196
L115:
    jnz L98
    times 24 nop
.sub:  dec ecx
    jnz .sub
L116:
    jne L109
    times 16 nop
L117:
    call L116
L118:
    jmp L128
L119:
    jmp L270
L120:
    jmp L109
    times 7 nop
L121:
    mov eax, L130 - L121
    times 3 nop
.sub:  dec ecx
    jnz .sub
L122:
    jmp L104
L123:
    jmp L143
L124:
    jmp L141
    times 17 nop
L125:
    call L124
L126:
    jnz L124
L127:
    jmp L126
    times 13 nop
L128:
    call L124
    times 28 nop
L129:
    jmp L130
L130:
    jc L128
    times 32 nop
L131:
    jnz L118
    times 19 nop
.sub:  dec ecx
    jnz .sub
L132:
    call L126
L133:
    jmp L138
    times 2 nop
L134:
    jmp L117
    times 29 nop
L135:
    add eax, -131
.sub:  dec ecx
    jnz .sub
L136:
    add eax, 19
L137:
    jne L127
    times 18 nop
.sub:  dec ecx
    jnz .sub
L138:
    jb L287
L139:
    je L44
.sub:  dec ecx
    jnz .sub
L140:
    jg L140
L141:
    call L161
.sub:  dec ecx
    jnz .sub
L142:
    jmp L125
    times 5 nop
L143:
    je L162
    times 21 nop
L144:
    jmp L162
L145:
    add eax, -191
L146:
    add eax, 140
.sub:  dec ecx
    jnz .sub
L147:
    ja L146
L148:
    jne L166
L149:
    jmp L131
L150:
    jmp L136
L151:
    jmp L162
L152:
    jmp L161
L153:
    mov eax, L62 - L153
L154:
    jmp L150
.sub:  dec ecx
    jnz .sub
L155:
    jmp L144
    times 38 nop
.sub:  dec ecx
    jnz .sub
L156:
    jmp L151
L157:
    add eax, -196
    times 15 nop
L158:
    add eax, -62
    times 13 nop
L159:
    add eax, 81
.sub:  dec ecx
    jnz .sub
L160:
    call L140
    times 39 nop
L161:
    ja L162
    times 17 nop
.sub:  dec ecx
    jnz .sub
L162:
    mov eax, L5 - L162
L163:
    jb L147
    times 32 nop
L164:
    jmp L169
.sub:  dec ecx
    jnz .sub
L165:
    jle L170
L166:
    jnc L159
L167:
    jmp L170
L168:
    ja L222
L169:
    ja L235
    times 4 nop
L170:
    call L45
L171:
    mov eax, L173 - L171
    times 34 nop
.sub:  dec ecx
    jnz .sub
L172:
    jmp L164
L173:
    jmp L161
    times 25 nop
.sub:  dec ecx
    jnz .sub
L174:
    mov eax, L164 - L174
L175:
    call L167
.sub:  dec ecx
    jnz .sub
L176:
    jmp L189
    times 23 nop
.sub:  dec ecx
    jnz .sub
L177:
    jmp L169
    times 36 nop
L178:
    call L178
    times 39 nop
L179:
    add eax, 15
L180:
    call L188
    times 1 nop
L181:
    jnz L200
L182:
    jz L184
L183:
    ja L165
    times 21 nop
L184:
    jz L196
L185:
    jmp L204
L186:
    jmp L251
    times 11 nop
L187:
    mov eax, L189 - L187
L188:
    ja L197
    times 31 nop
L189:
    jmp L189
.sub:  dec ecx
    jnz .sub
L190:
    jg L187
.sub:  dec ecx
    jnz .sub
L191:
    mov eax, L204 - L191
    times 24 nop
L192:
    jle L178
L193:
    jz L189
L194:
    jb L202
    times 4 nop
L195:
    jg L212
L196:
    jmp L216
L197:
    add eax, -254
    times 1 nop
L198:
    jb L212
L199:
    jmp L209
    times 1 nop
L200:
    jmp L186
    times 10 nop
L201:
    mov eax, L197 - L201
.sub:  dec ecx
    jnz .sub
L202:
    add eax, 154
L203:
    je L183
    times 2 nop
L204:
    jmp L190
    times 36 nop
L205:
    jmp L218
L206:
    call L89
.sub:  dec ecx
    jnz .sub
L207:
    call L244
.sub:  dec ecx
    jnz .sub
L208:
    add eax, -218
L209:
    jmp L203
.sub:  dec ecx
    jnz .sub
L210:
    add eax, -247
    times 36 nop
L211:
    call L135
    times 14 nop
.sub:  dec ecx
    jnz .sub
L212:
    jb L207
L213:
    jnc L168
    times 35 nop
L214:
    add eax, 147
L215:
    add eax, 299
    times 11 nop
.sub:  dec ecx
    jnz .sub
L216:
    jmp L206
.sub:  dec ecx
    jnz .sub
L217:
    jmp L237
    times 5 nop
L218:
    jmp L221
    times 35 nop
L219:
    jmp L196
    times 14 nop
L220:
    jmp L44
L221:
    jmp L207
L222:
    jmp L218
    times 17 nop
L223:
    jmp L223
L224:
    jz L205
    times 34 nop
L225:
    jnc L239
    times 6 nop
L226:
    jmp L239
    times 4 nop
.sub:  dec ecx
    jnz .sub
L227:
    jnz L218
L228:
    jle L218
L229:
    jmp L249
L230:
    add eax, 34
L231:
    jz L44
.sub:  dec ecx
    jnz .sub
L232:
    jmp L246
L233:
    add eax, -171
L234:
    mov eax, L236 - L234
L235:
    add eax, 31
    times 29 nop
L236:
    jmp L237
L237:
    jmp L236
L238:
    call L233
L239:
    jle L231
L240:
    jmp L52
    times 10 nop
L241:
    mov eax, L248 - L241
    times 7 nop
L242:
    jmp L246
.sub:  dec ecx
    jnz .sub
L243:
    add eax, 212
L244:
    jmp L249
    times 16 nop
L245:
    jb L251
L246:
    add eax, -66
L247:
    jne L267
L248:
    jle L238
L249:
    jmp L265
L250:
    jmp L230
L251:
    add eax, -77
    times 13 nop
L252:
    jmp L266
    times 31 nop
L253:
    call L267
L254:
    jz L94
L255:
    mov eax, L275 - L255
    times 18 nop
L256:
    jmp L262
L257:
    jz L256
L258:
    jmp L200
.sub:  dec ecx
    jnz .sub
L259:
    add eax, -103
L260:
    jmp L180
L261:
    mov eax, L259 - L261
L262:
    mov eax, L256 - L262
    times 25 nop
L263:
    add eax, -298
L264:
    jnz L264
L265:
    jmp L78
L266:
    jmp L166
.sub:  dec ecx
    jnz .sub
L267:
    add eax, -289
    times 5 nop
L268:
    jmp L257
.sub:  dec ecx
    jnz .sub
L269:
    jz L262
.sub:  dec ecx
    jnz .sub
L270:
    add eax, 261
L271:
    jmp L284
    times 29 nop
L272:
    jmp L278
    times 9 nop
L273:
    jnz L262
    times 11 nop
L274:
    add eax, 179
L275:
    jmp L282
L276:
    jmp L296
.sub:  dec ecx
    jnz .sub
L277:
    jmp L278
.sub:  dec ecx
    jnz .sub
L278:
    je L267
    times 27 nop
L279:
    jg L187
L280:
    mov eax, L287 - L280
L281:
    jmp L283
L282:
    jg L294
L283:
    mov eax, L283 - L283
.sub:  dec ecx
    jnz .sub
L284:
    add eax, 108
L285:
    jne L284
    times 13 nop
L286:
    jc L269
L287:
    call L272
    times 30 nop
L288:
    jmp L270
.sub:  dec ecx
    jnz .sub
L289:
    add eax, -158
L290:
    jmp L283
    times 2 nop
L291:
    call L27
L292:
    add eax, 289
L293:
    jmp L292
L294:
    add eax, 261
    times 31 nop
L295:
    jmp L275
    times 8 nop
L296:
    add eax, -168
L297:
    je L282
L298:
    call L280
    times 36 nop
L299:
    je L130
.sub:  dec ecx
    jnz .sub
    ret
