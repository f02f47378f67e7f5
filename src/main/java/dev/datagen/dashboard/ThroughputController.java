package dev.datagen.dashboard;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.datagen.metrics.DatagenMetrics;
import io.swagger.v3.oas.annotations.Hidden;

/** The small JSON the dashboard pages poll every few seconds. */
@Hidden
@RestController
class ThroughputController {

    private final DatagenMetrics metrics;

    ThroughputController(DatagenMetrics metrics) {
        this.metrics = metrics;
    }

    @GetMapping("/dashboard/api/throughput")
    ResponseEntity<ThroughputResponse> throughput(@RequestParam(required = false) String dataset) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(ThroughputResponse.of(metrics, dataset));
    }
}
