# The rules every SDK library under lib/ shares (libscheme, libtest,
# libwindow, libtext): compile src/*.c with the SDK compiler, archive them
# into $(LIB), copy the public headers into the sysroot. A library's Makefile
# sets NAME, SRCS, HEADERS (installed paths), DEPS (extra prerequisites of
# every object) and EXTRA_CFLAGS, then includes this file. BUILD, CC, LIB
# and HEADERS may be overridden from the command line (libtext's Linux build).
SYSROOT ?= ../../sysroot
BUILD   ?= ../../build/$(NAME)
AR      := ar
OBJ     := $(BUILD)/obj
LIB     ?= $(SYSROOT)/usr/lib/$(NAME).a
ifeq ($(origin CC),default)
CC      := $(SYSROOT)/bin/cobalt-cc
endif

CFLAGS  := -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wstrict-prototypes \
           -Wmissing-prototypes -Iinclude $(EXTRA_CFLAGS) -MMD -MP
OBJS    := $(SRCS:src/%.c=$(OBJ)/%.o)

all: $(LIB) $(HEADERS)

$(OBJ)/%.o: src/%.c $(wildcard include/cobalt/*.h) $(DEPS) Makefile ../sdklib.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@.tmp
	$(AR) rcs $@.tmp $^
	mv $@.tmp $@

$(SYSROOT)/usr/include/cobalt/%.h: include/cobalt/%.h
	cp $< $@

clean:
	rm -rf $(BUILD) $(LIB) $(HEADERS)

.PHONY: all clean
-include $(wildcard $(OBJ)/*.d)
