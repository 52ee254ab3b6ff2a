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
