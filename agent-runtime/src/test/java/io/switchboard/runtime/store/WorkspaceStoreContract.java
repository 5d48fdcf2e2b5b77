package io.switchboard.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.access.ResourceKind;
import io.switchboard.runtime.access.Workspace;
import io.switchboard.runtime.access.WorkspaceInvite;
import io.switchboard.runtime.access.WorkspaceMember;
import io.switchboard.runtime.access.WorkspaceRole;
import io.switchboard.runtime.access.WorkspaceStore;
import io.switchboard.runtime.access.WorkspaceStore.Outcome;
import io.switchboard.runtime.security.SecretBox;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Workspaces, members, invitations and resource ownership (V70): written once, run on H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WorkspaceStoreContract {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    protected Database database;
    private WorkspaceStore workspaces;

    protected abstract DatabaseConfig config();

    @BeforeAll
    void open() {
        database = Database.open(config(), SecretBox.fromBase64(SecretBox.generateKeyBase64()));
        workspaces = database.workspaces();
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private String newWorkspace(String owner) {
        String id = "ws-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(workspaces.create(new Workspace(id, "Team " + id, NOW), owner))
                .isTrue();
        return id;
    }

    @Test
    void should_create_a_workspace_with_its_owner_and_refuse_a_taken_id() {
        String id = newWorkspace("alice");

        assertThat(workspaces.create(new Workspace(id, "again", NOW), "bob")).isFalse();
        assertThat(workspaces.find(id)).get().extracting(Workspace::name).isEqualTo("Team " + id);
        assertThat(workspaces.role(id, "alice")).contains(WorkspaceRole.OWNER);
        assertThat(workspaces.role(id, "bob")).isEmpty();
        assertThat(workspaces.workspacesOf("alice"))
                .extracting(m -> m.workspace().id())
                .contains(id);
        assertThat(workspaces.rename(id, "Renamed")).isTrue();
        assertThat(workspaces.find(id).orElseThrow().name()).isEqualTo("Renamed");
        assertThat(workspaces.rename("ws-none", "x")).isFalse();
        assertThat(workspaces.find(Workspace.DEFAULT_ID)).isPresent();
    }

    @Test
    void should_never_leave_a_workspace_without_an_owner() {
        String id = newWorkspace("owner1");

        assertThat(workspaces.putMember(id, "owner1", WorkspaceRole.ADMIN)).isEqualTo(Outcome.LAST_OWNER);
        assertThat(workspaces.removeMember(id, "owner1")).isEqualTo(Outcome.LAST_OWNER);
        assertThat(workspaces.putMember(id, "owner2", WorkspaceRole.OWNER)).isEqualTo(Outcome.DONE);
        assertThat(workspaces.putMember(id, "owner1", WorkspaceRole.VIEWER)).isEqualTo(Outcome.DONE);
        assertThat(workspaces.removeMember(id, "owner2")).isEqualTo(Outcome.LAST_OWNER);
        assertThat(workspaces.removeMember(id, "owner1")).isEqualTo(Outcome.DONE);
        assertThat(workspaces.removeMember(id, "owner1")).isEqualTo(Outcome.NOT_FOUND);
        assertThat(workspaces.members(id))
                .extracting(WorkspaceMember::username, WorkspaceMember::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("owner2", WorkspaceRole.OWNER));
    }

    @Test
    void should_adopt_only_a_workspace_without_owner() {
        String id = newWorkspace("first");

        assertThat(workspaces.adoptOwnerless(id, "second")).isFalse();
        assertThat(workspaces.adoptOwnerless("ws-missing", "second")).isFalse();
        assertThat(workspaces.role(id, "second")).isEmpty();
    }

    @Test
    void should_accept_an_invite_once_before_it_expires() {
        String id = newWorkspace("inviter");
        String hash = UUID.randomUUID().toString().replace("-", "");
        WorkspaceInvite invite = new WorkspaceInvite(
                UUID.randomUUID().toString(),
                id,
                null,
                "carol@example.com",
                WorkspaceRole.EDITOR,
                hash,
                "inviter",
                NOW,
                NOW.plus(Duration.ofDays(7)),
                null,
                null);
        workspaces.createInvite(invite);
        WorkspaceInvite expired = new WorkspaceInvite(
                UUID.randomUUID().toString(),
                id,
                "dave",
                null,
                WorkspaceRole.VIEWER,
                hash + "x",
                "inviter",
                NOW.minus(Duration.ofDays(8)),
                NOW.minus(Duration.ofDays(1)),
                null,
                null);
        workspaces.createInvite(expired);

        assertThat(workspaces.invites(id)).extracting(WorkspaceInvite::id).contains(invite.id(), expired.id());
        assertThat(workspaces.findInviteByTokenHash(hash)).contains(invite);
        assertThat(workspaces.acceptInvite(expired.id(), "dave", NOW)).isFalse();
        assertThat(workspaces.acceptInvite(invite.id(), "carol", NOW)).isTrue();
        assertThat(workspaces.acceptInvite(invite.id(), "mallory", NOW)).isFalse();
        assertThat(workspaces.role(id, "carol")).contains(WorkspaceRole.EDITOR);
        assertThat(workspaces.role(id, "mallory")).isEmpty();
        assertThat(workspaces.invites(id)).extracting(WorkspaceInvite::id).containsExactly(expired.id());
        assertThat(workspaces.findInviteByTokenHash(hash).orElseThrow().acceptedBy())
                .isEqualTo("carol");
        assertThat(workspaces.deleteInvite(id, invite.id()))
                .as("accepted already")
                .isFalse();
        assertThat(workspaces.deleteInvite(id, expired.id())).isTrue();
        assertThat(workspaces.invites(id)).isEmpty();
    }

    @Test
    void should_keep_the_higher_role_when_a_member_accepts_an_invite() {
        String id = newWorkspace("boss");
        WorkspaceInvite invite = new WorkspaceInvite(
                UUID.randomUUID().toString(),
                id,
                "boss",
                null,
                WorkspaceRole.VIEWER,
                UUID.randomUUID().toString(),
                "boss",
                NOW,
                NOW.plus(Duration.ofDays(1)),
                null,
                null);
        workspaces.createInvite(invite);

        assertThat(workspaces.acceptInvite(invite.id(), "boss", NOW)).isTrue();
        assertThat(workspaces.role(id, "boss")).contains(WorkspaceRole.OWNER);
    }

    @Test
    void should_place_resources_in_one_workspace_default_when_unassigned() {
        String id = newWorkspace("erin");
        String app = "app-" + UUID.randomUUID();

        assertThat(workspaces.workspaceOf(ResourceKind.APP, app)).isEqualTo(Workspace.DEFAULT_ID);
        workspaces.assign(ResourceKind.APP, app, id);
        assertThat(workspaces.workspaceOf(ResourceKind.APP, app)).isEqualTo(id);
        assertThat(workspaces.workspaceOf(ResourceKind.WORKFLOW, app)).isEqualTo(Workspace.DEFAULT_ID);
        assertThat(workspaces.assignments(ResourceKind.APP)).containsEntry(app, id);
        assertThat(workspaces.assignments(ResourceKind.WORKFLOW)).doesNotContainKey(app);
        workspaces.assign(ResourceKind.APP, app, Workspace.DEFAULT_ID);
        assertThat(workspaces.workspaceOf(ResourceKind.APP, app)).isEqualTo(Workspace.DEFAULT_ID);
    }
}
