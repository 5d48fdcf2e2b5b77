package io.switchboard.channels.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.channels.spi.StaffNotice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpNoticesTest {
    private static final List<StaffNotice.Link> LINKS = List.of(
            new StaffNotice.Link("Send", "https://sb.example/approvals/t?action=approve", true),
            new StaffNotice.Link("Drop", "https://sb.example/approvals/t?action=reject", true));

    @Test
    void should_put_each_link_on_its_own_line_as_text_or_markdown() {
        StaffNotice notice = new StaffNotice("Refund order 42?", LINKS);
        assertThat(CpNotices.format(notice, false))
                .isEqualTo("Refund order 42?\n\nSend: https://sb.example/approvals/t?action=approve\n"
                        + "Drop: https://sb.example/approvals/t?action=reject");
        assertThat(CpNotices.format(notice, true)).contains("[Send](https://sb.example/approvals/t?action=approve)");
    }

    @Test
    void should_shorten_a_long_text_to_fit_one_message_and_keep_every_link_whole() {
        String formatted = CpNotices.format(new StaffNotice("审批".repeat(2000), LINKS), false);
        assertThat(formatted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(CpNotices.MAX_BYTES);
        assertThat(formatted).contains("…").endsWith("Drop: https://sb.example/approvals/t?action=reject");
    }
}
