package io.switchboard.admin.access;

import dev.samstevens.totp.code.CodeGenerator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import dev.samstevens.totp.recovery.RecoveryCodeGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import dev.samstevens.totp.util.Utils;
import io.switchboard.runtime.access.SecondFactorStore;
import io.switchboard.runtime.access.TotpEnrolment;
import io.switchboard.runtime.security.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The optional second factor of the password login: TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps, one step
 * of clock drift either way) with codes from dev.samstevens.totp, enrolled by scanning an otpauth QR code
 * and confirmed with a first code; ten single-use recovery codes replace a lost phone. A time step is
 * accepted once (the store keeps the last one), so an observed code cannot be replayed.
 * Blocking (the store): call from a virtual thread.
 */
public final class TotpService {
    public static final String ISSUER = "Switchboard";
    public static final int DIGITS = 6;
    public static final int PERIOD_SECONDS = 30;
    public static final int RECOVERY_CODES = 10;

    private final SecondFactorStore store;
    private final Clock clock;
    private final CodeGenerator codes = new DefaultCodeGenerator(HashingAlgorithm.SHA1, DIGITS);

    /** What an admin scans to enrol: the secret, the otpauth URI and that URI as a PNG QR code data URI. */
    public record Enrolment(String secret, String otpauthUri, String qrCode) {}

    /** The outcome of a second-factor check. */
    public enum Check {
        /** No second factor is enabled: the password is enough. */
        NOT_ENABLED,
        ACCEPTED,
        /** Enabled, and no code was given. */
        MISSING,
        REFUSED
    }

    public TotpService(SecondFactorStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts (or restarts) an enrolment; the factor is enabled only by {@link #confirm}. */
    public Enrolment begin(String username) {
        String secret = new DefaultSecretGenerator(32).generate();
        store.begin(username, Secret.of(secret), clock.instant());
        QrData data = new QrData.Builder()
                .label(username)
                .secret(secret)
                .issuer(ISSUER)
                .algorithm(HashingAlgorithm.SHA1)
                .digits(DIGITS)
                .period(PERIOD_SECONDS)
                .build();
        ZxingPngQrGenerator png = new ZxingPngQrGenerator();
        try {
            return new Enrolment(
                    secret, data.getUri(), Utils.getDataUriForImage(png.generate(data), png.getImageMimeType()));
        } catch (QrGenerationException e) {
            throw new IllegalStateException("could not draw the enrolment QR code", e);
        }
    }

    /**
     * Enables a pending enrolment with a first code from the authenticator.
     *
     * @return the recovery codes, shown once (only their hashes are kept)
     * @throws IllegalStateException when nothing is pending
     * @throws IllegalArgumentException when the code is wrong
     */
    public List<String> confirm(String username, String code) {
        TotpEnrolment pending = store.totp(username)
                .filter(t -> !t.enabled())
                .orElseThrow(() -> new IllegalStateException("no TOTP enrolment is pending: start one first"));
        long step = matchingStep(pending.secret().reveal(), code, 0);
        if (step < 0) {
            throw new IllegalArgumentException("code is not the current code of the authenticator");
        }
        String[] recovery = new RecoveryCodeGenerator().generateCodes(RECOVERY_CODES);
        if (!store.enable(username, step, hashes(recovery))) {
            throw new IllegalStateException("the enrolment was confirmed or replaced meanwhile");
        }
        return List.of(recovery);
    }

    /** True when the admin has an enabled second factor. */
    public boolean enabled(String username) {
        return store.totp(username).filter(TotpEnrolment::enabled).isPresent();
    }

    /** Checks a TOTP code or a recovery code ({@code code} may be null); a code is accepted once. */
    public Check check(String username, String code) {
        TotpEnrolment totp = store.totp(username).filter(TotpEnrolment::enabled).orElse(null);
        if (totp == null) {
            return Check.NOT_ENABLED;
        }
        if (code == null || code.isBlank()) {
            return Check.MISSING;
        }
        String trimmed = code.strip();
        if (trimmed.matches("\\d{" + DIGITS + "}")) {
            long step = matchingStep(totp.secret().reveal(), trimmed, totp.lastStep());
            return step >= 0 && store.useStep(username, step) ? Check.ACCEPTED : Check.REFUSED;
        }
        return store.useRecoveryCode(username, hash(trimmed), clock.instant()) ? Check.ACCEPTED : Check.REFUSED;
    }

    /** True when an enrolment was started and not confirmed yet. */
    public boolean pending(String username) {
        return store.totp(username).filter(t -> !t.enabled()).isPresent();
    }

    /** New recovery codes replacing the old ones. */
    public List<String> regenerateRecoveryCodes(String username) {
        String[] recovery = new RecoveryCodeGenerator().generateCodes(RECOVERY_CODES);
        store.replaceRecoveryCodes(username, hashes(recovery));
        return List.of(recovery);
    }

    public int unusedRecoveryCodes(String username) {
        return store.unusedRecoveryCodes(username);
    }

    /** Turns the second factor off; false when there was none. */
    public boolean disable(String username) {
        return store.remove(username);
    }

    /** The code of the authenticator at {@code step} (for tests and fakes of an authenticator app). */
    public static String codeAt(String secret, long step) {
        try {
            return new DefaultCodeGenerator(HashingAlgorithm.SHA1, DIGITS).generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalArgumentException("not a base32 TOTP secret", e);
        }
    }

    /** The time step of {@code epochMillis}. */
    public static long stepAt(long epochMillis) {
        return Math.floorDiv(epochMillis, PERIOD_SECONDS * 1000L);
    }

    /** The step (now, one before or one after) whose code is {@code code} and that is after {@code after}; -1 if none. */
    private long matchingStep(String secret, String code, long after) {
        if (code == null || !code.strip().matches("\\d{" + DIGITS + "}")) {
            return -1;
        }
        byte[] given = code.strip().getBytes(StandardCharsets.US_ASCII);
        long now = stepAt(clock.millis());
        long found = -1;
        for (long step = now - 1; step <= now + 1; step++) {
            byte[] expected;
            try {
                expected = codes.generate(secret, step).getBytes(StandardCharsets.US_ASCII);
            } catch (CodeGenerationException e) {
                throw new IllegalStateException("the stored TOTP secret is not base32", e);
            }
            // Every candidate is compared in constant time, matched or not.
            if (MessageDigest.isEqual(expected, given) && step > after && found < 0) {
                found = step;
            }
        }
        return found;
    }

    private static List<String> hashes(String[] codes) {
        return Arrays.stream(codes).map(TotpService::hash).toList();
    }

    private static String hash(String recoveryCode) {
        String normalized =
                recoveryCode.strip().toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(("switchboard-recovery:" + normalized).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
