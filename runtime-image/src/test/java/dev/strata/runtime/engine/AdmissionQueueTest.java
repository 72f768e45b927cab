package dev.strata.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionQueueTest {

  @Test
  void admitRefusesOnceCapacityIsReached() throws Exception {
    AdmissionQueue queue = new AdmissionQueue(2, 1, Duration.ofSeconds(3));
    queue.admit();
    queue.admit();
    QueueFullException e = assertThrows(QueueFullException.class, queue::admit);
    assertEquals(Duration.ofSeconds(3), e.retryAfter());
  }

  @Test
  void closingATicketFreesItsPlace() throws Exception {
    AdmissionQueue queue = new AdmissionQueue(1, 1, Duration.ofSeconds(1));
    queue.admit().close();
    queue.admit();
    assertEquals(1, queue.depth());
  }

  @Test
  void closingTwiceFreesOnePlace() throws Exception {
    AdmissionQueue queue = new AdmissionQueue(2, 1, Duration.ofSeconds(1));
    AdmissionQueue.Ticket ticket = queue.admit();
    ticket.close();
    ticket.close();
    assertEquals(0, queue.depth());
  }

  @Test
  void awaitTurnGivesUpWhenTheDeadlineHasPassed() throws Exception {
    AdmissionQueue queue = new AdmissionQueue(2, 1, Duration.ofSeconds(1));
    queue.admit().awaitTurn(Duration.ofSeconds(1));
    AdmissionQueue.Ticket second = queue.admit();
    assertThrows(DeadlineExceededException.class, () -> second.awaitTurn(Duration.ZERO));
  }

  @Test
  void concurrencyAboveCapacityIsRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> new AdmissionQueue(1, 2, Duration.ofSeconds(1)));
  }
}
