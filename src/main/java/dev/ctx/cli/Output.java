package dev.ctx.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The one place output is written. Text goes to stdout; with --json, stdout gets exactly one versioned
 * document {@code {"schema_version":1,"command":...,"data":...}}. Errors go to stderr as one line, or as
 * {@code {"schema_version":1,"error":{...}}} in JSON mode.
 */
public final class Output {
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule().addSerializer(Enum.class, new LowerCaseEnum()));

    /** Enums appear in JSON as lower-case words ("memory", "error"), the same words the CLI accepts. */
    @SuppressWarnings("rawtypes")
    private static final class LowerCaseEnum extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Enum> {
        private static final long serialVersionUID = 1L;

        LowerCaseEnum() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, com.fasterxml.jackson.core.JsonGenerator gen, com.fasterxml.jackson.databind.SerializerProvider p)
                throws java.io.IOException {
            gen.writeString(value.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final Env env;
    private final GlobalOptions global;

    public Output(Env env, GlobalOptions global) {
        this.env = env;
        this.global = global;
    }

    public boolean json() {
        return global.json();
    }

    /** Standard output; in text mode with control characters neutralised ({@link TerminalSafe}). */
    public PrintStream out() {
        if (global.json()) {
            return env.out();
        }
        if (safeOut == null) {
            safeOut = new PrintStream(new TerminalSafe(env.out()), true, java.nio.charset.StandardCharsets.UTF_8);
        }
        return safeOut;
    }

    private PrintStream safeOut;

    /** Writes the result: {@code data} as JSON in JSON mode, else whatever {@code text} prints. */
    public void result(String command, Object data, Consumer<PrintStream> text) {
        if (global.json()) {
            ObjectNode root = JSON.createObjectNode();
            root.put("schema_version", SCHEMA_VERSION);
            root.put("command", command);
            root.set("data", JSON.valueToTree(data));
            env.out().println(write(root));
        } else {
            text.accept(out());
            out().flush();
        }
        env.out().flush();
    }

    /** A diagnostic for people; silent in JSON mode unless it is a warning worth a JSON consumer's stderr. */
    public void note(String message) {
        env.err().println("ctx: " + dev.ctx.app.Ctx.printable(message));
    }

    public void error(String kind, String message, ExitCode code) {
        if (global.json()) {
            ObjectNode root = JSON.createObjectNode();
            root.put("schema_version", SCHEMA_VERSION);
            ObjectNode err = root.putObject("error");
            err.put("kind", kind);
            err.put("exit", code.code());
            err.put("message", message);
            env.err().println(write(root));
        } else {
            env.err().println("ctx: " + dev.ctx.app.Ctx.printable(message));
        }
        env.err().flush();
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
