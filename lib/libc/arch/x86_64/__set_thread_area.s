/* Cobalt's replacement for musl's src/thread/x86_64/__set_thread_area.s:
 * set_fs_base (Cobalt call 14) with the thread pointer. It runs before TLS
 * exists, so it traps directly instead of going through the dispatcher. */
	.text
	.global __set_thread_area
	.hidden __set_thread_area
	.type __set_thread_area,@function
__set_thread_area:
	mov $14,%eax
	syscall
	ret
	.size __set_thread_area,.-__set_thread_area
