/* Cobalt's replacement for musl's src/thread/x86_64/__unmapself.s: a
 * detached thread unmaps its own stack and ends, touching no stack in
 * between: munmap (Cobalt call 12), then thread_exit (16). */
	.text
	.global __unmapself
	.type __unmapself,@function
__unmapself:
	mov $12,%eax
	syscall
	xor %edi,%edi
	mov $16,%eax
	syscall
	hlt
	.size __unmapself,.-__unmapself
