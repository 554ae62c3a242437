package dev.ratchet.cli.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A pipeline file exactly as written, bound by Jackson; {@link PipelineLoader} validates it. */
record PipelineSpec(
    @JsonProperty("name") String name,
    @JsonProperty("steps") LinkedHashMap<String, StepSpec> steps) {

  @JsonCreator
  PipelineSpec {}

  /** One step as written. */
  record StepSpec(
      @JsonProperty("run") String run,
      @JsonProperty("needs") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          List<String> needs,
      @JsonProperty("retries") Integer retries,
      @JsonProperty("timeout") String timeout,
      @JsonProperty("env") Map<String, String> env,
      @JsonProperty("when") WhenSpec when) {
    @JsonCreator
    StepSpec {}
  }

  /** A step's condition as written: an upstream step's output test, or a shell command. */
  record WhenSpec(
      @JsonProperty("step") String step,
      @JsonProperty("output_contains") String outputContains,
      @JsonProperty("output_equals") String outputEquals,
      @JsonProperty("output_matches") String outputMatches,
      @JsonProperty("command") String command) {
    @JsonCreator
    WhenSpec {}
  }
}
