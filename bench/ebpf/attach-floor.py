#!/usr/bin/env python3
"""Attaches near-empty BPF programs to the given points with the bpf() system call, prints
'attached' and holds them until its standard input closes. Used by attach-floor.sh to measure what
an attach point costs a workload before a program does any work. Needs root; 'btf' and 'fentry'
also need bpftool to find the kernel's type ids.

  attach-floor.py KIND:NAME...
    raw:sys_enter        an empty raw-tracepoint program (what libbpf calls raw_tp)
    rawid:sys_exit       a raw-tracepoint program on sys_enter or sys_exit that reads the system
                         call's number from the saved registers and compares it with openat's: the
                         least a filter of interesting calls does
    btf:sys_enter        an empty BTF raw-tracepoint program (tp_btf, Falco's modern_ebpf driver)
    fentry:do_sys_openat2  an empty fentry program on a kernel function

Exits with status 3 and one line on standard error when the kernel refuses a program.
"""
import ctypes
import os
import struct
import subprocess
import sys

SYS_BPF = 321  # x86-64
PROG_LOAD, RAW_TRACEPOINT_OPEN = 5, 17
RAW_TRACEPOINT, TRACING = 17, 26
TRACE_RAW_TP, TRACE_FENTRY = 23, 24
ORIG_AX = 120  # offset of orig_ax in x86-64 struct pt_regs
OPENAT = 257
PROBE_READ_KERNEL = 113

libc = ctypes.CDLL(None, use_errno=True)
kept = []


def insn(op, dst=0, src=0, off=0, imm=0):
    return struct.pack("<BBhi", op, dst | (src << 4), off, imm)


EMPTY = insn(0xB7) + insn(0x95)  # r0 = 0; exit
SYSCALL_ID = b"".join([
    insn(0x79, 3, 1, 0),           # r3 = ctx->args[0] (struct pt_regs *)
    insn(0x07, 3, 0, 0, ORIG_AX),  # r3 += offsetof(orig_ax)
    insn(0xBF, 1, 10),             # r1 = r10
    insn(0x07, 1, 0, 0, -8),       # r1 -= 8
    insn(0xB7, 2, 0, 0, 8),        # r2 = 8
    insn(0x85, 0, 0, 0, PROBE_READ_KERNEL),
    insn(0x79, 0, 10, -8),         # r0 = the call's number
    insn(0x55, 0, 0, 1, OPENAT),   # not openat: skip the next instruction
    insn(0xB7, 0, 0, 0, 1),        # (the work for an interesting call would start here)
    insn(0xB7), insn(0x95),
])


def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(bytes(attr), len(attr))
    fd = libc.syscall(SYS_BPF, cmd, buf, len(attr))
    return fd, (os.strerror(ctypes.get_errno()) if fd < 0 else "")


def btf_id(kind, name):
    dump = subprocess.run(["bpftool", "btf", "dump", "file", "/sys/kernel/btf/vmlinux"],
                          capture_output=True, text=True, check=True).stdout
    needle = "%s '%s'" % (kind, name)
    for line in dump.splitlines():
        if needle in line:
            return int(line[1:line.index("]")])
    sys.exit("attach-floor.py: the kernel's BTF has no %s" % needle)


def attach(spec):
    kind, name = spec.split(":", 1)
    code, prog_type, attach_type, target = EMPTY, RAW_TRACEPOINT, 0, 0
    if kind == "rawid":
        code = SYSCALL_ID
    elif kind == "btf":
        prog_type, attach_type, target = TRACING, TRACE_RAW_TP, btf_id("TYPEDEF", "btf_trace_" + name)
    elif kind == "fentry":
        prog_type, attach_type, target = TRACING, TRACE_FENTRY, btf_id("FUNC", name)
    elif kind != "raw":
        sys.exit("attach-floor.py: unknown kind %r" % kind)
    insns = ctypes.create_string_buffer(code, len(code))
    licence = ctypes.create_string_buffer(b"GPL")
    log = ctypes.create_string_buffer(1 << 16)
    attr = bytearray(144)
    struct.pack_into("IIQQIIQ", attr, 0, prog_type, len(code) // 8, ctypes.addressof(insns),
                     ctypes.addressof(licence), 1, len(log), ctypes.addressof(log))
    struct.pack_into("I", attr, 68, attach_type)
    struct.pack_into("I", attr, 108, target)
    prog, error = bpf(PROG_LOAD, attr)
    if prog < 0:
        sys.stderr.write("attach-floor.py: the kernel refused to load %s: %s %s\n"
                         % (spec, error, log.value.decode(errors="replace").strip()[-200:]))
        sys.exit(3)
    point = ctypes.create_string_buffer(name.encode()) if kind in ("raw", "rawid") else None
    open_attr = bytearray(16)
    struct.pack_into("QI", open_attr, 0, ctypes.addressof(point) if point else 0, prog)
    link, error = bpf(RAW_TRACEPOINT_OPEN, open_attr)
    if link < 0:
        sys.stderr.write("attach-floor.py: the kernel refused to attach %s: %s\n" % (spec, error))
        sys.exit(3)
    kept.extend([insns, licence, point, prog, link])


for spec in sys.argv[1:]:
    attach(spec)
print("attached", flush=True)
sys.stdin.read()
