// Force-included into the sans-I/O layers (urlcheck_policy, urlcheck_cli):
// they may use Asio's vocabulary types (error codes, ip::address) but none
// of its I/O. Every Asio header that does I/O (sockets, timers, executors,
// awaitable) declares io_context, so poisoning that one name is enough. An
// "attempt to use poisoned" error means the file belongs in urlcheck_io.
#pragma GCC poison io_context
