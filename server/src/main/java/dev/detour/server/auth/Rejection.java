package dev.detour.server.auth;

import java.io.Serial;

/**
 * Why a request was not authenticated. The client gets a fixed description per {@link Reason} — never
 * the validating library's message, which can carry claim values or class names. No stack trace: a
 * rejection is an expected outcome, not a bug.
 */
public final class Rejection extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The reasons, with what the client is told. */
    public enum Reason {
        MISSING("no bearer token was sent"),
        MALFORMED("the Authorization header is not a bearer token"),
        INVALID("the token is invalid"),
        EXPIRED("the token has expired"),
        NOT_YET_VALID("the token is not valid yet"),
        WRONG_AUDIENCE("the token was not issued for this resource"),
        WRONG_ISSUER("the token was not issued by an accepted issuer"),
        UNKNOWN_KEY("the token is signed with an unknown key"),
        INSUFFICIENT_SCOPE("the token lacks a required scope");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** The client-facing text ({@code error_description}); fixed, free of token content. */
        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public Rejection(Reason reason) {
        super(reason.description(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
