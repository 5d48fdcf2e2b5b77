package io.switchboard.gateway.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.channels.spi.StaffNotice;
import io.switchboard.gateway.bridge.ChannelRegistry;
import io.switchboard.runtime.workflow.PausedRun;
import io.switchboard.runtime.workflow.WorkflowNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run that pauses at a human-input node with {@code notify: {bindingId, recipient}} is
 * announced: a message through that channel binding to that staff member, with one signed link per
 * action (and one to review and edit the fields) to the approval page. The link is valid until the
 * node's timeout, or {@link #DEFAULT_VALIDITY} when it has none. A send that fails is logged; the run
 * stays paused and can still be decided through the admin API.
 */
final class PauseNotifier implements Consumer<PausedRun> {
    private static final Logger LOG = LoggerFactory.getLogger(PauseNotifier.class);
    static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

    private final ChannelRegistry channels;
    private final ApprovalLinks links;
    private final Supplier<String> publicUrl;
    private final Clock clock;

    PauseNotifier(ChannelRegistry channels, ApprovalLinks links, Supplier<String> publicUrl, Clock clock) {
        this.channels = channels;
        this.links = links;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @Override
    public void accept(PausedRun paused) {
        PausedRun.Notify to = paused.recipient();
        if (to == null) {
            return;
        }
        Instant expires = paused.timeoutAt() != null
                ? paused.timeoutAt()
                : clock.instant().plus(DEFAULT_VALIDITY).truncatedTo(ChronoUnit.SECONDS);
        String token = links.token(new ApprovalLinks.Claim(
                paused.workflowId(),
                paused.runId(),
                paused.waiting(),
                "staff:" + to.bindingId() + ":" + to.recipient(),
                expires));
        channels.sendNotice(to.bindingId(), to.recipient(), notice(paused, token, expires))
                .onSuccess(type -> LOG.debug(
                        "run {} paused: told {} through {} binding {}",
                        paused.runId(),
                        to.recipient(),
                        type,
                        to.bindingId()))
                .onFailure(e -> LOG.warn(
                        "run {} paused, but telling {} through binding {} failed: {}",
                        paused.runId(),
                        to.recipient(),
                        to.bindingId(),
                        e.getMessage()));
    }

    StaffNotice notice(PausedRun paused, String token, Instant expires) {
        String page = publicUrl.get() + ApprovalRoutes.PATH + token;
        List<StaffNotice.Link> offered = new ArrayList<>();
        WorkflowNode node = paused.graph().node(paused.waiting());
        for (String action : paused.actions()) {
            offered.add(new StaffNotice.Link(
                    label(node, action),
                    page + "?action=" + URLEncoder.encode(action, StandardCharsets.UTF_8),
                    // A press decides with the fields as they are; "Review and edit" opens the page.
                    true));
        }
        if (!paused.editable().isEmpty()) {
            offered.add(new StaffNotice.Link("Review and edit", page, false));
        }
        String text = "Approval needed (workflow " + paused.workflowId() + ")\n\n" + paused.prompt()
                + "\n\nOpen a link to decide; it is valid until " + expires + ".";
        return new StaffNotice(text, offered);
    }

    /** The action's label as the node declares it, or its id. */
    static String label(WorkflowNode node, String action) {
        if (node != null) {
            for (JsonNode declared : node.config().path("actions")) {
                if (action.equals(declared.path("id").asText())) {
                    String label = declared.path("label").asText("");
                    return label.isBlank() ? action : label;
                }
            }
        }
        return action;
    }
}
