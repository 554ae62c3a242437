package dev.ratchet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items and the DAG share one vocabulary: the public packages can be imported together with
 * wildcards and every shared name still means one type. Checked by compiling a source file that
 * does so (the house rules forbid star imports in our own sources, so it is compiled here).
 */
class VocabularyTest {
  @TempDir Path dir;

  @Test
  void aWildcardImportOfEveryPublicPackageCompiles() throws IOException {
    Path source = dir.resolve("src/Wildcards.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        String.join(
            "\n",
            "import dev.ratchet.*;",
            "import dev.ratchet.dag.*;",
            "import dev.ratchet.dag.render.*;",
            "import dev.ratchet.items.*;",
            "import dev.ratchet.store.*;",
            "class Wildcards {",
            "  RetryPolicy retry = RetryPolicy.of(3, java.time.Duration.ofMillis(10));",
            "  CheckpointInfo store;",
            "  DagCheckpointInfo dag;",
            "  ExecutionResult result;",
            "  RunResult run;",
            "  String draw(Dag graph) { return DagRenderer.dot(graph); }",
            "  Outcome<String> ended = new Outcome.Skipped<>(SkipCause.POLICY, \"bad line\", 1);",
            "  boolean skipped(NodeResult node) { return node.outcome() instanceof Outcome.Skipped; }",
            "  Task task = ctx -> ctx.step(\"fetch\", () -> \"fetched\");",
            "  ItemPipeline.Builder<String, String> items() {",
            "    return ItemPipeline.<String, String>builder().retry(retry);",
            "  }",
            "  CheckpointExecutor.Builder nodes(Dag graph) {",
            "    return CheckpointExecutor.builder(graph).retry(retry);",
            "  }",
            "}",
            ""));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
      boolean compiled =
          compiler
              .getTask(
                  null,
                  files,
                  diagnostics,
                  List.of(
                      "-classpath",
                      System.getProperty("java.class.path"),
                      "-d",
                      Files.createDirectories(dir.resolve("out")).toString(),
                      "-proc:none"),
                  null,
                  files.getJavaFileObjects(source))
              .call();
      assertThat(diagnostics.getDiagnostics()).extracting(d -> d.getMessage(Locale.ROOT)).isEmpty();
      assertThat(compiled).isTrue();
    }
  }
}
