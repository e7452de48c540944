package grassroots.access;

import java.time.Duration;

/** Everything the state database holds, opened together: what a server or the users command needs. */
public final class AccessState implements AutoCloseable {
    private final StateDatabase db;
    public final Users users;
    public final Sessions sessions;
    public final Tokens tokens;
    public final Audit audit;
    public final SignInThrottle throttle;
    public final Submissions submissions;
    public final Publications publications;

    public AccessState(StateDatabase db, Duration idle, Duration absolute) {
        this.db = db;
        this.users = new Users(db.dataSource());
        this.sessions = new Sessions(db.dataSource(), idle, absolute);
        this.tokens = new Tokens(db.dataSource());
        this.audit = new Audit(db.dataSource());
        this.throttle = new SignInThrottle(db.dataSource());
        this.submissions = new Submissions(db.dataSource());
        this.publications = new Publications(db.dataSource());
    }

    public AccessState(StateDatabase db) {
        this(db, Sessions.IDLE, Sessions.ABSOLUTE);
    }

    public StateDatabase database() { return db; }

    @Override
    public void close() {
        db.close();
    }
}
