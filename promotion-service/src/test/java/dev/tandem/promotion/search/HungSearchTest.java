package dev.tandem.promotion.search;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.tandem.promotion.api.SearchUnavailableException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hung Elasticsearch (SIGSTOPped: the port accepts, nothing answers) costs a search the search
 * timeout, not the client's socket timeout per node. The peer here is a socket that accepts and
 * never answers, which is all a stopped process is to its clients; the search-hang drill does the
 * same to the cluster's real nodes.
 */
class HungSearchTest {

  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

  private ServerSocket hung;
  private final List<Socket> accepted = new ArrayList<>();
  private RestClient rest;

  @BeforeEach
  void hungNode() throws Exception {
    hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                while (true) {
                  accepted.add(hung.accept());
                }
              } catch (Exception closed) {
                // the test is over
              }
            });
    rest =
        RestClient.builder(new HttpHost("127.0.0.1", hung.getLocalPort(), "http"))
            .setRequestConfigCallback(
                config -> config.setSocketTimeout((int) SOCKET_TIMEOUT.toMillis()))
            .build();
  }

  @AfterEach
  void close() throws Exception {
    rest.close();
    hung.close();
    for (Socket socket : accepted) {
      socket.close();
    }
  }

  @Test
  void aSearchGivesUpAtItsOwnTimeoutAndSaysSearchIsUnavailable() {
    ElasticsearchClient client =
        new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    PromotionIndex index =
        new PromotionIndex(client, new SearchSettings("promotions", 10, Duration.ofMillis(200)));

    // Far below the 30 s the socket timeout would take: the guard only keeps a regression from
    // hanging the build.
    assertTimeoutPreemptively(
        SOCKET_TIMEOUT.dividedBy(3),
        () ->
            assertThatThrownBy(() -> index.search("summer", 20))
                .isInstanceOf(SearchUnavailableException.class));
  }
}
