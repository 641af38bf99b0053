/* Exceptions from user mode (see proc/user_fault.c). */
#ifndef COBALT_USER_FAULT_H
#define COBALT_USER_FAULT_H

struct trap_frame;

/* Resolves the fault or ends the current process; returns only if resolved. */
void user_exception(struct trap_frame *f);

#endif
