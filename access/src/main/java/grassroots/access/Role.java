package grassroots.access;

import grassroots.warehouse.Text;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import static grassroots.access.Authority.*;

/** A user's one role: a named set of authorities (the table of issue #11, declared here once). */
public enum Role {
    ADMIN(Text.of("系统管理员", "administrator"), EnumSet.allOf(Authority.class)),
    MANAGER(Text.of("数据管理员", "data manager"),
            EnumSet.of(VIEW_AGGREGATES, REPORTS, DOWNLOAD, SQL, UNIT_ROWS, QUALITY, PUBLISH, SUBMIT_RETURNS)),
    RESEARCHER(Text.of("研究人员", "researcher"), EnumSet.of(VIEW_AGGREGATES, REPORTS, DOWNLOAD, SQL, UNIT_ROWS)),
    PLANNER(Text.of("规划人员", "planner"), EnumSet.of(VIEW_AGGREGATES, REPORTS, DOWNLOAD)),
    LEADER(Text.of("领导", "leader"), EnumSet.of(VIEW_AGGREGATES, REPORTS)),
    REPORTER(Text.of("填报人员", "reporter"), EnumSet.of(SUBMIT_RETURNS));

    private final Text label;
    private final Set<Authority> authorities;

    Role(Text label, Set<Authority> authorities) {
        this.label = label;
        this.authorities = authorities;
    }

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public Text label() { return label; }

    public Set<Authority> authorities() { return authorities; }

    public boolean may(Authority a) { return authorities.contains(a); }

    public static Role ofId(String id) {
        for (Role r : values()) if (r.id().equals(id == null ? "" : id.strip().toLowerCase(Locale.ROOT))) return r;
        throw new IllegalArgumentException("未知的角色 / unknown role: " + id + " (admin, manager, researcher, planner, leader, reporter)");
    }
}
