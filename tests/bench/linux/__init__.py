"""The Linux guest of ./build.sh bench: building its /init and initramfs (see build.py)."""
