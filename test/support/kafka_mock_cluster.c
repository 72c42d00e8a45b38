/*
 * A librdkafka mock cluster (a Kafka-protocol broker on loopback TCP) driven
 * over stdin/stdout, for the Kafka tests (kafka_mock_cluster.ts compiles and
 * starts it). Prints "bootstrap <host:port,...>" once the brokers listen, then
 * answers one line per command with "ok" or "error <reason>":
 *
 *   topic <name> <partitions>                  create a topic (the mock has no CreateTopics API)
 *   broker_down <id> | broker_up <id>          take a broker off / back on the network
 *   broker_down <id> <ms>                      take it off for <ms> milliseconds (back on by itself,
 *                                              so a test whose thread is blocked on Kafka meanwhile
 *                                              needs no command to end the outage)
 *   leader <topic> <partition> <id>            make a broker the partition's leader
 *   request_errors <api key> <error code>...   the next requests of that API fail with these codes
 *
 * End of input (the test process exiting) destroys the cluster and exits.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ERRORS 64

static void reply(rd_kafka_resp_err_t err) {
  if (err) printf("error %s\n", rd_kafka_err2str(err));
  else printf("ok\n");
  fflush(stdout);
}

static void request_errors(rd_kafka_mock_cluster_t *cluster, char *args) {
  char *next = NULL;
  long api_key = strtol(args, &next, 10);
  rd_kafka_resp_err_t errors[MAX_ERRORS];
  size_t count = 0;
  for (char *token = strtok(next, " \n"); token && count < MAX_ERRORS; token = strtok(NULL, " \n"))
    errors[count++] = (rd_kafka_resp_err_t)atoi(token);
  rd_kafka_mock_push_request_errors_array(cluster, (int16_t)api_key, count, errors);
  reply(RD_KAFKA_RESP_ERR_NO_ERROR);
}

struct outage {
  rd_kafka_mock_cluster_t *cluster;
  int broker_id;
  long duration_ms;
};

static void *end_outage(void *arg) {
  struct outage *outage = arg;
  struct timespec duration = {outage->duration_ms / 1000, (outage->duration_ms % 1000) * 1000000L};
  nanosleep(&duration, NULL);
  // The mock's API hands commands to the cluster's own thread, so it may be called from any thread.
  rd_kafka_mock_broker_set_up(outage->cluster, outage->broker_id);
  free(outage);
  return NULL;
}

static void timed_outage(rd_kafka_mock_cluster_t *cluster, int broker_id, long duration_ms) {
  rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_down(cluster, broker_id);
  if (!err) {
    struct outage *outage = malloc(sizeof *outage);
    *outage = (struct outage){cluster, broker_id, duration_ms};
    pthread_t thread;
    pthread_create(&thread, NULL, end_outage, outage);
    pthread_detach(thread);
  }
  reply(err);
}

int main(int argc, char **argv) {
  int broker_count = argc > 1 ? atoi(argv[1]) : 3;
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!handle) {
    fprintf(stderr, "cannot create a librdkafka handle: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(handle, broker_count);
  if (!cluster) {
    fprintf(stderr, "cannot start a mock cluster of %d brokers\n", broker_count);
    return 1;
  }
  printf("bootstrap %s\n", rd_kafka_mock_cluster_bootstraps(cluster));
  fflush(stdout);

  char line[4096], name[1024];
  int number, broker_id;
  long duration_ms;
  while (fgets(line, sizeof line, stdin)) {
    if (sscanf(line, "topic %1023s %d", name, &number) == 2)
      reply(rd_kafka_mock_topic_create(cluster, name, number, broker_count < 3 ? broker_count : 3));
    else if (sscanf(line, "leader %1023s %d %d", name, &number, &broker_id) == 3)
      reply(rd_kafka_mock_partition_set_leader(cluster, name, number, broker_id));
    else if (sscanf(line, "broker_down %d %ld", &number, &duration_ms) == 2)
      timed_outage(cluster, number, duration_ms);
    else if (sscanf(line, "broker_down %d", &number) == 1)
      reply(rd_kafka_mock_broker_set_down(cluster, number));
    else if (sscanf(line, "broker_up %d", &number) == 1)
      reply(rd_kafka_mock_broker_set_up(cluster, number));
    else if (strncmp(line, "request_errors ", 15) == 0)
      request_errors(cluster, line + 15);
    else {
      printf("error unknown command: %s", line);
      fflush(stdout);
    }
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(handle);
  return 0;
}
