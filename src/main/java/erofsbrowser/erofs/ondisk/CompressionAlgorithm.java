package erofsbrowser.erofs.ondisk;

/** The compression algorithms of the format, by their on-disk id. */
public enum CompressionAlgorithm {
    LZ4(0, "lz4"),
    LZMA(1, "lzma"),
    DEFLATE(2, "deflate"),
    ZSTD(3, "zstd");

    private final int id;
    private final String formatName;

    CompressionAlgorithm(int id, String formatName) {
        this.id = id;
        this.formatName = formatName;
    }

    public int id() {
        return id;
    }

    public String formatName() {
        return formatName;
    }

    private static final CompressionAlgorithm[] BY_ID = values();

    /** The algorithm with on-disk id {@code id}, or null when the id is unknown. */
    public static CompressionAlgorithm byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
