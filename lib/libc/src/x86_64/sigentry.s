/* __cobalt_sigentry: the handler the kernel runs for every signal that has
 * one (lib/libc/src/signal.c). The kernel enters it with rdi = the signal
 * and rsp pointing at its signal frame, whose first word is the restorer
 * (__restore_rt, restore.s). __cobalt_signal_dispatch(sig, frame) runs the
 * program's handler with a siginfo_t and a ucontext_t made from the frame;
 * the `ret` then goes to the restorer, which calls sigreturn. */
	.text
	.global __cobalt_sigentry
	.hidden __cobalt_sigentry
	.hidden __cobalt_signal_dispatch
	.type __cobalt_sigentry,@function
__cobalt_sigentry:
	mov %rsp,%rsi
	sub $8,%rsp                  /* entered as if called: align for the call */
	call __cobalt_signal_dispatch
	add $8,%rsp
	ret
	.size __cobalt_sigentry,.-__cobalt_sigentry
