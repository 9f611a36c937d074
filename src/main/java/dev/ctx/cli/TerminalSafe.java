package dev.ctx.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Text output with control characters shown as {@code \xNN}: a file name, subject or body holding an ESC
 * sequence (committed by anyone) must not recolour, move or clear the terminal of whoever runs ctx. Line
 * feeds, tabs and carriage returns pass (CRLF files stay readable). Works on UTF-8 bytes: C0 and DEL are
 * single bytes, the C1 controls U+0080-U+009F are the two-byte sequences 0xC2 0x80-0x9F.
 */
final class TerminalSafe extends FilterOutputStream {
    private boolean pendingC2;

    TerminalSafe(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        b &= 0xff;
        if (pendingC2) {
            pendingC2 = false;
            if (b >= 0x80 && b <= 0x9f) {
                escape(b);
                return;
            }
            out.write(0xc2);
        }
        if (b == 0xc2) {
            pendingC2 = true;
        } else if ((b < 0x20 && b != '\n' && b != '\t' && b != '\r') || b == 0x7f) {
            escape(b);
        } else {
            out.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void escape(int b) throws IOException {
        out.write(String.format("\\x%02x", b).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public void flush() throws IOException {
        if (pendingC2) {
            pendingC2 = false;
            out.write(0xc2);
        }
        out.flush();
    }
}
