package dev.kestrel.sensor.ebpf;

import java.util.List;

/**
 * Writes the programs on a process's life for {@link BpftraceScript}: the three programs of an exec,
 * the exec calls' entries and failures, the clone family's entries and failures, and the one record
 * per new thread or process. Stateless.
 */
final class ProcessPrograms {

    /** The exe flag of a program its process may write (Falco's {@code PPM_EXE_WRITABLE}). */
    static final long EXE_WRITABLE = 1;
    /** {@code SB_RDONLY}, a read-only file system's superblock flag. */
    static final long SB_RDONLY = 1;
    /** {@code S_IMMUTABLE}, an immutable inode's flag. */
    static final long S_IMMUTABLE = 8;
    /** {@code CAP_DAC_OVERRIDE} (1) and {@code CAP_FOWNER} (3), as bits of a capability set. */
    static final long DAC_OVERRIDE_OR_FOWNER = (1L << 1) | (1L << 3);
    /** Steps of the binary search of the supplementary groups: enough for the kernel's most, {@code NGROUPS_MAX} (65,536). */
    static final int GROUP_SEARCH_STEPS = 17;
    /** The exe flag of a program run from a memfd (Falco's {@code PPM_EXE_FROM_MEMFD}). */
    static final long EXE_FROM_MEMFD = 4;
    /** The exe flag of a program whose file is in an overlay's upper (writable) layer ({@code PPM_EXE_UPPER_LAYER}). */
    static final long EXE_UPPER_LAYER = 2;
    /** The exe flag of a program whose file is in an overlay's lower (image) layers ({@code PPM_EXE_LOWER_LAYER}). */
    static final long EXE_LOWER_LAYER = 8;
    /** {@code OVERLAYFS_SUPER_MAGIC}, the superblock magic of an overlay file system. */
    static final long OVERLAY_MAGIC = 0x794c7630L;

    /** The map of exe-file keys whose path was walked this period. */
    static final String EXE_SEEN = "@exe_seen";
    /** Where {@code struct mount} keeps its {@code struct vfsmount} (after a hash node and two pointers, since Linux 3.3). */
    static final int MOUNT_OF_VFSMOUNT = 32;
    /** How often the exe files are walked again, at most. */
    static final int EXE_PATH_PERIOD_SECONDS = 30;

    private ProcessPrograms() {
    }

