# The service list of the file-system schemes' test (SCFS*, packed as
# etc/services.fs): bin/fstest runs init with it (docs/init.md, docs/schemes.md).
initfs      bin/initfs    io
nullzero    bin/nullzero  after=initfs
tmpfs       bin/tmpfs     after=initfs
logd        bin/logd      after=initfs
timed       bin/timed     io after=initfs
