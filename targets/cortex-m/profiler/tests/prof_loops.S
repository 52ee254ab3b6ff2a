@ Hand-counted loops for the profiler tests. Each function marks (calls cmnn_profile_mark) right
@ before its loop and right after it, so the segment between the two marks holds exactly:
@   all instructions of cmnn_profile_mark (M, counted from the disassembly by the test)
@ + the loop: K instructions per iteration x n iterations
@ + the second "bl cmnn_profile_mark" (1).
    .syntax unified
    .thumb
    .text

@ void prof_loop_k3(unsigned n), n >= 1: 3 instructions per iteration.
    .global prof_loop_k3
    .type prof_loop_k3, %function
    .thumb_func
prof_loop_k3:
    push {r4, lr}
    mov r4, r0
    bl cmnn_profile_mark
1:  nop
    subs r4, r4, #1
    bne 1b
    bl cmnn_profile_mark
    pop {r4, pc}
    .size prof_loop_k3, . - prof_loop_k3

@ void prof_loop_k5(unsigned n), n >= 1: 5 instructions per iteration.
    .global prof_loop_k5
    .type prof_loop_k5, %function
    .thumb_func
prof_loop_k5:
    push {r4, lr}
    mov r4, r0
    bl cmnn_profile_mark
1:  adds r1, r1, #1
    eors r2, r2, r1
    nop
    subs r4, r4, #1
    bne 1b
    bl cmnn_profile_mark
    pop {r4, pc}
    .size prof_loop_k5, . - prof_loop_k5

@ void prof_empty_region(void): two marks back to back (segment = M + 1).
    .global prof_empty_region
    .type prof_empty_region, %function
    .thumb_func
prof_empty_region:
    push {r4, lr}
    bl cmnn_profile_mark
    bl cmnn_profile_mark
    pop {r4, pc}
    .size prof_empty_region, . - prof_empty_region

@ void prof_plain_k3(unsigned n), n >= 1: the k3 loop without marks (3n + 1 instructions).
    .global prof_plain_k3
    .type prof_plain_k3, %function
    .thumb_func
prof_plain_k3:
1:  nop
    subs r0, r0, #1
    bne 1b
    bx lr
    .size prof_plain_k3, . - prof_plain_k3

@ void prof_loop_page(unsigned n), n >= 1: 9 instructions per iteration, laid out across a 1 KiB
@ boundary B (QEMU's page on M-profile): the 32-bit add at B - 6 (label prof_page_end_insn) is the
@ instruction QEMU 7.2 reports as 6 bytes, because the translator reads the halfword at B - 2 to
@ see whether the next instruction (the 32-bit add at B - 2) crosses the page; that next one then
@ starts a new translation block. The profile must still say 4 bytes and no taken branch there.
    .global prof_loop_page
    .global prof_page_end_insn
    .type prof_loop_page, %function
    .balign 1024
    .skip 1024 - 24          @ filler, never executed: the function starts 24 bytes before B
    .thumb_func
prof_loop_page:
    push {r4, lr}            @ B - 24
    mov r4, r0               @ B - 22
    bl cmnn_profile_mark     @ B - 20
1:  nop                      @ B - 16
    nop
    nop
    nop
    nop                      @ B - 8
prof_page_end_insn:
    add.w r1, r1, #1         @ B - 6
    add.w r2, r2, #1         @ B - 2, crosses B
    subs r4, r4, #1
    bne 1b
    bl cmnn_profile_mark
    pop {r4, pc}
    .size prof_loop_page, . - prof_loop_page
    .if (prof_page_end_insn - prof_loop_page) != 18
    .error "prof_loop_page: the add must sit 6 bytes before the boundary"
    .endif
