"""Where the service's CPU goes during epochs, the kernel included. Started by bench/cpu-profile.sh (see
bench/README.md, "Profiling").

JFR (profile.sh) samples Java frames only: a warm epoch spends most of its time in the kernel (the socket
write and its loopback TCP processing, page-cache reads, page clearing), which JFR shows as one native
frame, and threads outside Java (GC, JIT) not at all. async-profiler (tools.profiler:async-profiler, from
Maven Central; cpu-profile.sh fetches it) samples every thread of the JVM with Java, native and kernel
frames (`event=cpu`: perf events; `itimer` where the kernel refuses them).

Starts the service, warms it up (bench's warm-up rounds), attaches the profiler with `jcmd JVMTI.agent_load`
and runs one more warm-up round whose samples are discarded (the JIT compiles again after the attach), registers the
photos, makes a generator, and for a warm profile reads epoch 0 once (filling the decoded-sample cache).
Then it starts the profiler, reads --epochs epochs (a warm profile skips an epoch number between them, as the
benchmark does, so each is one the prefetcher had not started; a cold one reads epoch 0 of a fresh
registration once), stops it and prints: the rate, the service's CPU per image, per thread group its
share of the samples and of them in the kernel, the top frames by self time, and the request threads'
time split by step. The samples stay in bench/out/cpu-profile-<cold|warm>-<dtype>-<format>.collapsed
(one stack per line, for flame-graph tools).
"""
import argparse
import collections
import os
import re
import subprocess

import common
from common import OUT, log
from reader import Reader

REQUEST_THREADS = "http-nio-exec (request threads)"

# Steps of a request thread, by a frame each sample holds (first match wins): what serving a batch costs
# beyond the bytes themselves.
REQUEST_STEPS = (
    ("socket write (kernel: copy into the socket, loopback TCP)", "sun/nio/ch/SocketDispatcher.write"),
    ("a blocked write waiting for the poller (parking, waking)", "org/apache/tomcat/util/net/NioEndpoint$NioSocketWrapper.doWrite"),
    ("copy into Tomcat's socket buffer", "org/apache/tomcat/util/net/SocketWrapperBase.transfer"),
    ("payload writer, rest (headers, CRC, counting)", "dev/datagen/payload/BatchWriter.write"),
    ("the batch: registry lookups, prefetch hand-off", "dev/datagen/generator/BatchService.batch"),
    ("the batch request filter, rest", "dev/datagen/generator/BatchRequestFilter.doFilter"),
    ("Spring MVC, security filters (requests the filter passes on)", "org/springframework/web/servlet/DispatcherServlet"),
    ("the request's observation (http.server.requests)", "org/springframework/web/filter/ServerHttpObservationFilter"),
    ("Tomcat: reading the request, valves, the rest", ""),
)


def group(thread, frames):
    """A thread group's name (common.thread_group), Tomcat's request threads as one whatever the address they
    serve. A thread the JVM started after the profiler (a JIT compiler thread, a GC worker) has no name in the
    samples: it is named by what it runs."""
    name = re.sub(r"^\[|\s*tid=\d+\]$", "", thread)
    if name.startswith("http-nio") and "-exec-" in name:
        return REQUEST_THREADS
    if not name:
        stack = ";".join(frames[:8])
        return "JIT compiler (unnamed)" if "CompileBroker" in stack else "GC (unnamed)" if "GC" in stack or "G1" in stack \
            else "unnamed native thread"
    return common.thread_group(name)


def load(path):
    """[(group, frames, count)] from a collapsed file (thread as the first frame: the `threads` option)."""
    out = []
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            frames = stack.split(";")
            out.append((group(frames[0], frames[1:]), frames[1:], int(count)))
    return out


def analyse(samples, top):
    total = sum(c for _, _, c in samples) or 1
    by_group, kernel, self_frames = collections.Counter(), collections.Counter(), collections.defaultdict(collections.Counter)
    steps = collections.Counter()
    for g, frames, c in samples:
        by_group[g] += c
        if frames and frames[-1].endswith("_[k]"):
            kernel[g] += c
        if frames:
            self_frames[g][frames[-1]] += c
        if g == REQUEST_THREADS:
            for label, marker in REQUEST_STEPS:
                if not marker or any(marker in f for f in frames):
                    steps[label] += c
                    break
    lines = ["%d samples; by thread group (share of all samples, and of its own samples in the kernel):" % total]
    for g, c in by_group.most_common(10):
        lines.append("  %5.1f%%  %-34s kernel %3.0f%%" % (100 * c / total, g, 100 * kernel[g] / c))
    if by_group[REQUEST_THREADS]:
        lines.append("request threads by step (share of all samples):")
        for label, _ in REQUEST_STEPS:
            lines.append("  %5.1f%%  %s" % (100 * steps[label] / total, label))
    for g, _ in by_group.most_common(4):
        lines.append("%s: top frames by self time (share of all samples; [k] = kernel)" % g)
        for frame, c in self_frames[g].most_common(top):
            lines.append("  %5.1f%%  %s" % (100 * c / total, frame[:140]))
    return "\n".join(lines)


