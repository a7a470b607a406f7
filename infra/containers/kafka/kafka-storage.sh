#!/bin/bash
# Kafka's StorageTool, as bin/kafka-storage.sh runs it (the Maven artifacts carry no scripts).
# shellcheck disable=SC2086 # KAFKA_LOG4J_OPTS holds several flags
exec java -Xmx256m ${KAFKA_LOG4J_OPTS:-} -cp "/opt/kafka/libs/*" kafka.tools.StorageTool "$@"