    /**
     * The four programs of a successful exec: its header (queued), its cgroup's names and file name,
     * its argument area in chunks of {@link BpftraceScript#ARG_CHUNK_BYTES}, and its program's path.
     */
    static void exec(StringBuilder b, String self, KernelLayout layout, int maxArgBytes, KernelQueues queues) {
        int subsystem = layout.cgroupSubsystem();
        String parent = layout.kernfsParent();
        String cgroup = subsystem >= 0 ? "$t->cgroups->subsys[" + subsystem + "]->cgroup->kn" : "$t->cgroups->dfl_cgrp->kn";
        // Four programs on the same tracepoint (they run in this order), so each stays within the BPF stack.
        b.append("tracepoint:sched:sched_process_exec ").append(self).append("{\n")
                .append("  $ts = nsecs; @exec_ts[tid] = $ts; $t = curtask; $mm = $t->mm;\n")
                .append("  $len = $mm->arg_end - $mm->arg_start;\n")
                .append("  $tty = $t->signal->tty; $ttynr = (uint64)0;\n")
                .append("  if ($tty != 0) {\n")
                .append("    $major = (uint64)$tty->driver->major; $minor = (uint64)$tty->driver->minor_start + (uint64)$tty->index;\n")
                .append("    $ttynr = ($minor & 0xff) | ($major << 8) | (($minor & ~0xff) << 12);\n")
                .append("  }\n")
                // A program run from a memfd: its file is named "memfd:..." and is its own parent, in no directory
                // (Falco's exe flag 4, proc.is_exe_from_memfd).
                .append("  $xf = (uint64)0; $d = $mm->exe_file->f_path.dentry;\n")
                .append("  if ($d == $d->d_parent && strncmp(str($d->d_name.name, 7), \"memfd:\", 6) == 0) { $xf = (uint64)")
                .append(EXE_FROM_MEMFD).append("; }\n")
                .append(exeWritable(layout))
                // A program on an overlay (a container's root): the overlay's inode is followed by its upper
                // dentry, set once the file is in the writable layer (written or copied up since the
                // container started), so proc.is_exe_upper_layer drives "Drop and execute new binary in container".
                .append("  if ($d->d_sb->s_magic == ").append(OVERLAY_MAGIC).append(") {\n")
                .append("    $layer = (uint64)").append(EXE_LOWER_LAYER).append(";\n")
                .append("    $up = *(uint64 *)((uint64)$d->d_inode + sizeof(struct inode));\n")
                .append("    if ($up != 0) { if (((struct dentry *)$up)->d_inode->i_ino != 0) { $layer = (uint64)")
                .append(EXE_UPPER_LAYER).append("; } }\n")
                .append("    $xf = $xf | $layer;\n")
                .append("  }\n")
                .append("  $kn = ").append(cgroup).append("; $cg = $kn->id;\n")
                .append(namespacePid())
                .append("  ").append(queues.store('E', "%llu|%d|%d|%d|%u|%u|%u|%u|%llu|%llu|%llu|%llu|%llu|%llu|%llu|%d|%s", List.of("$ts", "tid",
                        "pid", "$t->real_parent->tgid", "$t->cred->uid.val", "$t->cred->euid.val", "$t->cred->egid.val", "$t->loginuid.val",
                        "$ttynr", "$len", "$cg", layout.capabilities("$t->cred", "cap_inheritable"),
                        layout.capabilities("$t->cred", "cap_permitted"), layout.capabilities("$t->cred", "cap_effective"),
                        "$xf", "$vp", "comm")))
                .append("\n")
                .append("}\n");
        b.append("tracepoint:sched:sched_process_exec ").append(self).append("{\n")
                .append("  $kn = ").append(cgroup.replace("$t->", "curtask->")).append("; $cg = $kn->id;\n")
                .append("  if (@cgroup_seen[$cg] == 0) {\n")
                .append("    @cgroup_seen[$cg] = 1; $k = $kn; $level = 0;\n")
                .append("    while ($level < ").append(CgroupNames.PRINTED_LEVELS).append(" && $k != 0) {\n")
                .append("      printf(\"G|%llu|%d|%s\\n\", $cg, $level, str($k->name)); $k = $k->").append(parent)
                .append("; $level++;\n")
                .append("    }\n")
                .append("  }\n")
                // The key again, as in the walk's program: the walk does not fit this program's BPF stack,
                // and handing the key over in a map would cost more than the few reads that make it.
                .append(exePathKey())
                // The exec'ing thread had its own id before a multi-threaded exec made it the leader.
                .append("  $e = @ex[args->old_pid]; $call = $e.0; delete(@ex[args->old_pid]);\n")
                // the exe file's inode and times (the header, queued, has no room for them)
                .append("  $in = $xd->d_inode;\n")
                .append("  printf(\"F|%llu|%d|%d|%llu|%llu|%llu|%llu|%s\\n\", @exec_ts[tid], tid, $call, $xk, $in->i_ino, ")
                .append(layout.inodeTimes().nanos("$in", true)).append(", ").append(layout.inodeTimes().nanos("$in", false))
                .append(", str(args->filename)); delete(@exec_ts[tid]);\n")
                .append("}\n");
        // A removed cgroup of the hierarchy that names containers is forgotten, here and by the reader, so
        // both hold only live cgroups (kernfs ids are never reused).
        b.append("tracepoint:cgroup:cgroup_rmdir /args->root == ").append(layout.cgroupHierarchy()).append("/ {")
                .append(" if (@cgroup_seen[args->id]) { delete(@cgroup_seen[args->id]); printf(\"O|%llu|%llu\\n\", nsecs, args->id); } }\n");
        b.append("tracepoint:sched:sched_process_exec ").append(self).append("{\n")
                .append("  $mm = curtask->mm;\n")
                .append("  $len = $mm->arg_end - $mm->arg_start;\n")
                .append("  $off = (uint64)0;\n")
                .append("  while ($off < $len && $off < ").append(maxArgBytes).append(") {\n")
                .append("    $n = $len - $off; if ($n > ").append(BpftraceScript.ARG_CHUNK_BYTES).append(") { $n = ").append(BpftraceScript.ARG_CHUNK_BYTES).append("; }\n")
                .append("    printf(\"A|%d|%llu|%r\\n\", tid, $off, buf(uptr($mm->arg_start + $off), $n));\n")
                .append("    $off += ").append(BpftraceScript.ARG_CHUNK_BYTES).append(";\n")
                .append("  }\n")
                .append("}\n");
        exePathWalk(b, self);
    }

