package dev.tandem.platform.protection;

import com.alibaba.csp.sentinel.context.Context;
import com.alibaba.csp.sentinel.node.DefaultNode;
import com.alibaba.csp.sentinel.slotchain.ProcessorSlotEntryCallback;
import com.alibaba.csp.sentinel.slotchain.ResourceWrapper;
import com.alibaba.csp.sentinel.slots.block.BlockException;
import com.alibaba.csp.sentinel.slots.block.authority.AuthorityException;
import com.alibaba.csp.sentinel.slots.block.degrade.DegradeException;
import com.alibaba.csp.sentinel.slots.block.flow.FlowException;
import com.alibaba.csp.sentinel.slots.statistic.StatisticSlotCallbackRegistry;
import com.alibaba.csp.sentinel.slots.system.SystemBlockException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts every request Sentinel refuses, as {@code tandem_sentinel_blocked_total} with the resource
 * and the kind of rule that refused it ({@code flow}, {@code param-flow}, {@code degrade}, {@code
 * system}, {@code authority}): a limit that sheds shows up on the dashboards, not only in the
 * callers' 429s. Resources are routes, API groups and Dubbo methods: a bounded set.
 */
public final class BlockedCounter implements ProcessorSlotEntryCallback<DefaultNode> {

  static final String NAME = "tandem.sentinel.blocked";
  private static final String KEY = BlockedCounter.class.getName();

  private final MeterRegistry registry;

  private BlockedCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts into {@code registry} from now on (replacing an earlier registration). */
  public static void register(MeterRegistry registry) {
    StatisticSlotCallbackRegistry.addEntryCallback(KEY, new BlockedCounter(registry));
  }

  public static void unregister() {
    StatisticSlotCallbackRegistry.removeEntryCallback(KEY);
  }

  @Override
  public void onPass(
      Context context, ResourceWrapper resource, DefaultNode node, int count, Object... args) {}

  @Override
  public void onBlocked(
      BlockException blocked,
      Context context,
      ResourceWrapper resource,
      DefaultNode node,
      int count,
      Object... args) {
    Counter.builder(NAME)
        .description("Requests Sentinel refused, by resource and kind of rule")
        .tag("resource", resource.getName())
        .tag("rule", kindOf(blocked))
        .register(registry)
        .increment(count);
  }

  static String kindOf(BlockException blocked) {
    if (blocked instanceof DegradeException) {
      return "degrade";
    }
    if (blocked instanceof SystemBlockException) {
      return "system";
    }
    if (blocked instanceof AuthorityException) {
      return "authority";
    }
    if (blocked instanceof FlowException) {
      return "flow";
    }
    // ParamFlowException (param-flow, and every gateway rule) lives in a module a service may lack.
    return blocked.getClass().getSimpleName().startsWith("ParamFlow") ? "param-flow" : "other";
  }
}
