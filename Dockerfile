# Multi-stage build of the same jar the README builds and runs.
#   docker build -t switchboard .
#   docker run -p 8080:8080 -e SWITCHBOARD_ADMIN_PASSWORD=change-me-please -v sb-data:/app/data switchboard
FROM maven:3.9-eclipse-temurin-21 AS build
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
HEALTHCHECK --interval=10s --timeout=3s CMD wget -qO- http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["java", "-XX:+UseZGC", "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=slf4j", \
  "-Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory", \
  "-jar", "/app/switchboard.jar"]
