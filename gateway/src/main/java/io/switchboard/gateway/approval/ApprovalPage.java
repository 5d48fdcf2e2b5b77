package io.switchboard.gateway.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.workflow.PausedRun;
import io.switchboard.runtime.workflow.WorkflowRun;
import java.util.Map;

/** The approval page's HTML: self-contained (no scripts, inline style), every value escaped. */
final class ApprovalPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;"
            + "padding:0 1rem;color:#1f2328}pre{white-space:pre-wrap;background:#f6f8fa;padding:.75rem;"
            + "border-radius:6px}label{display:block;margin:.75rem 0 .25rem;font-weight:600}"
            + "textarea{width:100%;box-sizing:border-box;min-height:4rem}"
            + "button{margin:.75rem .5rem 0 0;padding:.5rem 1rem;font-size:1rem}"
            + ".chosen{outline:3px solid #0969da}.note{color:#57606a}";

    private ApprovalPage() {}

    /** The decision form; {@code chosen} (from the link the person opened) is highlighted and focused. */
    static String form(PausedRun paused, ApprovalLinks.Claim claim, String chosen) {
        StringBuilder html = new StringBuilder();
        html.append("<h1>Approval needed</h1><pre>")
                .append(escape(paused.prompt()))
                .append("</pre><form method=\"post\">");
        for (Map.Entry<String, Object> field : paused.editable().entrySet()) {
            String id = "field." + field.getKey();
            html.append("<label for=\"")
                    .append(escape(id))
                    .append("\">")
                    .append(escape(field.getKey()))
                    .append("</label><textarea id=\"")
                    .append(escape(id))
                    .append("\" name=\"")
                    .append(escape(id))
                    .append("\">")
                    .append(escape(display(field.getValue())))
                    .append("</textarea>");
        }
        html.append("<label for=\"comment\">Comment</label><textarea id=\"comment\" name=\"comment\"></textarea>");
        for (String action : paused.actions()) {
            boolean picked = action.equals(chosen);
            html.append("<button type=\"submit\" name=\"action\" value=\"")
                    .append(escape(action))
                    .append('"')
                    .append(picked ? " class=\"chosen\" autofocus" : "")
                    .append('>')
                    .append(escape(PauseNotifier.label(paused.graph().node(paused.waiting()), action)))
                    .append("</button>");
        }
        html.append("</form><p class=\"note\">Workflow ")
                .append(escape(paused.workflowId()))
                .append(", run ")
                .append(escape(paused.runId()))
                .append(". This link is valid until ")
                .append(claim.expiresAt())
                .append(paused.timeoutAt() != null ? "; without a decision the run takes its timeout branch then" : "")
                .append(".</p>");
        return page("Approval needed", html.toString());
    }

    static String decided(String label, WorkflowRun run) {
        return page(
                "Decision recorded",
                "<h1>Decision recorded</h1><p>You chose <strong>" + escape(label) + "</strong>. The run is now "
                        + escape(run.status().wireName()) + ".</p>");
    }

    static String problem(String message) {
        return page("Approval", "<h1>Approval</h1><p>" + escape(message) + "</p>");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style></head><body>" + body + "</body></html>";
    }

    private static String display(Object value) {
        if (value == null || value instanceof String) {
            return value == null ? "" : (String) value;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
