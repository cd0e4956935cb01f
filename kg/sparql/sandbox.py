"""Running a query so that it cannot reach the network, cannot run for ever and cannot
overflow the stack — the defence that holds even if the check of the query text is wrong.

`no_network()` installs a seccomp filter on the calling thread (and the threads it
starts afterwards): creating an IPv4 or IPv6 socket fails with EACCES, and so does
io_uring (which could create sockets behind seccomp's back). Unix sockets and pipes,
which the endpoint's workers use to talk to the server, still work. Oxigraph opens a
TCP connection for SERVICE, so even a SERVICE that a check missed fails there.

`bounded(fn, timeout)` runs `fn` in such a thread, with a large stack, and gives up
after `timeout` seconds; pyoxigraph releases the GIL while it evaluates, so the
waiting thread stays free to notice Ctrl-C or the time limit.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import sys
import threading

from ..errors import QueryError

#: Stack of a query thread: Oxigraph parses and evaluates recursively.
QUERY_STACK = 256 << 20

# seccomp BPF (linux/filter.h, linux/seccomp.h)
_LD_W_ABS, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000
_AF_INET, _AF_INET6 = 2, 10
#: machine -> (audit arch, socket(2), io_uring_setup(2))
_ARCH = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2


class QueryTimeout(QueryError):
    """The query ran past its time limit."""

    hint = "narrow it down (LIMIT, a more specific pattern), or give it longer with --timeout"


class _Insn(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]


class _Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Insn))]


def _program(arch: int, nr_socket: int, nr_uring: int) -> list[tuple[int, int, int, int]]:
    deny = _ERRNO | errno.EACCES
    return [
        (_LD_W_ABS, 0, 0, 4),             # the calling convention
        (_JEQ, 1, 0, arch),
        (_RET, 0, 0, deny),               # another ABI (32-bit calls on a 64-bit kernel): nothing
        (_LD_W_ABS, 0, 0, 0),             # the system call number
        (_JGE, 0, 1, 0x40000000),         # x32 numbers
        (_RET, 0, 0, deny),
        (_JEQ, 0, 1, nr_uring),
        (_RET, 0, 0, deny),
        (_JEQ, 0, 4, nr_socket),
        (_LD_W_ABS, 0, 0, 16),            # socket's first argument, the address family
        (_JEQ, 1, 0, _AF_INET),
        (_JEQ, 0, 1, _AF_INET6),
        (_RET, 0, 0, deny),
        (_RET, 0, 0, _ALLOW),
    ]


def no_network() -> bool:
    """Forbid network sockets to this thread and the threads it starts. False where the system
    cannot do it (not Linux on x86_64 or aarch64); then only the check of the query text holds."""
    arch = _ARCH.get(platform.machine())
    if not sys.platform.startswith("linux") or arch is None:
        return False
    insns = _program(*arch)
    array = (_Insn * len(insns))(*(_Insn(*i) for i in insns))
    prog = _Prog(len(insns), array)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0


def _detached(e: BaseException) -> BaseException:
    """The exception without its tracebacks, which hold the query thread's frames: pyoxigraph's results
    must be dropped on the thread that made them. An unexpected error keeps its traceback as text."""
    import traceback

    from ..errors import KGError

    if not isinstance(e, KGError):
        e.add_note("".join(traceback.format_exception(e)).rstrip())
    seen: set[int] = set()
    todo: list[BaseException | None] = [e]
    while todo:
        x = todo.pop()
        if x is None or id(x) in seen:
            continue
        seen.add(id(x))
        x.__traceback__ = None
        todo += [x.__cause__, x.__context__]
    return e


def start_thread(target, name: str) -> threading.Thread:
    """A daemon thread with a stack large enough for the deepest query the check lets through."""
    old = threading.stack_size()
    threading.stack_size(QUERY_STACK)
    try:
        t = threading.Thread(target=target, name=name, daemon=True)
        t.start()
    finally:
        threading.stack_size(old)
    return t


def bounded(fn, timeout: float | None, network: bool = False):
    """fn() in a thread with a large stack and, unless `network`, without network access; QueryTimeout
    past `timeout` seconds (None: no limit). Ctrl-C in the calling thread raises KeyboardInterrupt at
    once; the query thread, which nothing can stop, ends with the process."""
    box: dict = {}

    def target():
        try:
            if not network:
                no_network()
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            box["error"] = _detached(e)

    t = start_thread(target, "kg-query")
    t.join(timeout)
    if t.is_alive():
        raise QueryTimeout(f"the query ran past the time limit of {timeout:g} s and was stopped")
    if "error" in box:
        raise box["error"]
    return box["value"]