def agent(pid, lib, command):
    """Runs one async-profiler command in the service (the option string quoted: jcmd splits on '=')."""
    r = subprocess.run(["jcmd", str(pid), "JVMTI.agent_load", lib, '"%s"' % command],
                       capture_output=True, text=True, timeout=60)
    return r.returncode == 0 and "return code: 0" in r.stdout, (r.stdout + r.stderr).strip()


def start(pid, lib, interval, event=None):
    """Starts sampling CPU time with perf events (or itimer, where the kernel refuses them); the event used."""
    for e in ([event] if event else ["cpu", "itimer"]):
        ok, said = agent(pid, lib, "start,event=%s,interval=%s,threads" % (e, interval))
        if ok:
            return e
        log("async-profiler: event %s refused (%s)" % (e, said.splitlines()[-1] if said else "no answer"))
    raise RuntimeError("async-profiler did not start")


def stop(pid, lib, path):
    ok, said = agent(pid, lib, "stop,file=%s,collapsed" % path)
    if not ok:
        raise RuntimeError("async-profiler did not stop: " + said)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lib", required=True, help="libasyncProfiler.so")
    common.profile_options(ap, top=12)
    ap.add_argument("--format", default="npy", choices=["npy", "npz"])
    ap.add_argument("--cold", action="store_true", help="profile the first (cold) epoch instead of warm ones")
    ap.add_argument("--epochs", type=int, default=3, help="warm epochs profiled")
    ap.add_argument("--interval", default="1ms", help="sampling interval of CPU time")
    ap.add_argument("--recipe", action="store_true", help="the ImageNet training recipe's generator (float32, "
                    "random-resized crop, flip, normalize), as the benchmark's recipe part")
    a = ap.parse_args()
    if a.recipe:
        a.dtype = "float32"
    settings, recipes = (common.RECIPE, [common.RECIPE]) if a.recipe else (None, [])

    photos, lists, svc = common.profiled_service(a, "storage-cpu-profile")
    phase = "cold" if a.cold else "warm"
    out = os.path.join(OUT, "cpu-profile-%s-%s-%s.collapsed" % (phase, "recipe" if a.recipe else a.dtype, a.format))
    try:
        common.warm_up(svc, photos, a.images, (a.dtype,), recipes=recipes)
        # Attaching the agent makes the JIT compile again for a while, Java code running slower meanwhile
        # (measured: a tenth of the samples were the compilers'); a round whose samples are discarded absorbs that.
        event = start(svc.pid, a.lib, a.interval)
        common.warm_up(svc, photos, a.images, (a.dtype,), most=1, recipes=recipes)
        stop(svc.pid, a.lib, os.devnull)
        svc.register("profiled", photos, *lists)
        gen = svc.generator("profiled", a.dtype, 42, settings=settings)
        reader = Reader(svc.url, a.format)
        epochs = [0] if a.cold else [2 + 2 * k for k in range(a.epochs)]
        if not a.cold:
            reader.epoch(gen["id"], 0, gen["batchesPerEpoch"])
        common.quiesce(svc.pid)
        start(svc.pid, a.lib, a.interval, event)
        before = svc.counters()
        cpu0, seconds, images = svc.cpu_seconds(), 0.0, 0
        for e in epochs:
            res = reader.epoch(gen["id"], e, gen["batchesPerEpoch"])
            images, seconds = images + res["images"], seconds + res["seconds"]
            common.quiesce(svc.pid)  # what it prefetched is part of the epoch's cost; the next starts afresh
        cpu = svc.cpu_seconds() - cpu0
        stop(svc.pid, a.lib, out)
        after = svc.counters()
        reader.close()
    finally:
        svc.stop()

    print("=" * 100)
    print("%s %s epochs read as %s: %d images at %.0f img/s (profiled); service CPU %.3f ms "
          "per image; cache %d hits, %d misses; sampled by %s every %s" % (
              phase, "recipe" if a.recipe else a.dtype, a.format, images, images / seconds, 1000 * cpu / images,
              after["hits"] - before["hits"], after["misses"] - before["misses"], event, a.interval))
    print(analyse(load(out), a.top))
    print("=" * 100)
    print("samples: %s (collapsed stacks, thread first)" % out)


if __name__ == "__main__":
    main()
