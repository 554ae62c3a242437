package dev.ratchet.bench;

import java.util.ArrayList;
import java.util.List;

/** The targets, each computed from figures of the same run. */
public final class Targets {
  private Targets() {}

  public static List<TargetResult> evaluate(BenchContext ctx) {
    List<TargetResult> out = new ArrayList<>();
    return out;
  }
}
