package grassroots.etl.worker;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ETL's progress as it prints it ("[3] 读取并校验 JC-1 / reading and checking JC-1 …"): each line is passed on to
 * the worker's own output, and each stage's start is handed to {@code onStage}, so the pages can say what a running
 * publication is doing without the ETL knowing about publications.
 */
final class StageLines extends OutputStream {
    private static final Pattern STAGE = Pattern.compile("^\\[\\d+] (.*?)( …)?$");

    private final PrintStream echo;
    private final Consumer<String> onStage;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private StageLines(PrintStream echo, Consumer<String> onStage) {
        this.echo = echo;
        this.onStage = onStage;
    }

    static PrintStream of(PrintStream echo, Consumer<String> onStage) {
        return new PrintStream(new StageLines(echo, onStage), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            echo.println(text);
            Matcher m = STAGE.matcher(text);
            if (m.matches()) onStage.accept(m.group(1));
        } else {
            line.write(b);
        }
    }

    @Override
    public void flush() {
        echo.flush();
    }
}