    /**
     * Sets {@code $xk}, the key of the exe file ({@code $ef}) as this process reaches it: its dentry
     * ({@code $xd}), name and parent, its mount ({@code $xm}) and the process's root ({@code $rd},
     * {@code $rm}).
     */
    static String exePathKey() {
        return "  $ef = curtask->mm->exe_file; $xd = $ef->f_path.dentry; $xm = (uint64)$ef->f_path.mnt - " + MOUNT_OF_VFSMOUNT + ";\n"
                + "  $rd = (uint64)curtask->fs->root.dentry; $rm = (uint64)curtask->fs->root.mnt - " + MOUNT_OF_VFSMOUNT + ";\n"
                + "  $xk = ((uint64)$xd * 0x1E3779B97F4A7C15) ^ ((uint64)$xd->d_parent * 0x42B2AE3D27D4EB4F) ^ ($xd->d_name.hash_len * 0x165667B19E3779F9)"
                + " ^ ($xm * 0x27D4EB2F165667C5) ^ ($rd * 0x7F51AFD7ED558CCD) ^ ($rm * 0x4CF5AD432745937F);\n";
    }

    /**
     * The program that walks the exe file's path up to the process's root, crossing mount points, the
     * first time its key ({@link #exePathKey}) is seen in a period ({@code D} lines, {@link ExePaths}):
     * Falco's trusted exe path, which follows symbolic links, unlike the exec'd name. Every period the
     * program forgets the keys and says so ({@code H}, {@link #exePathPeriod}), so a path renamed higher
     * up is walked again.
     */
    static void exePathWalk(StringBuilder b, String self) {
        b.append("tracepoint:sched:sched_process_exec ").append(self).append("{\n").append(exePathKey())
                .append("  if (" + EXE_SEEN + "[$xk] == 0) {\n"
                + "    " + EXE_SEEN + "[$xk] = 1; $i = 0; $n = 0; $end = " + ExePaths.TOO_DEEP + ";\n"
                // where struct mount keeps its vfsmount, checked: a wrong place would make wrong paths
                + "    if ((uint64)((struct mount *)$xm)->mnt.mnt_root != (uint64)$ef->f_path.mnt->mnt_root) { $end = "
                + ExePaths.LAYOUT_UNEXPECTED + "; $i = " + ExePaths.WALKED_LEVELS + "; }\n"
                + "    while ($i < " + ExePaths.WALKED_LEVELS + ") {\n"
                + "      $i++;\n"
                + "      if ((uint64)$xd == $rd && $xm == $rm) { $end = " + ExePaths.REACHED_ROOT + "; break; }\n"
                + "      if ((uint64)$xd == (uint64)((struct mount *)$xm)->mnt.mnt_root) {\n"
                + "        $pm = (uint64)((struct mount *)$xm)->mnt_parent;\n"
                + "        if ($pm == $xm) { $end = " + ExePaths.MOUNT_WITHOUT_PARENT + "; break; }\n"
                + "        $xd = ((struct mount *)$xm)->mnt_mountpoint; $xm = $pm; continue;\n"
                + "      }\n"
                + "      printf(\"D|%llu|%d|%s\\n\", $xk, $n, str($xd->d_name.name)); $n++;\n"
                // a dentry that is its own parent and no mount's root: a memfd's, or one cut off its tree
                + "      if ($xd == $xd->d_parent) { $end = " + ExePaths.OWN_PARENT + "; break; }\n"
                + "      $xd = $xd->d_parent;\n"
                + "    }\n"
                + "    printf(\"D|%llu|-1|%d|%d\\n\", $xk, $end, $n);\n"
                + "  }\n"
                + "}\n");
    }

