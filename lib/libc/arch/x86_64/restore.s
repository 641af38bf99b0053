/* Cobalt's replacement for musl's src/signal/x86_64/restore.s: the restorer
 * of every signal handler (lib/libc/src/signal.c installs it). The handler's
 * `ret` lands here with rsp just above the kernel's signal frame, and
 * sigreturn (Cobalt call 26) takes that frame back. It never returns. */
	.text
	.global __restore_rt
	.hidden __restore_rt
	.type __restore_rt,@function
__restore_rt:
	mov $26,%eax
	syscall
	hlt
	.size __restore_rt,.-__restore_rt
