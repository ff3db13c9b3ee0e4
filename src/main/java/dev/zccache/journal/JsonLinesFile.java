package dev.zccache.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A file of JSON lines that is appended to and, beyond a size, rotated to {@code <name>.1}
 * (one older generation is kept). Not thread-safe: one writer thread owns it.
 */
final class JsonLinesFile implements AutoCloseable {

    private final Path file;
    private final long maxBytes;
    private FileChannel channel;
    private long size;

    JsonLinesFile(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    Path path() {
        return file;
    }

    Path rotated() {
        return rotated(file);
    }

    static Path rotated(Path file) {
        return file.resolveSibling(file.getFileName() + ".1");
    }

    void append(byte[] line) throws IOException {
        if (channel == null) {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            size = channel.size();
        }
        if (size > 0 && size + line.length > maxBytes) {
            channel.close();
            Files.move(file, rotated(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            size = 0;
        }
        ByteBuffer b = ByteBuffer.wrap(line);
        while (b.hasRemaining()) {
            size += channel.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /**
     * Up to {@code limit} lines, parsed, that satisfy {@code keep}, newest first, from {@code file}
     * and then its rotated generation; read backwards in blocks so the newest lines cost the
     * least. Lines that do not parse (a line cut by a crash) are skipped.
     */
    static <T> List<T> newest(Path file, int limit, Function<String, Optional<T>> parse, Predicate<T> keep)
            throws IOException {
        List<T> out = new ArrayList<>();
        for (Path p : List.of(file, rotated(file))) {
            if (out.size() >= limit) {
                break;
            }
            readBackwards(p, limit, parse, keep, out);
        }
        return out;
    }

    private static <T> void readBackwards(Path p, int limit, Function<String, Optional<T>> parse, Predicate<T> keep,
            List<T> out) throws IOException {
        RandomAccessFile f;
        try {
            f = new RandomAccessFile(p.toFile(), "r");
        } catch (java.io.FileNotFoundException e) {
            return;
        }
        try (f) {
            long pos = f.length();
            byte[] carry = new byte[0];
            byte[] block = new byte[64 * 1024];
            while (pos > 0 && out.size() < limit) {
                int n = (int) Math.min(block.length, pos);
                pos -= n;
                f.seek(pos);
                f.readFully(block, 0, n);
                byte[] buf = new byte[n + carry.length];
                System.arraycopy(block, 0, buf, 0, n);
                System.arraycopy(carry, 0, buf, n, carry.length);
                int end = buf.length;
                for (int i = buf.length - 1; i >= 0 && out.size() < limit; i--) {
                    if (buf[i] == '\n') {
                        take(buf, i + 1, end, parse, keep, out);
                        end = i;
                    }
                }
                carry = java.util.Arrays.copyOfRange(buf, 0, end);
            }
            if (pos == 0 && out.size() < limit) {
                take(carry, 0, carry.length, parse, keep, out);
            }
        } catch (NoSuchFileException gone) {
            // rotated away while reading
        }
    }

    private static <T> void take(byte[] buf, int from, int to, Function<String, Optional<T>> parse,
            Predicate<T> keep, List<T> out) {
        if (to > from) {
            Optional<T> value = parse.apply(new String(buf, from, to - from, StandardCharsets.UTF_8));
            if (value.isPresent() && keep.test(value.get())) {
                out.add(value.get());
            }
        }
    }
}
