package dev.ratchet.cli.run;

import dev.ratchet.dag.Dag;
import dev.ratchet.dag.render.DagRenderer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ratchet graph PIPELINE.yaml --format dot|mermaid}: prints a pipeline's steps as a graph.
 */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = "Prints a pipeline's steps and their dependencies as Graphviz DOT or Mermaid.")
public final class GraphCommand implements Callable<Integer> {
  /** The output formats. */
  public enum Format {
    dot,
    mermaid
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline YAML file.")
  Path pipelineFile;

  @Option(
      names = "--format",
      defaultValue = "dot",
      paramLabel = "FORMAT",
      description = "dot or mermaid (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    Dag dag = PipelineLoader.load(pipelineFile).dag();
    spec.commandLine()
        .getOut()
        .print(format == Format.dot ? DagRenderer.dot(dag) : DagRenderer.mermaid(dag));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
