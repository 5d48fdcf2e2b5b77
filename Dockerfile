# Multi-stage build of the same jar the README builds and runs.
#   docker build -t switchboard .
#   docker run -p 8080:8080 -e SWITCHBOARD_ADMIN_PASSWORD=change-me-please -v sb-data:/app/data switchboard
# Node.js (>= 20.19) builds the admin console inside the Maven build; taken from the official image.
FROM node:20-bookworm-slim AS node

FROM maven:3.9-eclipse-temurin-21 AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspotless.apply.skip=true package

FROM eclipse-temurin:21-jre
WORKDIR /app
RUN useradd --system --home /app switchboard && mkdir -p /app/data && chown switchboard /app/data
COPY --from=build /src/gateway/target/switchboard.jar /app/switchboard.jar
COPY --from=build /src/gateway/target/lib /app/lib
COPY config /app/config
USER switchboard
EXPOSE 8080 5701
VOLUME /app/data
# Probes: GET /health/live and GET /health/ready on port 8080.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", \
  "--add-modules", "jdk.incubator.vector", "-DOPT_OUT_TRACKING=true", \
  "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", \
  "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", \
  "--add-opens", "java.management/sun.management=ALL-UNNAMED", \
  "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED", \
  "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=slf4j", \
  "-Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory", \
  "-jar", "/app/switchboard.jar"]
