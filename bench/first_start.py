"""The first epoch after start (part `firststart`): what a trainer gets from a service it has just started,
with nothing warmed up. Each round starts a fresh service process (a fresh storage folder, the JVM flags
--firststart-jvm, by default --jvm's, on BENCH_JAVA), times it from the process's start to its first health
200 (UP), registers the photos as a dataset it has never seen (timed on its own, not part of the epoch),
makes a uint8 generator (224x224, batch 64, as the uint8 part's) and reads epoch 0 (cold: every image
decoded) with the Python reader (npy stream), then stops the service. There is no warm-up: the JIT compiles
while the epoch runs, which is the point. The JPEG files themselves are in the OS page cache (the other parts
read them), as they would be on a machine that has just restarted the service.

FirstStartSection is the report's section and target lines, mixed into report.Report.
"""
import os
import time

import common
from common import OUT, log
from reader import Reader
from tables import fmt, median

PART = "firststart"


def run(bench):
    """The part's rounds (bench.a.runs), rows recorded through bench (a bench.Bench)."""
    a = bench.a
    flags = a.firststart_jvm
    info = bench.extras.setdefault(PART, {"jvm_flags": flags, "java_bin": common.JAVA,
                                         "java": common.java_version(), "service_log": [0, [], 0]})
    for k in range(1, a.runs + 1):
        one_round(bench, k, flags, info)


def one_round(bench, rnd, flags, info):
    a = bench.a
    svc = common.Service(os.path.join(OUT, "run", "storage-firststart"), bench.photos, a.port, flags)
    bench.commands.setdefault("service (firststart)", " ".join(svc.cmd))
    try:
        before_start = bench.load.snapshot()
        svc.start(poll=0.05)  # up_seconds to 50 ms
        bench.load.service_pid = svc.pid  # from here on its CPU (since its start) is ours, not "other load"
        start_load = bench.load.between(before_start, bench.load.snapshot())
        up_cpu, up_jit = svc.cpu_seconds(), common.compiler_cpu(svc.pid)
        ready = svc.metric("application.ready.time").get("VALUE")  # Spring's own count, from the JVM's start
        name = "firststart-r%d" % rnd
        t0 = time.perf_counter()
        svc.register(name, bench.photos, *bench.lists)
        reg = time.perf_counter() - t0
        reg_cpu = svc.cpu_seconds() - up_cpu
        gen = svc.generator(name, "uint8", 800 + rnd)
        reader = Reader(svc.url, "npy")
        try:
            res, extra, load, _ = bench.datagen_epoch(svc, reader, gen["id"], 0, gen["batchesPerEpoch"], ("uint8", 255))
        finally:
            reader.close()
        extra.update({"register_seconds": reg, "register_cpu_seconds": reg_cpu, "up_seconds": svc.up_seconds,
                      "up_cpu_seconds": up_cpu, "up_jit_seconds": up_jit, "ready_seconds": ready,
                      "start_others": start_load["others"], "jvm_flags": svc.jvm_flags})
        bench.record(PART, "cold", rnd, res, extra, load)
        log("%s round %d: health UP %.2f s after the process started (%.1f s of CPU), registration %.2f s" % (
            PART, rnd, svc.up_seconds, up_cpu, reg))
    finally:
        count, first, startup = svc.log_problems()
        total = info["service_log"]
        info["service_log"] = [total[0] + count, total[1] + first[:5 - len(total[1])], total[2] + startup]
        svc.stop()
        bench.load.service_pid = None


