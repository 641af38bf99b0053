/* Cobalt's replacement for musl's src/thread/x86_64/clone.s:
 * __clone(func, stack, flags, arg, ptid, tls, ctid) runs func(arg) on stack
 * in a new thread or a new process.
 *
 * CLONE_THREAD (pthread_create): thread_create (Cobalt call 15) with the
 *   TLS base (CLONE_SETTLS) and the word the kernel clears and wakes at the
 *   thread's exit (CLONE_CHILD_CLEARTID). The tid is stored at ptid
 *   (CLONE_PARENT_SETTID) by the parent and by the child itself, so it is
 *   there before func runs. func's return value ends the thread
 *   (thread_exit, 16).
 * Anything else (posix_spawn's CLONE_VM | CLONE_VFORK): fork (22); the
 *   child runs func(arg) on stack and exits (2) with its value. Memory is
 *   copy-on-write instead of shared and the parent does not wait: nothing
 *   posix_spawn's child writes reaches the parent (docs/libc.md). */
	.text
	.global __clone
	.hidden __clone
	.type   __clone,@function
__clone:
	test $0x10000,%edx           /* CLONE_THREAD */
	jnz 1f

	push %rbx
	push %r12
	push %r13
	mov %rdi,%rbx                /* func */
	mov %rcx,%r12                /* arg */
	mov %rsi,%r13                /* stack */
	mov $22,%eax                 /* fork */
	syscall
	test %rax,%rax
	jnz 2f
	xor %ebp,%ebp                /* the child */
	mov %r13,%rsp
	and $-16,%rsp
	mov %r12,%rdi
	call *%rbx
	mov %eax,%edi
	mov $2,%eax                  /* exit */
	syscall
	hlt
2:	pop %r13                     /* the parent: the pid, or -errno */
	pop %r12
	pop %rbx
	ret

1:	mov 8(%rsp),%r11             /* ctid */
	and $-16,%rsi
	sub $32,%rsi                 /* the start block: func, arg, ptid */
	mov %rdi,(%rsi)
	mov %rcx,8(%rsi)
	xor %eax,%eax
	test $0x100000,%edx          /* CLONE_PARENT_SETTID */
	cmovnz %r8,%rax
	mov %rax,16(%rsi)
	xor %r10d,%r10d
	test $0x80000,%edx           /* CLONE_SETTLS */
	cmovnz %r9,%r10
	xor %r8d,%r8d
	test $0x200000,%edx          /* CLONE_CHILD_CLEARTID */
	cmovnz %r11,%r8
	push %rax                    /* ptid, for the parent */
	lea 3f(%rip),%rdi            /* entry */
	mov %rsi,%rdx                /* its rdi: the start block (= its rsp) */
	mov $15,%eax                 /* thread_create(entry, stack, arg, fs, clear_tid) */
	syscall
	pop %rcx
	test %eax,%eax
	jle 4f
	test %rcx,%rcx
	jz 4f
	mov %eax,(%rcx)
4:	ret

3:	xor %ebp,%ebp                /* the new thread, rsp = the start block */
	mov 16(%rsp),%rbx
	test %rbx,%rbx
	jz 5f
	mov $17,%eax                 /* gettid */
	syscall
	mov %eax,(%rbx)
5:	mov 8(%rsp),%rdi
	mov (%rsp),%rax
	call *%rax
	mov %eax,%edi
	mov $16,%eax                 /* thread_exit */
	syscall
	hlt
	.size __clone,.-__clone
