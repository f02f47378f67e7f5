"""Where a DataGen epoch spends its time. Started by bench/profile.sh (see bench/README.md).

Starts the service (with -XX:+DebugNonSafepoints so samples land on the right lines), warms it up,
starts a JFR recording (settings=profile: Java samples every 10 ms, native every 20 ms) and warms it up
again (starting JFR makes the JIT recompile for a while), registers the photo dataset, and reads one
epoch (cold by default: the decoded-sample cache empty) with the benchmark's Python reader while
`jcmd <pid> Thread.print` is taken every --dump-every seconds. Only the JFR events of that epoch are
analysed.
then prints: the service's CPU use against its cores, its own meters (decode time, cache, prefetch),
the top frames (self and inclusive) of the JFR samples per thread group, GC pauses, lock and park
waits, and what the thread dumps caught the image workers and request threads doing.
"""
import argparse
import collections
import datetime
import json
import os
import re
import subprocess
import threading
import time

import common
from common import OUT, RECIPE, log
from reader import Reader


def jcmd(pid, *args):
    return subprocess.run([common.jdk_tool("jcmd"), str(pid), *args], capture_output=True, text=True, timeout=120).stdout


IDLE_TOP = ("sun.nio.ch.EPoll.wait", "sun.nio.ch.Net.accept", "sun.nio.ch.Net.poll")
JDK = ("java.", "jdk.", "sun.")


def cls_name(f):
    return f["method"]["type"]["name"].replace("/", ".")


def frame_name(f):
    m = f["method"]
    cls = cls_name(f)
    return "%s.%s" % (cls.rsplit(".", 1)[-1] if cls.startswith(("java.", "jdk.", "sun.")) else cls, m["name"]) \
        + (":%d" % f["lineNumber"] if f.get("lineNumber", -1) > 0 else "")


def method_name(f):
    return "%s.%s" % (cls_name(f), f["method"]["name"])


def own_frame(frames):
    """The innermost frame of the service's own code, lambdas and generated classes skipped."""
    return next((f for f in frames if cls_name(f).startswith("dev.datagen") and "$$" not in cls_name(f)), None)


WINDOW = (0.0, float("inf"))  # wall-clock seconds: only events that start inside it are analysed


def events(path, types):
    p = subprocess.run([common.jdk_tool("jfr"), "print", "--json", "--stack-depth", "64", "--events", ",".join(types), path],
                       capture_output=True, text=True, check=True)
    out = []
    for e in json.loads(p.stdout)["recording"]["events"]:
        t = datetime.datetime.fromisoformat(e["values"]["startTime"]).timestamp()
        if WINDOW[0] <= t <= WINDOW[1]:
            out.append(e)
    return out


def duration_seconds(text):
    """JFR JSON durations look like 'PT0.012345S'."""
    m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", text or "")
    return (int(m.group(1) or 0) * 60 + float(m.group(2))) if m else 0.0


def top(counter, total, k, indent="    "):
    lines = []
    for name, n in counter.most_common(k):
        lines.append("%s%5.1f%%  %s" % (indent, 100.0 * n / max(1, total), name))
    return "\n".join(lines)


