package dev.ratchet.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One measured figure.
 *
 * @param id a stable identifier that targets look figures up by, such as {@code
 *     naive.items_per_s.n=100000.batch=100}
 * @param suite the suite that measured it
 * @param label what was measured, for the report
 * @param params the parameters of the measurement (items, batch size, threads, ...)
 * @param unit the unit of the values
 * @param stats median and spread over the runs
 * @param limit the name of the disk limit it is compared with, or null
 * @param fractionOfLimit the median as a fraction of that limit, or null
 * @param note what was capped or how it was configured, or null
 */
public record Figure(
    String id,
    String suite,
    String label,
    Map<String, Object> params,
    String unit,
    Stats stats,
    String limit,
    Double fractionOfLimit,
    String note) {
  public Figure {
    Objects.requireNonNull(id, "id");
    params = new LinkedHashMap<>(params);
  }

  public Figure withLimit(String limitName, double limitValue) {
    return new Figure(
        id, suite, label, params, unit, stats, limitName, stats.median() / limitValue, note);
  }

  public Figure withNote(String text) {
    return new Figure(id, suite, label, params, unit, stats, limit, fractionOfLimit, text);
  }
}
