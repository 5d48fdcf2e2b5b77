package io.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.switchboard.admin.AdminApiConfig;
import io.switchboard.admin.AdminSecurity;
import io.switchboard.gateway.http.ConnectionGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code config/switchboard.yaml} spells out the defaults for the reader; the code keeps
 * each default in one place, the {@code DEFAULT_*} constants of the module that uses it. The two must
 * say the same.
 */
class ConfigDefaultsTest {
    private static final Path SHIPPED = Path.of("../config/switchboard.yaml");

    private static GatewayConfig shipped() {
        return ConfigLoader.load(SHIPPED, Map.of());
    }

    @Test
    void should_ship_the_telegram_channels_defaults() {
        assertThat(shipped().telegram()).isEqualTo(GatewayConfig.Telegram.DEFAULTS);
    }

    @Test
    void should_ship_the_wechat_family_channels_defaults() {
        assertThat(shipped().wecomAibot()).isEqualTo(WeixinFamily.AiBot.DEFAULTS);
        assertThat(shipped().wechatKf()).isEqualTo(WeixinFamily.Kf.DEFAULTS);
        assertThat(shipped().wechatIlink()).isEqualTo(WeixinFamily.Ilink.DEFAULTS);
        assertThat(shipped().wechatIlink().options())
                .isEqualTo(io.switchboard.channels.ilink.WeChatIlinkOptions.defaults());
        assertThat(shipped().wechatKf().options())
                .isEqualTo(io.switchboard.channels.wechatkf.WeChatKfOptions.defaults());
        assertThat(shipped().wecomAibot().options())
                .isEqualTo(io.switchboard.channels.wecomaibot.WeComAiBotOptions.defaults());
    }

    @Test
    void should_ship_the_knowledge_limits_defaults() {
        assertThat(shipped().knowledge()).isEqualTo(GatewayConfig.Knowledge.DEFAULT);
    }

    @Test
    void should_ship_the_sandbox_and_workflow_defaults() {
        assertThat(shipped().skills()).isEqualTo(GatewayConfig.Skills.DEFAULT);
    }

    @Test
    void should_ship_the_http_connection_limits_defaults() {
        assertThat(shipped().http().limits()).isEqualTo(ConnectionGuard.Limits.DEFAULT);
    }

    @Test
    void should_ship_the_admin_session_lifetime_default() {
        assertThat(shipped().security().tokenTtl()).isEqualTo(AdminApiConfig.DEFAULT_TOKEN_TTL);
        assertThat(shipped().security().accessTokenTtl()).isEqualTo(AdminApiConfig.DEFAULT_ACCESS_TOKEN_TTL);
        assertThat(shipped().security().auditRetention()).isEqualTo(AdminSecurity.DEFAULT_AUDIT_RETENTION);
    }

    /** The section is commented out (WeChat's values apply): its documented values must be those. */
    @Test
    void should_document_the_wechat_channels_defaults() throws IOException {
        StringBuilder documented = new StringBuilder();
        Matcher line = Pattern.compile("(?m)^#   (\\w+): (\\S+)$").matcher(Files.readString(SHIPPED));
        while (line.find()) {
            documented.append(line.group(1)).append(": ").append(line.group(2)).append('\n');
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule());

        GatewayConfig.Weixin weixin = yaml.readValue(documented.toString(), GatewayConfig.Weixin.class);

        assertThat(documented.toString()).contains("platformDeadline", "passiveBudget", "replayWindow");
        assertThat(weixin).isEqualTo(GatewayConfig.Weixin.DEFAULTS);
    }
}
