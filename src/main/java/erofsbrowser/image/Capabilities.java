package erofsbrowser.image;

import java.util.ArrayList;
import java.util.List;

/** Linux capability names by bit, for decoding {@code security.capability}. */
public final class Capabilities {
    private static final String[] NAMES = {
        "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid", "setpcap",
        "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
        "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
        "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write", "audit_control", "setfcap",
        "mac_override", "mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf",
        "checkpoint_restore",
    };

    private Capabilities() {
    }

    public static String names(long mask) {
        if (mask == 0) {
            return "none";
        }
        List<String> list = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                list.add(bit < NAMES.length ? "cap_" + NAMES[bit] : "cap_" + bit);
            }
        }
        return String.join(",", list);
    }
}