    /** The program that makes the exe-path walks' keys forgotten every {@code seconds}, and says so. */
    static void exePathPeriod(StringBuilder b, int seconds) {
        b.append("interval:s:").append(seconds).append(" { clear(").append(EXE_SEEN).append("); printf(\"H|%llu\\n\", nsecs); }\n");
    }

    /**
     * Sets {@code $in}, the exe file's inode, and adds Falco's exe flag 1 ({@code PPM_EXE_WRITABLE},
     * {@code proc.is_exe_writable}) to {@code $xf} when the exec'ing credentials may write the file, as
     * Falco's drivers judge it: not on a read-only file system nor immutable, and then its owner, or
     * the write bit of its group (the process's file-system group or one of its supplementary groups)
     * or of others, or the capability to override
     * file permissions ({@code CAP_DAC_OVERRIDE}, {@code CAP_FOWNER}). User-namespace id mapping and
     * ACLs are not looked at.
     */
    static String exeWritable(KernelLayout layout) {
        return "  $in = $d->d_inode; $cr = curtask->cred;\n"
                + "  if (($in->i_sb->s_flags & " + SB_RDONLY + ") == 0 && ($in->i_flags & " + S_IMMUTABLE + ") == 0) {\n"
                + "    if ($cr->fsuid.val == $in->i_uid.val) { $xf = $xf | " + EXE_WRITABLE + "; }\n"
                + "    else {\n"
                + "      $mode = (uint64)$in->i_mode; $gi = $cr->group_info; $gid = (uint64)$in->i_gid.val;\n"
                + "      $ingroup = $cr->fsgid.val == $in->i_gid.val ? 1 : 0;\n"
                // the kernel keeps the supplementary groups sorted: a binary search, as its own groups_search
                + "      $lo = (uint64)0; $hi = (uint64)$gi->ngroups; $j = 0;\n"
                + "      while ($ingroup == 0 && $lo < $hi && $j < " + GROUP_SEARCH_STEPS + ") {\n"
                + "        $mid = ($lo + $hi) >> 1;\n"
                + "        $g = (uint64)*(uint32 *)((uint64)$gi + sizeof(struct group_info) - sizeof(curtask->cred->group_info->gid) + $mid * 4);\n"
                + "        if ($g == $gid) { $ingroup = 1; } else { if ($g < $gid) { $lo = $mid + 1; } else { $hi = $mid; } }\n"
                + "        $j++;\n"
                + "      }\n"
                + "      if ($ingroup) { $mode = $mode >> 3; }\n"
                + "      if (($mode & 2) != 0 || (" + layout.capabilities("$cr", "cap_effective") + " & " + DAC_OVERRIDE_OR_FOWNER + ") != 0) {"
                + " $xf = $xf | " + EXE_WRITABLE + "; }\n"
                + "    }\n"
                + "  }\n";
    }

    /**
     * Sets {@code $vp}, the exec'ing process's id in its own PID namespace (its thread's number at
     * the pid's deepest level). The numbers end {@code struct pid}: a one-element array before Linux
     * 6.5, inside its {@code sizeof}, and a flexible array since, after it; the array's own size
     * (16 bytes or 0) tells them apart.
     */
    static String namespacePid() {
        return "  $vo = sizeof(struct pid) - sizeof(curtask->thread_pid->numbers);\n" + namespaceNumber("curtask->thread_pid", "$vp");
    }

    /** Sets {@code var} to the number at its deepest level of the {@code struct pid} {@code pid} (needs {@code $vo}, see {@link #namespacePid}). */
    private static String namespaceNumber(String pid, String var) {
        return "  " + var + " = *(int32 *)((uint64)" + pid + " + $vo + (uint64)" + pid + "->level * sizeof(struct upid));\n";
    }