class FirstStartSection:
    """The report's section on the part (uses report.Report's med, n, cache_check, log_note)."""

    def first_start_rows(self):
        return [r for r in self.b.rows if r["part"] == PART]

    def first_start_table(self, w):
        rows = self.first_start_rows()
        if not rows:
            return
        x = self.b.extras.get(PART, {})
        flags = x.get("jvm_flags") or rows[0].get("jvm_flags") or []
        java = "%s (`%s`)" % (x.get("java", "?"), x.get("java_bin", "java"))
        w("## The first epoch after start (`firststart`)\n")
        w("Each round: a fresh service process (its own fresh storage folder), no warm-up; \"start -> UP\" is from "
          "the process's start to its first `/actuator/health` 200 (polled every 50 ms; Spring's own "
          "`application.ready.time`, counted from the JVM's start, next to it); then the %d photos are registered "
          "as a dataset it has never seen (timed on its own: every image decoded once to check it), a uint8 "
          "generator (224x224, batch 64) is made and epoch 0 (cold: every image decoded) is read by the Python "
          "reader (npy stream, as the client reads). The service is stopped after each round. The JPEG files are in "
          "the OS page cache (read by the other parts), as on a machine that has just restarted the service.\n"
          % self.b.a.images)
        w("| round | java, JVM flags | start -> UP (s) | Spring ready (s) | service CPU to UP (s) | registration s (img/s) "
          "| first epoch img/s | MB/s | service CPU (cores; JIT) | service + reader CPU ms/img | other load (start; epoch) |")
        w("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for r in rows:
            w("| %d | %s, `%s` | %.2f | %s | %.1f | %.2f (%.0f) | %.0f | %.0f | %.2f; %.2f | %.2f + %.2f | %.0f%%; %.0f%% |" % (
                r["round"], java, " ".join(r.get("jvm_flags", flags)) or "(none)", r["up_seconds"],
                fmt(r.get("ready_seconds"), 2), r["up_cpu_seconds"], r["register_seconds"],
                r["images"] / r["register_seconds"], r["rate"], r["mbps"], r["service_cores"], r["jit_cores"],
                r["service_cpu_ms"], r["reader_cpu_ms"], 100 * r.get("start_others", 0), 100 * r.get("others", 0)))
        if len(rows) > 1:
            m = lambda key: median([r.get(key) for r in rows])  # noqa: E731
            w("| median | | %.2f | %s | %.1f | %.2f (%.0f) | %.0f | %.0f | %.2f; %.2f | %.2f + %.2f | |" % (
                m("up_seconds"), fmt(m("ready_seconds"), 2), m("up_cpu_seconds"), m("register_seconds"),
                self.b.a.images / m("register_seconds"), m("rate"),
                m("mbps"), m("service_cores"), m("jit_cores"), m("service_cpu_ms"), m("reader_cpu_ms")))
        w("")
        decode, decode_warm = self.med(PART, "cold", "decode_ms"), self.med("datagen-uint8", "cold", "decode_ms")
        if decode:
            w("Decode + resize inside the service during the first epoch: median %.2f ms per image, wall time%s.\n" % (
                decode, " (the warmed-up service's cold uint8 epochs: %.2f ms)" % decode_warm if decode_warm else ""))
        warm = self.med("datagen-uint8", "cold")
        if warm:
            w("The first epoch after start is %.2fx the warmed-up service's cold uint8 epoch (the same photos, reader "
              "and generator settings; not a target).\n" % (self.med(PART, "cold") / warm))
        self.cache_check(w, (PART,), self.b.a.images)
        self.log_note(w, x)

    def first_start_targets(self):
        """Target lines: (ratio, value or None, goal or None, note)."""
        first = self.med(PART, "cold")
        if first is None:
            return []
        t = []
        limit, _ = self.limit()
        if limit:
            t.append(("first epoch after start (fresh JVM, dataset never seen, no warm-up; uint8) / 2-core limit",
                      first / limit, 0.75))
        else:
            t.append(("first epoch after start (fresh JVM, dataset never seen, no warm-up; uint8) / 2-core limit",
                      None, 0.75, "the `opencv` part did not run in this invocation, so there is no 2-core "
                                  "limit measured in the same minutes (run `--only opencv,firststart`)"))
        torch = self.med("pytorch", "epoch")
        if torch:
            t.append(("first epoch after start / PyTorch DataLoader", first / torch, None))
        return t
