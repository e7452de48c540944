package grassroots.dashboard.access;

import grassroots.access.Authority;
import io.javalin.security.RouteRole;

/** What a route needs, declared beside it in Server: nothing, a signed-in user, or one authority. */
public enum Need implements RouteRole {
    PUBLIC(null),
    SIGNED_IN(null),
    VIEW_AGGREGATES(Authority.VIEW_AGGREGATES),
    REPORTS(Authority.REPORTS),
    SQL(Authority.SQL),
    UNIT_ROWS(Authority.UNIT_ROWS),
    QUALITY(Authority.QUALITY),
    PUBLISH(Authority.PUBLISH),
    SUBMIT_RETURNS(Authority.SUBMIT_RETURNS),
    /** A copy of the user's own upload (its problems marked): not warehouse data, so no download authority is needed. */
    RETURNS_FILE(Authority.SUBMIT_RETURNS),
    MANAGE_USERS(Authority.MANAGE_USERS),
    AUDIT(Authority.AUDIT);

    private final Authority authority;

    Need(Authority authority) {
        this.authority = authority;
    }

    /** The authority it stands for; null for PUBLIC and SIGNED_IN. */
    public Authority authority() { return authority; }
}
