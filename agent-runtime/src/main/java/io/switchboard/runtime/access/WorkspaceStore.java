package io.switchboard.runtime.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Workspaces, their members and invitations, and which workspace each resource belongs to. Blocking. */
public interface WorkspaceStore {
    /** What a change of membership came to. */
    enum Outcome {
        DONE,
        /** No such member. */
        NOT_FOUND,
        /** Refused: the workspace would be left without an owner. */
        LAST_OWNER
    }

    /** A workspace with the caller's role in it. */
    record Membership(Workspace workspace, WorkspaceRole role) {}

    /** Creates a workspace with {@code owner} as its owner; false when the id is taken. */
    boolean create(Workspace workspace, String owner);

    Optional<Workspace> find(String id);

    /** Renames; false when there is no such workspace. */
    boolean rename(String id, String name);

    /** The workspaces {@code username} is a member of, by id. */
    List<Membership> workspacesOf(String username);

    /** The role of {@code username} in the workspace; empty when not a member (or no such workspace). */
    Optional<WorkspaceRole> role(String workspaceId, String username);

    /** The members by user name. */
    List<WorkspaceMember> members(String workspaceId);

    /** Adds a member, or changes the role of one (refused when that demotes the last owner). */
    Outcome putMember(String workspaceId, String username, WorkspaceRole role);

    /** Removes a member; refused for the last owner. */
    Outcome removeMember(String workspaceId, String username);

    /** Makes {@code username} owner when the workspace has no owner at all (first start); true if it did. */
    boolean adoptOwnerless(String workspaceId, String username);

    void createInvite(WorkspaceInvite invite);

    /** Invitations not accepted yet (expired ones included), newest first. */
    List<WorkspaceInvite> invites(String workspaceId);

    Optional<WorkspaceInvite> findInviteByTokenHash(String tokenHash);

    /** Withdraws an invitation that was not accepted; false when there is none. */
    boolean deleteInvite(String workspaceId, String inviteId);

    /**
     * Marks the invitation accepted by {@code username} and makes them a member with its role (an
     * existing member keeps the higher of the two roles), in one transaction.
     *
     * @return false when it was accepted already or has expired at {@code now}
     */
    boolean acceptInvite(String inviteId, String username, java.time.Instant now);

    /** Puts a resource into a workspace (a resource created there, or one that was deleted and re-created). */
    void assign(ResourceKind kind, String resourceId, String workspaceId);

    /** The workspace the resource belongs to; {@link Workspace#DEFAULT_ID} when it was never assigned. */
    String workspaceOf(ResourceKind kind, String resourceId);

    /** Every assigned resource of this kind: its id to its workspace's id. */
    Map<String, String> assignments(ResourceKind kind);
}
