package grassroots.access;

import grassroots.warehouse.Text;

/** What a role may do, one thing each (DHIS2's "authorities"); routes name the authority they need. */
public enum Authority {
    /** Indicator pages and the aggregated answers: values, trends, rankings, targets, completeness, outliers … */
    VIEW_AGGREGATES(Text.of("查看汇总指标", "view aggregated indicators")),
    /** Five-year review reports. */
    REPORTS(Text.of("下载评估报告", "download review reports")),
    /** CSV and Excel downloads of tables. */
    DOWNLOAD(Text.of("下载数据表", "download tables")),
    /** The SQL workbench. */
    SQL(Text.of("使用SQL工作台", "use the SQL workbench")),
    /** Unit-level rows: jc1, jc2 and their history. */
    UNIT_ROWS(Text.of("查看单位级数据", "view unit-level rows")),
    /** Quality pages: quarantined rows with their raw record, warnings. */
    QUALITY(Text.of("查看数据质量记录(拒收行、警告)", "view quality records (quarantine, warnings)")),
    /** Publishing snapshots (a later issue), approving submissions. */
    PUBLISH(Text.of("审核与发布", "approve and publish")),
    /** Uploading and submitting one's own region's returns. */
    SUBMIT_RETURNS(Text.of("上报报表", "submit returns")),
    /** Users, roles, scopes, tokens of others. */
    MANAGE_USERS(Text.of("管理用户", "manage users")),
    /** The audit log. */
    AUDIT(Text.of("查看审计日志", "read the audit log"));

    private final Text label;

    Authority(Text label) {
        this.label = label;
    }

    public Text label() { return label; }
}