def analyse_jfr(path, k):
    out = []
    samples = events(path, ["jdk.ExecutionSample", "jdk.NativeMethodSample"])
    by_group = collections.defaultdict(list)
    idle = collections.Counter()
    for e in samples:
        v = e["values"]
        t = v.get("sampledThread") or {}
        frames = (v.get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        g = common.thread_group(t.get("javaName") or t.get("osName"))
        if method_name(frames[0]) in IDLE_TOP:
            idle[g] += 1  # a connector thread blocked in epoll/accept: waiting, not working
            continue
        by_group[g].append((e["type"], frames))
    out.append("JFR samples by thread group (Java = running Java code, native = inside a native method:\n"
               "OpenCV through JavaCPP, or a file/socket call). Left out as idle: %s" % (
                   ", ".join("%s %d" % kv for kv in idle.most_common()) or "none"))
    for g, ss in sorted(by_group.items(), key=lambda kv: -len(kv[1])):
        native = sum(1 for typ, _ in ss if typ == "jdk.NativeMethodSample")
        out.append("  %-28s %6d samples (%d Java, %d native)" % (g, len(ss), len(ss) - native, native))
    for g, ss in sorted(by_group.items(), key=lambda kv: -len(kv[1]))[:4]:
        self_c, incl_c, dg_c = collections.Counter(), collections.Counter(), collections.Counter()
        for typ, frames in ss:
            self_c[("[native] " if typ == "jdk.NativeMethodSample" else "") + frame_name(frames[0])] += 1
            seen = set()
            for f in frames:
                name = method_name(f)
                if name.startswith("dev.datagen") and "$$" not in name and name not in seen:
                    seen.add(name)
                    incl_c[name] += 1
            # the innermost frame of the service's own code: which of its steps the sample belongs to
            own = own_frame(frames)
            if own is not None:
                dg_c[frame_name(own)] += 1
        out.append("\n%s: top frames (self), %d samples" % (g, len(ss)))
        out.append(top(self_c, len(ss), k))
        out.append("%s: innermost DataGen frame (which step of the service)" % g)
        out.append(top(dg_c, len(ss), k))
        out.append("%s: DataGen methods, inclusive (share of samples with the method on the stack)" % g)
        out.append(top(incl_c, len(ss), k))

    gcs = events(path, ["jdk.GarbageCollection"])
    pause = sum(duration_seconds(e["values"].get("sumOfPauses")) for e in gcs)
    out.append("\nGC: %d collections, %.3f s of pauses in total" % (len(gcs), pause))

    waits = collections.Counter()
    wait_time = collections.Counter()
    idle_waits = 0
    for e in events(path, ["jdk.JavaMonitorEnter", "jdk.ThreadPark"]):
        v = e["values"]
        frames = (v.get("stackTrace") or {}).get("frames") or []
        names = [method_name(f) for f in frames]
        if own_frame(frames) is None and any(n.endswith(("ThreadPoolExecutor.getTask", "TaskQueue.take", "TaskQueue.poll"))
                                             for n in names):
            idle_waits += 1  # a pool thread waiting for work
            continue
        where = own_frame(frames) or next((f for f in frames if not cls_name(f).startswith(JDK)), None)
        key = "%s %s <- %s" % (e["type"].split(".")[-1], common.thread_group((v.get("eventThread") or {}).get("javaName")),
                               frame_name(where) if where else (frame_name(frames[0]) if frames else "?"))
        waits[key] += 1
        wait_time[key] += duration_seconds(v.get("duration"))
    out.append("Waits over 10 ms (JavaMonitorEnter, ThreadPark) by thread group and innermost DataGen (else non-JDK) "
               "frame; %d waits of idle pool threads left out:" % idle_waits)
    for key, t in wait_time.most_common(k):
        out.append("    %7.3f s in %4d waits  %s" % (t, waits[key], key))
    return "\n".join(out)


def analyse_dumps(dumps, k):
    """Per thread group: thread state and top two frames, counted over all dumps."""
    c = collections.defaultdict(collections.Counter)
    for d in dumps:
        for block in d.split("\n\n"):
            head = block.strip().splitlines()
            if not head or not head[0].startswith('"'):
                continue
            name = head[0].split('"')[1]
            g = common.thread_group(name)
            if not g.startswith(("datagen-", "http-nio")):
                continue
            state = next((l.split(":", 1)[1].strip() for l in head if "java.lang.Thread.State" in l), "?")
            frames = [l.strip()[3:] for l in head if l.strip().startswith("at ")][:2]
            c[g]["%s | %s" % (state.split(" ")[0], " <- ".join(frames))] += 1
    out = ["Thread dumps (%d): per thread group, state and top two frames" % len(dumps)]
    for g in sorted(c):
        total = sum(c[g].values())
        out.append("  %s (%d thread observations)" % (g, total))
        out.append(top(c[g], total, k, indent="      "))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.profile_options(ap, top=15)
    ap.add_argument("--warm", action="store_true", help="profile a warm epoch (after an unprofiled cold one)")
    ap.add_argument("--recipe", action="store_true", help="the ImageNet training recipe (bench.py's RECIPE; float32)")
    ap.add_argument("--dump-every", type=float, default=1.0, help="seconds between thread dumps")
    ap.add_argument("--dumps", type=int, default=8, help="most thread dumps")
    a = ap.parse_args()

    photos, lists, svc = common.profiled_service(a, "storage-profile",
                                                 ["-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"])
    jfr_path = os.path.join(OUT, "profile-%s-%s.jfr" % ("warm" if a.warm else "cold", a.dtype))
    try:
        # so that JIT compilation is not what the profile shows
        common.warm_up(svc, photos, a.images, (a.dtype,))
        # Starting JFR instruments its event classes, and the JIT recompiles for a while (measured: the
        # compilers at 0.6 of a core and the epoch 40% slower); a throwaway round absorbs that, and only
        # the events of the profiled epoch are analysed.
        jcmd(svc.pid, "JFR.start", "name=bench", "settings=profile", "filename=" + jfr_path)
        common.warm_up(svc, photos, a.images, (a.dtype,), most=2)
        r = Reader(svc.url)

        t0 = time.perf_counter()
        svc.register("profiled", photos, *lists)
        log("registered %d images in %.1f s" % (a.images, time.perf_counter() - t0))
        gen = svc.generator("profiled", "float32" if a.recipe else a.dtype, 42, settings=RECIPE if a.recipe else None)
        if a.warm:
            r.epoch(gen["id"], 0, gen["batchesPerEpoch"])
            common.quiesce(svc.pid)
        epoch = 1 if a.warm else 0

        dumps = []
        done = threading.Event()

        def dumper():
            while not done.wait(a.dump_every) and len(dumps) < a.dumps:
                dumps.append(jcmd(svc.pid, "Thread.print"))
        before = svc.counters()
        threads0 = common.thread_cpu(svc.pid)
        cpu0, own0 = svc.cpu_seconds(), os.times()
        th = threading.Thread(target=dumper, daemon=True)
        th.start()
        res = r.epoch(gen["id"], epoch, gen["batchesPerEpoch"])
        done.set()
        th.join()
        cpu1, own1 = svc.cpu_seconds(), os.times()
        threads1 = common.thread_cpu(svc.pid)
        jcmd(svc.pid, "JFR.stop", "name=bench")
        after = svc.counters()
        batch = svc.metric("datagen.batch")
        hits, misses = svc.metric("datagen.prefetch.hits").get("COUNT", 0), svc.metric("datagen.prefetch.misses").get("COUNT", 0)
        r.close()
    finally:
        svc.stop()

    global WINDOW
    WINDOW = (res["start"], res["end"])
    d = {k: after[k] - before[k] for k in after}
    cores = len(os.sched_getaffinity(0))
    print("=" * 100)
    print("%s %s epoch: %d images in %.2f s = %.0f img/s, %.1f MB/s" % (
        "warm" if a.warm else "cold", a.dtype, res["images"], res["seconds"], res["rate"], res["bytes"] / res["seconds"] / 1e6))
    print("service CPU: %.2f s = %.2f of %d cores; the Python reader (this process): %.2f s = %.2f cores" % (
        cpu1 - cpu0, (cpu1 - cpu0) / res["seconds"], cores,
        (own1.user + own1.system) - (own0.user + own0.system),
        ((own1.user + own1.system) - (own0.user + own0.system)) / res["seconds"]))
    print("service meters over the epoch: %d decodes, %.2f ms each on average (%.2f s of decoding = %.2f cores); "
          "cache %d hits, %d misses" % (d["decodes"], 1000 * d["decode_seconds"] / max(1, d["decodes"]),
                                         d["decode_seconds"], d["decode_seconds"] / res["seconds"], d["hits"], d["misses"]))
    if batch:
        print("batches assembled since start: %d, %.1f ms each on average; prefetch since start: %d hits, %d misses" % (
            batch.get("COUNT", 0), 1000 * batch.get("TOTAL_TIME", 0) / max(1, batch.get("COUNT", 1)), hits, misses))
    print("machine load average: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    print("service CPU by thread group over the epoch (from /proc/<pid>/task; JFR samples only Java threads,\n"
          "so GC and JIT threads show here only). Seconds user + system = cores:")
    by = collections.Counter()
    sys_by = collections.Counter()
    for key, (u1, s1) in threads1.items():
        u0, s0 = threads0.get(key, (0.0, 0.0))
        by[common.thread_group(key[1])] += (u1 - u0) + (s1 - s0)
        sys_by[common.thread_group(key[1])] += s1 - s0
    for g, t in by.most_common(12):
        if t > 0:
            print("    %-18s %6.2f s (%5.2f s system) = %.2f cores" % (g, t, sys_by[g], t / res["seconds"]))
    print("=" * 100)
    print(analyse_jfr(jfr_path, a.top))
    print("=" * 100)
    print(analyse_dumps(dumps, 6))
    print("=" * 100)
    print("JFR recording: %s (open with JDK Mission Control, or `jfr print --events jdk.ExecutionSample`)" % jfr_path)


if __name__ == "__main__":
    main()
