package splot.data;

/**
 * Told how a download advances, from the downloading thread: {@code url} is the file being fetched,
 * {@code bytesSoFar} how much has arrived, {@code totalBytes} its size (-1 when the server did not say). Called
 * once at 0 bytes, then after every block, and last with {@code bytesSoFar == totalBytes} on success.
 */
@FunctionalInterface
public interface DownloadProgress {
    void update(String url, long bytesSoFar, long totalBytes);

    /** Ignores all updates. */
    DownloadProgress NONE = (url, bytesSoFar, totalBytes) -> { };
}
