package dev.datagen.storage;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an unusable storage directory or data root into Boot's short start-up failure report. */
final class LocationFailureAnalyzer extends AbstractFailureAnalyzer<LocationException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, LocationException cause) {
        return new FailureAnalysis(
                "DataGen cannot use " + cause.path() + " (" + cause.property() + "): " + cause.reason() + ".",
                "Point " + cause.property() + " at a folder the service can create and write, for example "
                        + "--" + cause.property() + "=/var/lib/datagen/" + (cause.property().endsWith("storage-dir")
                                ? "storage" : "data") + ", or fix the folder's permissions.",
                cause);
    }
}
