// SIGINT/SIGTERM for a run: the first one asks the run to stop and report
// what it has; a second one ends the process at once. Process-wide, because
// signal dispositions are.
//
// Written by hand rather than with asio::signal_set, which cannot tell a
// first signal from a second while the io_context thread is blocked (say,
// writing to a full pipe): its handler only queues work for that thread.
#pragma once

namespace urlcheck {

// Installs the handlers (idempotent). Blocked system calls restart
// (SA_RESTART), so a first signal never turns a report write into an EINTR
// write error.
void install_interrupt_handlers();

// The first SIGINT/SIGTERM received since install, or 0.
int interrupt_signal() noexcept;

// Readable once a first signal arrived (one byte per process, never
// drained): what the engine's io_context waits on. -1 before install.
int interrupt_descriptor() noexcept;

}  // namespace urlcheck
