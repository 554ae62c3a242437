package dev.ratchet.dag;

/**
 * An expected failure of a task, with a message written for people ("exit code 3; last output:
 * ..."). The node's error is the message alone; other exceptions are shown with their type.
 */
public class TaskFailedException extends Exception {
  public TaskFailedException(String message) {
    super(message);
  }

  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
