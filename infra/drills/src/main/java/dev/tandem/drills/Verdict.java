package dev.tandem.drills;

import java.util.List;
import java.util.Map;

/**
 * What a drill's own budget found in its requests, beside the failure count every drill has: the
 * recovery it measured, the violations that fail it, and figures for the report.
 */
record Verdict(long recoveryMs, List<String> violations, Map<String, Object> figures) {}
