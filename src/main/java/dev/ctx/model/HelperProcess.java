package dev.ctx.model;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to start one helper process of ctx: the java binary, JVM flags, class path, main class and the
 * command's arguments. The adapter that opens the library gives it (the CLI names its own main class and
 * commands), so the code that starts detached helpers never names an adapter. Arguments may hold
 * {@code {name}} placeholders for values only the library knows (a cache folder), filled in by {@link #bind}.
 */
public record HelperProcess(Path java, List<String> jvmFlags, List<String> classPath, String mainClass, List<String> args) {
    public HelperProcess {
        if (java == null || mainClass == null || mainClass.isBlank()) {
            throw new IllegalArgumentException("a helper process needs a java binary and a main class");
        }
        jvmFlags = List.copyOf(jvmFlags);
        classPath = List.copyOf(classPath);
        args = List.copyOf(args);
    }

    /** The same process with {@code flags} before its own (the library's memory and GC settings for this helper). */
    public HelperProcess withJvmFlags(List<String> flags) {
        List<String> all = new ArrayList<>(flags);
        all.addAll(jvmFlags);
        return new HelperProcess(java, all, classPath, mainClass, args);
    }

    /** The same process with every {@code {name}} in its arguments replaced by {@code values.get(name)}. */
    public HelperProcess bind(Map<String, String> values) {
        List<String> bound = new ArrayList<>();
        for (String a : args) {
            String b = a;
            for (Map.Entry<String, String> e : values.entrySet()) {
                b = b.replace("{" + e.getKey() + "}", e.getValue());
            }
            bound.add(b);
        }
        return new HelperProcess(java, jvmFlags, classPath, mainClass, bound);
    }

    /** The command line: {@code java FLAGS -cp CLASSPATH MAIN ARGS}. */
    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * What goes before a command so that the process this JVM starts ends at once, leaving the command to init:
     * the JVM's exit waits up to 300 ms for every thread in native code, and the thread that reaps a child sits
     * in {@code waitpid} for as long as the child lives, so a server or hand-off started directly made the
     * command that started it 300 ms slower (measured: 720 against 330 ms). {@code setsid --fork} also gives it
     * a session of its own (closing the terminal does not take it down); without it, the shell's {@code &} only
     * detaches it.
     */
    public static List<String> leavingAtOnce() {
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            return List.of("/usr/bin/setsid", "--fork");
        }
        return List.of("/bin/sh", "-c", "\"$@\" &", "ctx-helper-start");
    }
}
