#!/bin/bash
# The broker, as bin/kafka-server-start.sh runs it (the Maven artifacts carry no scripts).
# shellcheck disable=SC2086 # the options hold several flags each
exec java ${KAFKA_HEAP_OPTS:--Xmx1g -Xms1g} -XX:+UseG1GC -Djava.awt.headless=true ${KAFKA_LOG4J_OPTS:-} \
  -cp "/opt/kafka/libs/*" kafka.Kafka "$@"
