package dev.ratchet.bench.ratchet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ratchet.cli.process.BuiltinTransform;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The baseline of {@code ratchet process} with its built-in transform: the same job with no
 * checkpoint at all. Reads the lines of a file, applies the same transform, writes the same bytes
 * (one {@code {"key","input","result"}} record a line) with one Jackson generator, and forces the
 * output once at the end. Arguments: input, output.
 */
public final class PlainTransform {
  private PlainTransform() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper mapper =
        new ObjectMapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE); // one flush
    try (BufferedReader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8);
        FileOutputStream file = new FileOutputStream(args[1]);
        JsonGenerator out =
            mapper.getFactory().createGenerator(new BufferedOutputStream(file, 1 << 16))) {
      out.setRootValueSeparator(null);
      long key = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.writeStartObject();
        out.writeStringField("key", Long.toString(key++));
        out.writeStringField("input", line);
        out.writeFieldName("result");
        mapper.writeValue(out, BuiltinTransform.apply(line));
        out.writeEndObject();
        out.writeRaw('\n');
      }
      out.flush();
      file.getChannel().force(true);
    }
  }
}
