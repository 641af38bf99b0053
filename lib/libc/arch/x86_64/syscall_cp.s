/* Cobalt's replacement for musl's src/thread/x86_64/syscall_cp.s: a system
 * call that pthread_cancel can cancel.
 *
 * __syscall_cp_asm(&self->cancel, nr, u, v, w, x, y, z) asks the platform
 * layer to prepare the Linux call `nr` (lib/libc/src/syscall.c). When that
 * gives one Cobalt call, the trap happens here, between __cp_begin and
 * __cp_end, right after the last look at the cancel flag: a cancel signal
 * that arrives inside that range moves the pc to __cp_cancel
 * (musl's cancel_handler, through the ucontext that lib/libc/src/signal.c
 * builds), one that arrives after the trap instruction finds the call
 * interrupted (EINTR) and musl cancels then. Calls that prepare emulated
 * with several Cobalt calls return EINTR the same way. Then finish turns
 * the result into Linux's.
 *
 * The stack holds a struct cobalt_call (1144 bytes, COBALT_CALL_SIZE in
 * lib/libc/src/cobalt_impl.h) and a cookie while the call is made. */
	.text
	.global __cp_begin
	.hidden __cp_begin
	.global __cp_end
	.hidden __cp_end
	.global __cp_cancel
	.hidden __cp_cancel
	.hidden __cancel
	.hidden __cobalt_prepare
	.hidden __cobalt_finish
	.global __syscall_cp_asm
	.hidden __syscall_cp_asm
	.type   __syscall_cp_asm,@function
__syscall_cp_asm:
	mov (%rdi),%eax              /* cancelled already: nothing to undo */
	test %eax,%eax
	jnz 9f
	push %rbx
	push %rbp
	sub $1160,%rsp               /* the call, then the frame's cookie, then padding */
	mov %rdi,%rbx                /* the cancel flag */
	mov %rsp,%rbp                /* the struct cobalt_call */
	movabs $0x50436c61626f43,%rax
	mov %rax,1144(%rsp)          /* "CobalCP": this frame, for __cp_cancel */
	pushq 1192(%rsp)             /* z: __cobalt_prepare's 8th argument */
	pushq 1192(%rsp)             /* y: its 7th */
	mov %rbp,%rdi                /* nr, u, v, w, x are in place already */
	call __cobalt_prepare
	add $16,%rsp
	test %eax,%eax
	jz 2f
	mov 0(%rbp),%rax             /* the Cobalt call and its arguments */
	mov 8(%rbp),%rdi
	mov 16(%rbp),%rsi
	mov 24(%rbp),%rdx
	mov 32(%rbp),%r10
	mov 40(%rbp),%r8
	mov 48(%rbp),%r9
__cp_begin:
	mov (%rbx),%r11d
	test %r11d,%r11d
	jnz __cp_cancel
	syscall
__cp_end:
	mov %rax,%rsi
	jmp 3f
2:	mov 56(%rbp),%rsi            /* emulated: its result */
3:	mov %rbp,%rdi
	call __cobalt_finish
	movq $0,1144(%rsp)
	add $1160,%rsp
	pop %rbp
	pop %rbx
	ret

/* musl's cancel handler moves the pc here from inside [__cp_begin, __cp_end)
 * (our frame is on the stack: rsp = rbp and the cookie is there) or, for
 * asynchronous cancellation, from anywhere (the stack is someone else's:
 * leave it as it is). __cancel either ends the thread or, when cancellation
 * is masked, returns -ECANCELED to __syscall_cp_asm's caller. */
__cp_cancel:
	cmp %rsp,%rbp
	jne 9f
	movabs $0x50436c61626f43,%r11
	cmp %r11,1144(%rsp)
	jne 9f
	movq $0,1144(%rsp)
	add $1160,%rsp
	pop %rbp
	pop %rbx
9:	jmp __cancel
	.size __syscall_cp_asm,.-__syscall_cp_asm
