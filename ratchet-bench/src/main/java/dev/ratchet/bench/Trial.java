package dev.ratchet.bench;

/** One run of a measurement; returns the measured value (a rate, a time, a size). */
@FunctionalInterface
public interface Trial {
  double run(int iteration) throws Exception;
}
