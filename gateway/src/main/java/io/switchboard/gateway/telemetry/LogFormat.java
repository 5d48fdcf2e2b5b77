package io.switchboard.gateway.telemetry;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.switchboard.gateway.config.LoggingConfig;
import java.util.Iterator;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's line format ({@code logging.format}): {@code json} switches the root logger's console and
 * file appenders to Logback's {@link JsonEncoder}, one JSON object per line whose {@code mdc} holds
 * {@code trace_id} and {@code span_id} while a traced turn runs. Applied once at start, after the
 * configuration is read (the few lines before it are text).
 */
public final class LogFormat {
    private LogFormat() {}

    /** Switches the root logger's appenders to {@code format}; {@code text} leaves logback.xml's pattern. */
    public static void apply(LoggingConfig.Format format) {
        if (format != LoggingConfig.Format.JSON) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return; // another SLF4J backend: its own configuration decides
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream) {
                stream.stop();
                stream.setEncoder(json(context));
                stream.start();
            }
        }
    }

    /**
     * The JSON encoder: timestamp, level, thread, logger, MDC, the formatted message and any exception;
     * not the raw arguments (they are in the message already) nor logback's context and counters.
     */
    public static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