    /**
     * execve and execveat: the call's target is saved at entry; a failure prints a {@code Y} line
     * (the process keeps its program); a success is printed by the exec programs, which read here
     * which of the two calls it was.
     */
    static void execCall(StringBuilder b, String self, String call) {
        boolean at = call.equals("execveat");
        b.append("tracepoint:syscalls:sys_enter_").append(call).append(' ').append(self)
                .append("{ @ex[tid] = (").append(at ? "2, (int64)args->fd" : "1, (int64)-100")
                .append(", (uint64)args->filename); }\n");
        b.append("tracepoint:syscalls:sys_exit_").append(call).append(' ').append(self).append("{\n")
                .append("  $a = @ex[tid]; delete(@ex[tid]);\n")
                .append("  if (args->ret < 0) {\n")
                .append("    if ($a.0 != 0) {\n")
                .append("      printf(\"Y|%llu|%d|%d|%d|%d|%d|%s\\n\", nsecs, tid, pid, args->ret, $a.0, $a.1, str(uptr($a.2)));\n")
                .append("    } else { ").append(CallPrograms.ENTRIES_MISSING).append("[cpu]++; }\n")
                .append("  }\n")
                .append("}\n");
    }

    /**
     * A clone-family call: its entry saves the call and its flags; its exit prints only a failure, and,
     * in a child of a PID namespace other than the host's (a container's), queues the child's ids there
     * ({@code V}), which only the child's own task has: they name the fork's child-side report.
     */
    static void clone(StringBuilder b, String notSelf, String call, KernelQueues queues) {
        String flags = switch (call) {
            case "clone" -> "(uint64)args->clone_flags";
            case "clone3" -> "*(uint64 *)uptr(args->uargs)";
            case "vfork" -> "(uint64)0x4100";
            default -> "(uint64)0";
        };
        // Not filtered by process: the untraced process's children are reported (its threads are not).
        b.append("tracepoint:syscalls:sys_enter_").append(call).append(" { @cl[tid] = (")
                .append(BpftraceScript.CLONE_CALLS.indexOf(call) + 1).append(", ").append(flags).append("); }\n");
        b.append("tracepoint:syscalls:sys_exit_").append(call).append(" {\n")
                .append("  $r = args->ret;\n")
                .append("  if ($r != 0) {\n")
                .append("    $c = @cl[tid]; delete(@cl[tid]);\n")
                .append("    if ($r < 0 && ").append(notSelf).append(") { printf(\"C|")
                .append(call).append("|%llu|%d|%d|%d|%llu|0\\n\", nsecs, tid, pid, $r, $c.1); }\n")
                .append("  } else {\n")
                .append("    if (curtask->thread_pid->level > 0 && ").append(notSelf).append(") {\n")
                .append(namespacePid())
                .append(namespaceNumber("curtask->group_leader->thread_pid", "$vg"))
                .append("      ").append(queues.store('V', "%llu|%d|%d|%d", List.of("nsecs", "tid", "$vp", "$vg"))).append("\n")
                .append("    }\n")
                .append("  }\n")
                .append("}\n");
    }

    /**
     * One record per new thread or process, printed in the parent before the child can run, so it
     * comes before anything the child does; the child's own return from the call prints nothing.
     */
    static void fork(StringBuilder b, String notSelf, KernelQueues queues) {
        b.append("tracepoint:sched:sched_process_fork {\n")
                .append("  $c = @cl[tid];\n")
                .append("  if ($c.0 != 0 && (").append(notSelf).append(" || ($c.1 & 0x")
                .append(Long.toHexString(SensorRecord.Clone.CLONE_THREAD)).append(") == 0)) {\n")
                // The child's name is the caller's at the fork (comm: the calling thread's, a prctl name included, until it execs).
                .append("    ").append(queues.store('B', "%d|%llu|%d|%d|%d|%llu|%d|%d|%s", List.of("$c.0", "nsecs", "tid", "pid",
                        "args->child_pid", "$c.1", "curtask->real_parent->pid", "(" + notSelf + ")", "comm")))
                .append("\n")
                .append("  }\n")
                .append("}\n");
    }
}
