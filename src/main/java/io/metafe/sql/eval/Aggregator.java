package io.metafe.sql.eval;

import io.metafe.sql.ast.Expr;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Accumulates one aggregate call over the rows of one group. SUM over exact numbers returns DECIMAL
 * (as MySQL, also for integer columns); AVG over exact numbers returns DECIMAL with 4 more decimal
 * places than its input; over DOUBLE or strings both return DOUBLE. Empty input gives NULL, COUNT
 * 0.
 */
final class Aggregator {
  private final Expr.FunctionCall call;
  private final Set<List<Object>> seen;
  private long count;
  private BigDecimal exactSum = BigDecimal.ZERO;
  private double approximateSum;
  private boolean approximate;
  private int maxScale;
  private Object best;

  Aggregator(Expr.FunctionCall call) {
    this.call = call;
    this.seen = call.distinct() ? new HashSet<>() : null;
  }

  /** Adds one row; {@code args} are the evaluated arguments (empty for COUNT(*)). */
  void add(List<Object> args) {
    if (call.star()) {
      count++;
      return;
    }
    if (args.contains(null)) {
      return;
    }
    if (seen != null) {
      List<Object> key = new ArrayList<>(args.size());
      for (Object a : args) {
        key.add(Values.groupKey(a));
      }
      if (!seen.add(key)) {
        return;
      }
    }
    Object v = args.get(0);
    count++;
    switch (call.lowerName()) {
      case "sum", "avg" -> {
        Object n = Values.numeric(v);
        if (n instanceof Double d) {
          approximate = true;
          approximateSum += d;
        } else {
          BigDecimal d = Values.toDecimal(n);
          exactSum = exactSum.add(d);
          approximateSum += d.doubleValue();
          maxScale = Math.max(maxScale, d.scale());
        }
      }
      case "min" -> best = best == null || Values.sortCompare(v, best) < 0 ? v : best;
      case "max" -> best = best == null || Values.sortCompare(v, best) > 0 ? v : best;
      default -> {}
    }
  }

  Object result() {
    return switch (call.lowerName()) {
      case "count" -> count;
      case "sum" -> count == 0 ? null : approximate ? (Object) approximateSum : exactSum;
      case "avg" -> {
        if (count == 0) {
          yield null;
        }
        if (approximate) {
          yield approximateSum / count;
        }
        yield exactSum.divide(
            BigDecimal.valueOf(count),
            maxScale + Arithmetic.DIV_PRECISION_INCREMENT,
            RoundingMode.HALF_UP);
      }
      default -> best;
    };
  }
}
