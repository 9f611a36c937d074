package dev.ctx;

import java.util.Map;

/**
 * A test client process: runs {@code ctx remember} COUNT times into notes/NAME through {@link Main#run}, exactly
 * as the ctx command does (through the server when it answers, else in process, starting a new server), and
 * prints "ack NAME I" for each write that reported success.
 *   ServerWriter REPO NAME COUNT
 */
public final class ServerWriter {
    private ServerWriter() {
    }

    public static void main(String[] args) {
        String repo = args[0];
        String name = args[1];
        int count = Integer.parseInt(args[2]);
        Map<String, String> env = System.getenv();
        for (int i = 0; i < count; i++) {
            int code = Main.run(new String[] {"--repo", repo, "remember", name + " fact " + i, "--in", "notes/" + name}, env);
            System.out.println((code == 0 ? "ack " : "fail" + code + " ") + name + " " + i);
            System.out.flush();
        }
        System.exit(0);
    }
}
