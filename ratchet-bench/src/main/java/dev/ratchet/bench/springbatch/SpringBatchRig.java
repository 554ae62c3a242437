package dev.ratchet.bench.springbatch;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.file.FlatFileItemReader;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemWriterBuilder;
import org.springframework.batch.infrastructure.item.file.mapping.PassThroughLineMapper;
import org.springframework.batch.infrastructure.item.file.transform.PassThroughLineAggregator;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * Spring Batch set up the ordinary way, without a Spring context: a JDBC job repository over a
 * pooled data source, a synchronous job operator, and one chunk-oriented step reading the input
 * lines with a {@link FlatFileItemReader} and writing them with a {@link FlatFileItemWriter}
 * (transactional, state saved for restart: the defaults). Closing the rig closes the pool.
 */
public final class SpringBatchRig implements AutoCloseable {
  public static final String JOB = "copyLines";
  private final Database database;
  private final HikariDataSource dataSource;
  private final JdbcTransactionManager transactions;
  private final JobRepository repository;
  private final TaskExecutorJobOperator operator;

  public SpringBatchRig(Database database, boolean createSchema) throws Exception {
    this.database = database;
    this.dataSource = database.pool();
    if (createSchema) {
      new ResourceDatabasePopulator(
              new ClassPathResource(
                  "org/springframework/batch/core/schema-" + database.kind() + ".sql"))
          .execute(dataSource);
    }
    this.transactions = new JdbcTransactionManager(dataSource);
    JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
    factory.setDataSource(dataSource);
    factory.setTransactionManager(transactions);
    factory.afterPropertiesSet();
    this.repository = factory.getObject();
    this.operator = new TaskExecutorJobOperator();
    operator.setJobRepository(repository);
    operator.setJobRegistry(new MapJobRegistry());
    operator.afterPropertiesSet();
  }

  public Database database() {
    return database;
  }

  public JobRepository repository() {
    return repository;
  }

  public TaskExecutorJobOperator operator() {
    return operator;
  }

  /** The copy job over {@code input} into {@code output} with a commit interval. */
  public Job job(Path input, Path output, int commitInterval) {
    FlatFileItemReader<String> reader =
        new FlatFileItemReaderBuilder<String>()
            .name("lines")
            .resource(new FileSystemResource(input))
            .lineMapper(new PassThroughLineMapper())
            .build();
    FlatFileItemWriter<String> writer =
        new FlatFileItemWriterBuilder<String>()
            .name("out")
            .resource(new FileSystemResource(output))
            .lineAggregator(new PassThroughLineAggregator<>())
            .build();
    Step step =
        new StepBuilder("copy", repository)
            .<String, String>chunk(commitInterval)
            .reader(reader)
            .writer(writer)
            .transactionManager(transactions)
            .build();
    return new JobBuilder(JOB, repository).start(step).build();
  }

  public static JobParameters parameters(String runId, Path input, Path output) {
    return new JobParametersBuilder()
        .addString("run", runId)
        .addString("input", input.toString())
        .addString("output", output.toString())
        .toJobParameters();
  }

  /** Runs the job to the end and fails unless it completed. */
  public JobExecution runToCompletion(Job job, JobParameters parameters) throws Exception {
    JobExecution execution = operator.start(job, parameters);
    requireCompleted(execution);
    return execution;
  }

  public static void requireCompleted(JobExecution execution) {
    if (execution.getStatus() != BatchStatus.COMPLETED) {
      throw new IllegalStateException(
          "Spring Batch job ended "
              + execution.getStatus()
              + ": "
              + execution.getAllFailureExceptions());
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
