package io.switchboard.admin.external;

/** A person as a provider knows them: a stable id and, when given, a name to show. */
public record ExternalIdentity(String subject, String displayName) {
    public ExternalIdentity {
        if (subject == null || subject.isBlank() || subject.length() > 200) {
            throw new IdentityProviderException("the provider returned no usable subject");
        }
        displayName = displayName == null || displayName.isBlank()
                ? null
                : displayName.length() > 200 ? displayName.substring(0, 200) : displayName;
    }
}
