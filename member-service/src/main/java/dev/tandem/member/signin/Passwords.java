package dev.tandem.member.signin;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashes: bcrypt through Spring Security's crypto, the cost set by {@code
 * tandem.member.passwords.bcrypt-strength} (each step doubles the work of every guess).
 *
 * <p>bcrypt is tens of milliseconds of pure CPU, and Dubbo runs calls on virtual threads, which
 * share as many carrier threads as there are cores: two hashes at once would hold both carriers of
 * a 2-core machine and stall every member read in this JVM behind them (the member-kill drill
 * measured it). So hashing runs on its own platform threads, which the OS schedules fairly with the
 * rest; the calling virtual thread waits off its carrier. A full queue refuses at once (the caller
 * answers 503) rather than letting registrations queue past their timeout.
 *
 * <p>A check against no hash still runs one bcrypt comparison, against a hash made at start-up for
 * that purpose, so an unknown email takes as long to refuse as a wrong password.
 */
@Component
public class Passwords implements DisposableBean {

  private final BCryptPasswordEncoder encoder;
  private final String decoy;
  private final ThreadPoolExecutor hashing;

  Passwords(
      @Value("${tandem.member.passwords.bcrypt-strength:10}") int strength,
      @Value("${tandem.member.passwords.threads:2}") int threads,
      @Value("${tandem.member.passwords.queue:32}") int queue) {
    this.encoder = new BCryptPasswordEncoder(strength);
    this.decoy = encoder.encode("decoy password that no member has");
    this.hashing =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            Thread.ofPlatform().name("bcrypt-", 0).daemon().factory());
  }

  public String hash(String password) {
    return onHashingThreads(() -> encoder.encode(password));
  }

  /** Whether the password matches the hash; false when there is no hash, in the same time. */
  public boolean matches(String password, String hash) {
    boolean matches =
        onHashingThreads(() -> encoder.matches(password, hash == null ? decoy : hash));
    return hash != null && matches;
  }

  private <T> T onHashingThreads(Callable<T> work) {
    try {
      return hashing.submit(work).get();
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("too many passwords to hash at once; retry shortly");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing a password");
    }
  }

  @Override
  public void destroy() {
    hashing.shutdownNow();
  }
}
