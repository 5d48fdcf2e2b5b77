package io.switchboard.admin;

import io.switchboard.admin.sms.SmsPhone;
import io.switchboard.runtime.access.AdminUserStore;
import io.switchboard.runtime.access.IdentityLink;
import io.switchboard.runtime.access.IdentityLinkStore;
import io.switchboard.threads.VirtualThreads;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Identities linked to admins (phone, WeChat, WeCom, OIDC). The logged-in admin lists and unlinks their
 * own at {@code /auth/identities}; an administrator links and unlinks anyone's at {@code /identities}.
 */
final class IdentityRoutes {
    private static final Pattern PROVIDER = Pattern.compile("phone|wechat|wecom|oidc:[a-z0-9][a-z0-9-]{0,39}");

    private final IdentityLinkStore identities;
    private final AdminUserStore users;
    private final VirtualThreads blocking;
    private final JsonCodec json;
    private final Clock clock;
    private final AuditTrail audit;

    record Identity(String provider, String subject, String username, String displayName, Instant createdAt) {
        static Identity of(IdentityLink link) {
            return new Identity(link.provider(), link.subject(), link.username(), link.displayName(), link.createdAt());
        }
    }

    record Identities(List<Identity> items) {}

    record NewIdentity(String username, String provider, String subject, String displayName) {
        NewIdentity {
            if (username == null || username.isBlank() || username.codePointCount(0, username.length()) > 200) {
                throw new IllegalArgumentException("username is required (at most 200 characters)");
            }
            provider = checkedProvider(provider);
            if (subject == null
                    || subject.isBlank()
                    || subject.codePointCount(0, subject.length()) > 200
                    || subject.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(
                        "subject is required: the provider's id of the person (at most 200 characters)");
            }
            if (provider.equals("phone")) {
                subject = SmsPhone.normalize(subject)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "subject is not a phone number: use E.164 form, e.g. +8613800138000"));
            }
            if (displayName != null
                    && (displayName.codePointCount(0, displayName.length()) > 200
                            || displayName.chars().anyMatch(Character::isISOControl))) {
                throw new IllegalArgumentException("displayName must be at most 200 printable characters");
            }
        }
    }

    IdentityRoutes(
            IdentityLinkStore identities,
            AdminUserStore users,
            VirtualThreads blocking,
            JsonCodec json,
            Clock clock,
            AuditTrail audit) {
        this.audit = audit;
        this.identities = identities;
        this.users = users;
        this.blocking = blocking;
        this.json = json;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/auth/identities").handler(this::mine);
        router.delete("/auth/identities/:provider/:subject").handler(this::unlinkMine);
        router.get("/identities").handler(this::list);
        router.post("/identities").handler(this::link);
        router.delete("/identities/:provider/:subject").handler(this::unlink);
    }

    static String checkedProvider(String provider) {
        if (provider == null || !PROVIDER.matcher(provider).matches()) {
            throw new IllegalArgumentException("provider must be phone, wechat, wecom or oidc:<provider id>");
        }
        return provider;
    }

    private void mine(RoutingContext ctx) {
        Responses.allowQuery(ctx);
        String username = AuthRoutes.subject(ctx);
        blocking.call(() -> new Identities(
                        identities.ofUser(username).stream().map(Identity::of).toList()))
                .onSuccess(list -> Responses.json(ctx, 200, list, json))
                .onFailure(ctx::fail);
    }

    private void unlinkMine(RoutingContext ctx) {
        String username = AuthRoutes.subject(ctx);
        ctx.addEndHandler(end -> audit.event(
                ctx,
                username,
                "identity.unlink",
                ctx.pathParam("provider") + ":" + ctx.pathParam("subject"),
                ctx.response().getStatusCode()));
        unlink(ctx, username);
    }

    private void list(RoutingContext ctx) {
        Responses.allowQuery(ctx, "username");
        String username = ctx.queryParams().get("username");
        if (username == null || username.isEmpty() || username.codePointCount(0, username.length()) > 200) {
            ctx.fail(ApiException.badRequest("the query parameter username is required (at most 200 characters)"));
            return;
        }
        blocking.call(() -> new Identities(
                        identities.ofUser(username).stream().map(Identity::of).toList()))
                .onSuccess(list -> Responses.json(ctx, 200, list, json))
                .onFailure(ctx::fail);
    }

    private void link(RoutingContext ctx) {
        NewIdentity request = json.read(ctx, NewIdentity.class);
        blocking.call(() -> {
                    if (users.find(request.username()).isEmpty()) {
                        throw ApiException.badRequest("username names no admin: " + request.username());
                    }
                    IdentityLink link = new IdentityLink(
                            request.provider(),
                            request.subject(),
                            request.username(),
                            request.displayName(),
                            clock.instant());
                    identities.link(link);
                    return Identity.of(link);
                })
                .onSuccess(identity -> {
                    ctx.put(AuditRoutes.AFTER, identity);
                    Responses.json(ctx, 201, identity, json);
                })
                .onFailure(ctx::fail);
    }

    private void unlink(RoutingContext ctx) {
        String provider = ctx.pathParam("provider");
        String subject = ctx.pathParam("subject");
        blocking.call(() -> identities
                        .find(checkedProvider(provider), subject)
                        .map(IdentityLink::username)
                        .orElseThrow(
                                () -> ApiException.notFound("no " + provider + " identity " + subject + " is linked")))
                .onSuccess(username -> unlink(ctx, username))
                .onFailure(ctx::fail);
    }

    private void unlink(RoutingContext ctx, String username) {
        String provider = ctx.pathParam("provider");
        String subject = ctx.pathParam("subject");
        blocking.call(() -> {
                    if (!identities.unlink(checkedProvider(provider), subject, username)) {
                        throw ApiException.notFound(
                                "no " + provider + " identity " + subject + " is linked to " + username);
                    }
                    return null;
                })
                .onSuccess(ignored -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }
}
