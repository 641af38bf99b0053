/* Input echo mode (boot option echo=input): the kernel reports raw input on
 * the harness channel and shows it on screen, proving the harness's input
 * path before any driver exists. */
#ifndef COBALT_INPUT_ECHO_H
#define COBALT_INPUT_ECHO_H

#include <stdbool.h>

void input_echo_init(void);
/* Drains every input queue, reporting each event; redraws when anything
 * changed. Returns true when an event was handled. */
bool input_echo_drain(void);

#endif
