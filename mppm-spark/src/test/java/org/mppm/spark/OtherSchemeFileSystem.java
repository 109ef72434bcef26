package org.mppm.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** Test helper: the local file system under the scheme {@code mppmtest://}, standing in for a remote Hadoop file system. */
public final class OtherSchemeFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "mppmtest";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
