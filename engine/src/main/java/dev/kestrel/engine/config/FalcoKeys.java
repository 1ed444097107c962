package dev.kestrel.engine.config;

import java.util.Map;
import java.util.Set;

/** Which top-level keys of falco.yaml Kestrel applies itself, which it ignores, and which need an optional module. */
final class FalcoKeys {

    private FalcoKeys() {
    }

    /** Keys the engine reads itself. */
    static final Set<String> ENGINE = Set.of("rules_files", "rules_file", "rules", "priority", "rule_matching",
            "json_output", "json_include_output_property", "json_include_tags_property",
            "json_include_message_property", "json_include_output_fields_property", "time_format_iso_8601",
            "append_output", "outputs_queue", "stdout_output", "file_output", "customfields");

    /** Falco keys that mean something to Falco but not to Kestrel: a warning names each one written. */
    static final Set<String> NOT_IMPLEMENTED = Set.of("config_files", "watch_config_files", "engine", "load_plugins",
            "plugins", "buffer_format_base64", "buffered_outputs", "outputs", "static_fields", "syslog_output",
            "program_output", "grpc", "grpc_output", "log_stderr", "log_syslog", "log_level", "libs_logger",
            "output_timeout", "syscall_event_timeouts", "syscall_event_drops", "metrics", "base_syscalls",
            "falco_libs", "container_engines", "capture", "plugins_hostinfo", "modern_bpf", "syscall_buf_size_preset",
            "syscall_drop_failed_exit", "container");

    /** Sections read by optional modules, with the artifact that brings each. */
    static final Map<String, String> OPTIONAL = Map.of("http_output", "kestrel-outputs", "loki", "kestrel-outputs",
            "slack", "kestrel-outputs", "webhook", "kestrel-outputs", "webserver", "kestrel-outputs",
            "response", "kestrel-response");
}
