/* Deliberate CPU exceptions for the panic tests (boot option fault=<kind>). */
#ifndef COBALT_FAULT_H
#define COBALT_FAULT_H

#include <stdint.h>

/* The unmapped address fault=pf writes to (logged, and checked against CR2). */
#define FAULT_PF_TARGET 0xFFFFC00000001000ULL

/* Triggers the named fault (pf, ud, de, gp); returns only for an unknown kind. */
void fault_trigger(const char *kind);

#endif
